#!/usr/bin/env bash
# The ci:generated task: the files projen generates (package.json, .projen/, the workflows, tsconfig, ...) are what
# .projenrc.ts makes of them, as the GitHub build job's self-mutation check finds after `projen build`. Runs `npx projen`
# and fails when it changes a file git sees; the fix: edit .projenrc.ts, not a generated file, run `npx projen` and
# commit what it writes. `--no-post` skips the dependency install, so the check can run beside the tests (npm ci already
# failed if package-lock.json does not match package.json). Changes present before it runs (a working copy) do not count.
set -euo pipefail
cd "$(dirname "$0")/.."

state() { git status --porcelain --untracked-files=all && git diff; }
before="$(state)"
npx projen --no-post
after="$(state)"
if [[ "$before" != "$after" ]]; then
  echo "npx projen changed these files: they are generated from .projenrc.ts (edit it, run npx projen, commit both):" >&2
  diff <(echo "$before") <(echo "$after") >&2 || true
  exit 1
fi
echo "The generated files are up to date."
