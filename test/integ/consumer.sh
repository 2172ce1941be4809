#!/usr/bin/env bash
# Consumer test: the npm package as a user of the library gets it.
#
#   1. compile (jsii) and `npm pack` into a temporary directory; the tarball ships only what it is meant to
#   2. a fresh CDK app outside the repository installs the tarball, aws-cdk-lib and constructs (the versions the
#      repository develops with), TypeScript and @types/node, from the npm registry (or npm's cache)
#   3. a TypeScript app importing 'cdk-multi-az-ha-platform' type-checks (strict, the library's .d.ts included)
#      and synthesizes a customised platform into CDK_OUTDIR
#   4. the template holds what the app asked for, and the package's bin prints the report of it
#   5. the bin's --base diff works from the installed package, offline: the same template twice is "No infrastructure
#      change" (exit 0), and a replacing property change of the database trips --fail-on stateful-replacement (exit 1)
#
# Usage: [CONSUMER_AWS_CDK_LIB_VERSION=2.269.0] test/integ/consumer.sh [--no-compile] [--template-out FILE]
#   CONSUMER_AWS_CDK_LIB_VERSION  the consumer's aws-cdk-lib (default: the repository's, 2.276.0 today)
#   --no-compile         dist/ and .jsii are fresh (CI calls it right after `npx projen compile`)
#   --template-out FILE  copy the consumer's synthesized template to FILE (CI runs cfn-lint on it)
# Keeps its temporary directory when it fails (the path is printed), removes it when it passes.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
compile=1
template_out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-compile) compile=0 ;;
    --template-out) template_out="$(realpath -m "$2")"; shift ;;
    *) echo "usage: $0 [--no-compile] [--template-out FILE]" >&2; exit 2 ;;
  esac
  shift
done

work="$(mktemp -d "${TMPDIR:-/tmp}/cdk-consumer.XXXXXX")"
trap 'status=$?; if [[ $status -eq 0 ]]; then rm -rf "$work"; else echo "consumer test: FAILED (files kept in $work)" >&2; fi' EXIT
fail() { echo "consumer test: $*" >&2; exit 1; }
say() { printf -- '--- %s\n' "$*"; }

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"
export CDK_DISABLE_CLI_TELEMETRY=true

# ---------------------------------------------------------------------------------------------------------------
if [[ $compile -eq 1 ]]; then
  say "jsii compile"
  (cd "$repo" && npx projen compile)
fi

say "npm pack"
(cd "$repo" && npm pack --json --pack-destination "$work" > "$work/pack.json")
tarball="$work/$(node -p 'require(process.argv[1])[0].filename' "$work/pack.json")"
[[ -f "$tarball" ]] || fail "npm pack wrote no tarball"

# What ships: an allow-list of top-level entries, dist/ holds only compiled JavaScript and declarations, and the
# entry points (main, types, bin) and the jsii assembly are there.
node - "$work/pack.json" <<'EOF'
const [pack] = require(process.argv[2]);
const files = pack.files.map((f) => f.path);
// CHANGELOG.md is deliberate: the release notes and breaking changes, for whoever upgrades.
const allowed = new Set(['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'API.md', '.jsii', 'dist']);
// node_modules/ holds the bundled dependencies (package.json bundledDependencies: the report's diff engine) and
// theirs, nothing else: npm lists them in `bundled`.
const bundled = new Set(pack.bundled ?? []);
const problems = [];
let bundledBytes = 0;
for (const { path: file, size } of pack.files) {
  const top = file.split('/')[0];
  if (top === 'node_modules') {
    const parts = file.split('/');
    const name = parts[1].startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1];
    if (!bundled.has(name)) problems.push(`ships ${file}: ${name} is not a bundled dependency (${[...bundled].join(', ')})`);
    bundledBytes += size;
  } else if (!allowed.has(top)) problems.push(`ships ${file}: not in the allow-list (${[...allowed].join(', ')}, bundled node_modules)`);
  else if (top === 'dist' && !/\.(js|d\.ts)$/.test(file)) problems.push(`ships ${file}: dist/ should hold only .js and .d.ts`);
}
if (!bundled.has('@aws-cdk/cloudformation-diff')) problems.push('does not bundle @aws-cdk/cloudformation-diff (the report\'s --base diff needs it)');
for (const required of ['package.json', '.jsii', 'dist/index.js', 'dist/index.d.ts', 'dist/report/cli.js']) {
  if (!files.includes(required)) problems.push(`does not ship ${required}`);
}
if (problems.length) {
  console.error(`The package ${pack.filename}:\n  ${problems.join('\n  ')}\nFix the npm ignore list in .projenrc.ts (project.addPackageIgnore), then run npx projen.`);
  process.exit(1);
}
console.log(`${pack.filename}: ${files.length} files, ${(pack.size / 1024).toFixed(0)} KiB packed, ` +
  `${(pack.unpackedSize / 1024).toFixed(0)} KiB unpacked (${(bundledBytes / 1024).toFixed(0)} KiB of it ${bundled.size} bundled packages); ` +
  `top level: ${[...new Set(files.map((f) => f.split('/')[0]))].join(', ')}`);
EOF

# ---------------------------------------------------------------------------------------------------------------
# The consumer app, outside the repository: nothing resolves from the repository's node_modules.
app="$work/app"
mkdir -p "$app/src"
cd "$app"
installed() { node -p 'require(process.argv[1]).version' "$repo/node_modules/$1/package.json"; }
cdk_lib="${CONSUMER_AWS_CDK_LIB_VERSION:-$(installed aws-cdk-lib)}"
constructs="$(installed constructs)"
typescript="$(installed typescript)"
types_node="$(installed @types/node)"
case "$typescript" in 6.0.*) ;; *) fail "the repository's TypeScript is $typescript, expected ~6.0.3" ;; esac

cat > package.json <<'EOF'
{ "name": "platform-consumer", "version": "0.0.0", "private": true, "license": "UNLICENSED" }
EOF
say "npm install the tarball, aws-cdk-lib@$cdk_lib, constructs@$constructs, typescript@$typescript, @types/node@$types_node"
npm install --no-audit --no-fund --prefer-offline --save-exact --loglevel=error \
  "$tarball" "aws-cdk-lib@$cdk_lib" "constructs@$constructs" "typescript@$typescript" "@types/node@$types_node"
# No missing or invalid peer dependency, and the library is the tarball's copy, not a link to the repository.
npm ls --depth=0 > /dev/null || fail "npm ls reports a problem with the consumer's dependencies"
resolved="$(node -p 'require("fs").realpathSync(require.resolve("cdk-multi-az-ha-platform"))')"
[[ "$resolved" == "$app/node_modules/cdk-multi-az-ha-platform/dist/index.js" ]] \
  || fail "cdk-multi-az-ha-platform resolves to $resolved, not the installed tarball"

# Strict, like `cdk init app --language typescript`: skipLibCheck off, so the library's .d.ts are checked too.
cat > tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "node16",
    "moduleResolution": "node16",
    "lib": ["es2022"],
    "types": ["node"],
    "strict": true,
    "noImplicitReturns": true,
    "noUnusedLocals": true,
    "noUnusedParameters": true,
    "noFallthroughCasesInSwitch": true,
    "skipLibCheck": false,
    "noEmitOnError": true,
    "rootDir": "src",
    "outDir": "build"
  },
  "include": ["src/**/*.ts"]
}
EOF

cat > src/app.ts <<'EOF'
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import {
  AppTierOptions,
  DatabaseTopology,
  GrafanaAuthentication,
  MultiAzHaPlatform,
  MultiAzHaPlatformProps,
  PlatformErrors,
} from 'cdk-multi-az-ha-platform';

const app = new App(); // writes to CDK_OUTDIR
const stack = new Stack(app, 'ConsumerPlatform', { env: { account: '123456789012', region: 'eu-west-1' } });

const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  zoneName: 'example.com',
});

const props: MultiAzHaPlatformProps = {
  dns: { hostedZone, recordName: 'shop' },
  // Named zones, the serving two and the quorum zone: no zone is looked up to place the platform.
  network: { availabilityZones: ['eu-west-1a', 'eu-west-1b'], quorumAvailabilityZone: 'eu-west-1c' },
  appTier: { instancesPerZone: [2, 3], maxInstancesPerZone: [6, 6] },
  workers: { enabled: false },
  database: { topology: DatabaseTopology.AURORA },
  observability: { grafana: { authenticationProviders: [GrafanaAuthentication.AWS_SSO] } },
  resilience: { targets: { databaseFailure: Duration.seconds(45), zoneFailure: Duration.minutes(2) } },
};
const platform = new MultiAzHaPlatform(stack, 'Platform', props);

// The tiers are typed: what is off is undefined, what is on exposes its resources.
if (platform.workers !== undefined) throw new Error('workers are off, yet platform.workers is set');
if (platform.database?.cluster === undefined) throw new Error('Aurora, yet platform.database.cluster is undefined');
const groups: number = platform.appTier.autoScalingGroups.length;
if (groups !== 2) throw new Error(`expected 2 app server groups, got ${groups}`);

// The published types are real types, not `any`: each line below must be a type error.
// @ts-expect-error instancesPerZone is number[]
void ({ instancesPerZone: 'four' } satisfies AppTierOptions);
// @ts-expect-error dns is required
void ({} satisfies MultiAzHaPlatformProps);
// @ts-expect-error there is no such topology
void DatabaseTopology.POSTGRES;

// Bad input is a configuration error a consumer can tell from other errors, across the package boundary.
try {
  // autoSynth off: under CDK_OUTDIR an App synthesizes itself at exit, over the real app's cloud assembly.
  const other = new Stack(new App({ autoSynth: false }), 'Invalid');
  new MultiAzHaPlatform(other, 'Platform', { ...props, appTier: { instancesPerZone: [4, 0] } });
  throw new Error('instancesPerZone [4, 0] was accepted');
} catch (error) {
  if (!PlatformErrors.isConfigurationError(error)) throw error;
  if (PlatformErrors.propPathOf(error) !== 'appTier.instancesPerZone[1]') {
    throw new Error(`unexpected prop path: ${PlatformErrors.propPathOf(error)}`);
  }
}

// Synthesize, and report the warnings: Aurora and the 2-minute zone target meet every recovery target.
const assembly = app.synth();
const warnings = assembly.getStackByName(stack.stackName).messages.filter((m) => m.level === 'warning');
for (const w of warnings) console.log(`warning at ${w.id}: ${String(w.entry.data).split('\n')[0]}`);
const missed = warnings.filter((w) => /resilience\./.test(String(w.entry.data)) || /misses `resilience/.test(String(w.entry.data)));
if (missed.length > 0) throw new Error(`${missed.length} recovery target(s) reported as missed`);
console.log(`synthesized ${stack.templateFile} in ${assembly.directory}`);
EOF

say "tsc (strict; type errors fail before anything runs)"
npx tsc -p tsconfig.json
say "synthesize the consumer app"
export CDK_OUTDIR="$app/cdk.out"
node build/app.js 2>&1 | tee "$work/synth.log"
# aws-cdk-lib validates the template against the CloudFormation schema at synth: at the consumer's version, the
# platform gives it nothing to report (a false finding the library knows is acknowledged on its resource).
if grep -q 'Template validation found issues' "$work/synth.log"; then
  fail "aws-cdk-lib ${cdk_lib}'s template validation reported findings (above)"
fi
template="$CDK_OUTDIR/ConsumerPlatform.template.json"
[[ -f "$template" ]] || fail "no template at $template"

node - "$template" <<'EOF'
const template = require(process.argv[2]);
const resources = Object.entries(template.Resources);
const ofType = (type) => resources.filter(([, r]) => r.Type === type);
const problems = [];
const expect = (ok, message) => { if (!ok) problems.push(message); };

const clusters = ofType('AWS::RDS::DBCluster');
expect(clusters.length === 1, `expected 1 AWS::RDS::DBCluster, got ${clusters.length}`);
expect(ofType('AWS::RDS::DBInstance').every(([, r]) => r.Properties.DBClusterIdentifier),
  'a DB instance outside the Aurora cluster');

const groups = ofType('AWS::AutoScaling::AutoScalingGroup');
const appGroups = groups.filter(([id]) => /AppTier/.test(id));
const workerGroups = groups.filter(([id]) => /Workers/.test(id));
expect(groups.length === 2 && appGroups.length === 2, `expected exactly 2 app server groups, got ${groups.map(([id]) => id).join(', ')}`);
expect(workerGroups.length === 0, `expected no worker groups, got ${workerGroups.map(([id]) => id).join(', ')}`);
const sizes = appGroups.map(([, r]) => `${r.Properties.MinSize}/${r.Properties.MaxSize}`).sort();
expect(JSON.stringify(sizes) === JSON.stringify(['2/6', '3/6']), `app server groups min/max ${sizes.join(', ')}, expected 2/6, 3/6`);

const grafana = ofType('AWS::Grafana::Workspace');
expect(grafana.length === 1, `expected 1 AWS::Grafana::Workspace, got ${grafana.length}`);
expect(JSON.stringify(grafana[0]?.[1].Properties.AuthenticationProviders) === '["AWS_SSO"]', 'Grafana does not sign in with AWS_SSO');

const names = [...new Set(ofType('AWS::Route53::RecordSet').map(([, r]) => r.Properties.Name))];
expect(names.length === 1 && /^shop\.example\.com\.?$/.test(names[0]), `record names ${names.join(', ')}, expected shop.example.com`);

if (problems.length) { console.error(`The consumer's template:\n  ${problems.join('\n  ')}`); process.exit(1); }
console.log(`template: ${resources.length} resources; 1 Aurora cluster, app server groups ${sizes.join(' and ')} (min/max), no workers, Grafana, shop.example.com`);
EOF

say "the package's bin: cdk-multi-az-ha-platform-report"
[[ -x node_modules/.bin/cdk-multi-az-ha-platform-report ]] || fail "node_modules/.bin/cdk-multi-az-ha-platform-report is missing"
npx --no-install cdk-multi-az-ha-platform-report "$template" > report.md
for heading in "## 1. Inventory per zone" "## 2. Estimated monthly cost" "## 3. Recovery per failure scenario" "## 4. Zone-loss capacity"; do
  grep -qF "$heading" report.md || fail "the report lacks: $heading"
done
npx --no-install cdk-multi-az-ha-platform-report "$CDK_OUTDIR" --stack ConsumerPlatform --json \
  | node -e 'JSON.parse(require("fs").readFileSync(0, "utf-8"))' || fail "the report's --json output is not JSON"
echo "report: four sections (markdown), JSON model from the cdk.out directory"

# The pull-request diff: the bundled diff engine (@aws-cdk/cloudformation-diff and the resource specification it
# reads) is installed with the package and works offline (no network at all where unshare can make a namespace).
say "the package's bin: --base (the pull-request diff)"
report_bin="$app/node_modules/.bin/cdk-multi-az-ha-platform-report"
offline=()
if command -v unshare > /dev/null && unshare -rn true 2> /dev/null; then offline=(unshare -rn); fi
"${offline[@]}" "$report_bin" --base "$template" "$template" --fail-on stateful-replacement,recovery-target,zone-loss,cost-increase:0 \
  > diff-same.md || fail "the diff of a template with itself exited $?"
grep -qF "No infrastructure change" diff-same.md || fail "the diff of a template with itself does not say \"No infrastructure change\""
# A new DBClusterIdentifier replaces the Aurora cluster: only the resource specification knows that.
node -e '
  const [file, out] = process.argv.slice(1);
  const t = JSON.parse(require("fs").readFileSync(file, "utf8"));
  const id = Object.keys(t.Resources).find((k) => t.Resources[k].Type === "AWS::RDS::DBCluster");
  t.Resources[id].Properties.DBClusterIdentifier = "consumer-renamed-cluster";
  require("fs").writeFileSync(out, JSON.stringify(t));
' "$template" head-replaced.json
set +e
"${offline[@]}" "$report_bin" --base "$template" head-replaced.json --fail-on stateful-replacement > diff-replaced.md 2> diff-replaced.err
status=$?
set -e
[[ $status -eq 1 ]] || fail "a replaced database cluster: exit $status, expected 1 ($(head -c 300 diff-replaced.err))"
grep -q "stateful-replacement tripped" diff-replaced.err && grep -q "DBClusterIdentifier" diff-replaced.md \
  || fail "a replaced database cluster is not named with DBClusterIdentifier: $(head -c 300 diff-replaced.err)"
echo "diff: \"No infrastructure change\" for the same template; a new DBClusterIdentifier trips stateful-replacement (exit 1)${offline:+, offline}"

if [[ -n "$template_out" ]]; then
  mkdir -p "$(dirname "$template_out")"
  cp "$template" "$template_out"
fi
echo "consumer test: passed"
