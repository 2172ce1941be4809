import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, CfnResource, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { newTestApp } from './fixtures';

export interface Finding {
  readonly plugin: string;
  readonly rule: string;
  readonly paths: string[];
}

/** Runs `use` with a new temporary directory, removed afterwards. */
function withTempDir<T>(prefix: string, use: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    return use(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Synthesizes an app with its validation plugins and returns every finding they reported.
 * aws-cdk-lib throws when a plugin reports an error and writes the report either way.
 */
export function synthAndCollectFindings(makeApp: (outdir: string) => App): { findings: Finding[]; plugins: string[] } {
  return withTempDir('platform-validation-', (outdir) => {
    const app = makeApp(outdir);
    // aws-cdk-lib also prints the report (a warning block per synth) to stderr: the file is what is read, tests print no noise.
    const printError = console.error;
    console.error = () => undefined;
    try {
      app.synth();
    } catch (error) {
      if (!/Validation ?[Ff]ailed/.test(String(error))) {
        throw error;
      }
    } finally {
      console.error = printError;
    }
    const reportFile = path.join(outdir, 'validation-report.json');
    const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf-8')) : { pluginReports: [] };
    const findings: Finding[] = report.pluginReports.flatMap((plugin: any) => plugin.violations.map((v: any) => ({
      plugin: plugin.pluginName,
      rule: v.ruleName,
      paths: (v.violatingConstructs ?? v.violatingResources ?? []).map((c: any) => c.constructPath),
    })));
    return { findings, plugins: report.pluginReports.map((p: any) => p.pluginName) };
  });
}

/**
 * One check of a validation run over many apps in one synth: `build` fills a stage of its own, and the findings under
 * that stage are the check's. The stage has no name, so its stacks keep the names they have in an app of their own,
 * and so do the resource names built from them; what aws-cdk-lib derives from the whole construct path (VPC Name
 * tags, the IDs of security group rules, a few generated names) takes the stage's ID in.
 */
export interface StagedCheck {
  /** What the check covers, for the test's name. */
  readonly name: string;
  /** The ID of the check's stage: the first part of the construct path of everything the check builds. */
  readonly id: string;
  /** Fills the stage as the check's builder fills an app of its own. */
  readonly build: (stage: Stage) => void;
  /**
   * Only findings under this path of the stage count against the check (`TierStack/Drills`: the drills, not the
   * fixture they act on). By default, every finding in the stage does. The others are left out on purpose: they
   * belong to the fixture, which the tier's own check covers.
   */
  readonly under?: string;
}

/** The findings of a run over staged checks, each as `<rule> <construct path>`, once per path a finding names. */
export interface StagedFindings {
  /** The rules the canary drew, sorted, once each. */
  readonly canaryRules: string[];
  /** The findings that count against each check, by check ID: empty when the check passes. */
  readonly byCheck: Map<string, string[]>;
  /**
   * The findings under no check's stage and not under the canary (or naming no construct path): none is dropped but
   * those a check's `under` leaves out.
   */
  readonly unattributed: string[];
}

/**
 * Synthesizes one app holding every check, each in its stage, and what `finish` adds (the canary stack, `Canary`,
 * and the plugins); sorts the findings by check.
 */
function stagedFindings(checks: StagedCheck[], finish: (app: App) => void): StagedFindings {
  const ids = checks.map((check) => check.id);
  if (new Set(ids).size !== ids.length || ids.includes('Canary')) {
    throw new Error(`check IDs must be unique and not Canary, got ${ids.join(', ')}`);
  }
  const { findings } = synthAndCollectFindings((outdir) => {
    const app = newTestApp({ outdir });
    for (const check of checks) {
      check.build(new Stage(app, check.id, { stageName: '' }));
    }
    finish(app);
    return app;
  });
  const canaryRules = new Set<string>();
  const byCheck = new Map(checks.map((check) => [check.id, [] as string[]]));
  const unattributed: string[] = [];
  for (const finding of findings) {
    for (const constructPath of finding.paths.length > 0 ? finding.paths : [undefined]) {
      const entry = `${finding.rule} ${constructPath || '(no construct path)'}`;
      const check = checks.find((c) => constructPath?.startsWith(`${c.id}/`));
      if (constructPath?.startsWith('Canary/')) {
        canaryRules.add(finding.rule);
      } else if (!check) {
        unattributed.push(entry);
      } else if (!check.under || constructPath!.startsWith(`${check.id}/${check.under}/`)) {
        byCheck.get(check.id)!.push(entry);
      }
    }
  }
  return { canaryRules: [...canaryRules].sort(), byCheck: new Map([...byCheck].map(([id, found]) => [id, found.sort()])), unattributed };
}

/**
 * Runs cdk-nag's AwsSolutions pack, in one synth, over one app holding every check in its own stage, plus a canary
 * stack holding a bucket the pack must flag (AwsSolutions-S1 and AwsSolutions-S10). The pack walks the whole
 * construct tree, stages included.
 */
export function awsSolutionsFindingsByCheck(checks: StagedCheck[]): StagedFindings {
  return stagedFindings(checks, (app) => {
    new s3.Bucket(new Stack(app, 'Canary'), 'NonCompliantBucket');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  });
}

/**
 * Runs the CloudFormation schema validation aws-cdk-lib performs at synth (test/support/setup-env.ts turns it off
 * for the unit tests), in one synth, over one app holding every check in its own stage, plus a canary stack holding
 * a bucket with a property the schema does not know. The validation is on for this synth only; aws-cdk-lib runs it
 * over the stacks of every stage.
 */
export function schemaFindingsByCheck(checks: StagedCheck[]): StagedFindings {
  const previous = process.env.CDK_VALIDATION;
  delete process.env.CDK_VALIDATION;
  try {
    return stagedFindings(checks, (app) => {
      const canary = new s3.Bucket(new Stack(app, 'Canary'), 'Bucket');
      (canary.node.defaultChild as s3.CfnBucket).addPropertyOverride('NotASchemaProperty', true);
    });
  } finally {
    if (previous === undefined) {
      delete process.env.CDK_VALIDATION;
    } else {
      process.env.CDK_VALIDATION = previous;
    }
  }
}

/** Where @cdklabs/cdk-validator-cfnguard keeps the Control Tower rules it bundles, one `ct-<service>-pr-<n>.guard` file each. */
const CONTROL_TOWER_RULES = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard');

/**
 * The Control Tower control ID (CT.S3.PR.2) of each bundled guard rule, by the rule name the plugin reports
 * (s3_bucket_logging_enabled_check): each file holds one top-level rule, `rule <name> when is_cfn_template(...)`.
 */
export function controlTowerControlIds(): Map<string, string> {
  const ids = new Map<string, string>();
  for (const file of controlTowerRuleFiles()) {
    const ruleName = /^rule (\w+) when is_cfn_template/m.exec(fs.readFileSync(file, 'utf-8'))?.[1];
    if (ruleName) {
      ids.set(ruleName, path.parse(file).name.toUpperCase().replace(/-PR-/, '.PR.').replace(/^CT-/, 'CT.'));
    }
  }
  return ids;
}

/** The bundled rule files, one folder a service, sorted. */
function controlTowerRuleFiles(): string[] {
  return fs.readdirSync(CONTROL_TOWER_RULES).flatMap((service) => fs.readdirSync(path.join(CONTROL_TOWER_RULES, service))
    .map((file) => path.join(CONTROL_TOWER_RULES, service, file))).sort();
}

/**
 * The resource types each bundled Control Tower rule file can check, by file: a rule selects the resources it checks
 * by type (`Resources.*[ Type == 'AWS::S3::Bucket' ]`), so a resource of a type its file never names cannot fail it.
 */
function controlTowerRuleTypes(): Map<string, string[]> {
  return new Map(controlTowerRuleFiles().map((file) => [file, [...new Set(fs.readFileSync(file, 'utf-8').match(/AWS::\w+::\w+/g))].sort()]));
}

/**
 * `template` cut down for rules that check resources of `types`: those resources stay whole, the others keep only
 * their type, so that a rule checking that a `Ref` or `Fn::GetAtt` names a resource of the template (CT.LAMBDA.PR.2)
 * still finds it. Rules naming no type get the whole template. Undefined when no resource is of `types`: nothing to check.
 */
function cutDownTo(template: any, types: string[]): any {
  if (types.length === 0) {
    return template;
  }
  const resources = Object.entries<any>(template.Resources ?? {});
  if (!resources.some(([, resource]) => types.includes(resource.Type))) {
    return undefined;
  }
  return {
    ...template,
    Resources: Object.fromEntries(resources.map(([id, resource]) => [id, types.includes(resource.Type) ? resource : { Type: resource.Type }])),
  };
}

export interface ControlTowerFinding {
  /** The control ID, CT.S3.PR.2. */
  readonly control: string;
  /** The construct paths of the resources that fail it. */
  readonly paths: string[];
}

/**
 * Runs AWS Control Tower's proactive controls (cfn-guard, through @cdklabs/cdk-validator-cfnguard) over the app
 * `build` fills, plus a canary stack holding a bucket that fails CT.S3.PR.2, CT.S3.PR.10 and CT.S3.PR.11.
 * Returns the controls the canary fails (sorted) and the other findings, one per control (sorted by control).
 *
 * The plugin's own check, run rule by rule: cfn-guard walks the whole of every template once per rule file, so its
 * time grows with rules times template size (every rule over two platforms in a synth: 17 s). Here the rule files
 * naming the same resource types run together, over copies of the templates in which only resources of those types
 * keep their properties (`cutDownTo`): each rule selects the resources it checks by type, so the findings are the
 * same, in about 2.5 s of cfn-guard (about 60 runs) instead of 12. aws-cdk-lib picks the rules of its own synth-time
 * validation by resource type the same way.
 *
 * Unlike a synth with the plugin, this applies no `Validations.of(...).acknowledge(...)` (the library acknowledges
 * none of these controls: docs/control-tower.md lists what fails) and reads no nested stack's template. The wiring
 * the docs show, `Validations.of(app).addPlugins(new CfnGuardValidator(...))`, has its own test.
 */
export function controlTowerFindings(build: (app: App) => void): { canaryControls: string[]; others: ControlTowerFinding[] } {
  const ids = controlTowerControlIds();
  return withTempDir('control-tower-', (outdir) => {
    const app = newTestApp({ outdir });
    build(app);
    new s3.Bucket(new Stack(app, 'Canary'), 'NonCompliantBucket');
    // Stages' stacks included, as a synth runs its plugins over them.
    const stacks = app.synth().stacksRecursively;
    // What aws-cdk-lib's validation report names a violating resource by: its construct path.
    const constructPaths = new Map(app.node.findAll().filter(CfnResource.isCfnResource).map((resource) => {
      const stack = Stack.of(resource);
      return [`${stack.node.path}#${stack.resolve(resource.logicalId)}`, resource.node.path] as const;
    }));
    const rulesByTypes = new Map<string, string[]>();
    for (const [file, types] of controlTowerRuleTypes()) {
      rulesByTypes.set(types.join(','), [...rulesByTypes.get(types.join(',')) ?? [], file]);
    }
    const byControl = new Map<string, Set<string>>();
    const canary = new Set<string>();
    [...rulesByTypes].forEach(([typeList, rules], group) => {
      const types = typeList === '' ? [] : typeList.split(',');
      // The copy of each template to check, by the construct path of its stack.
      const copies = new Map<string, string>();
      stacks.forEach((stack, index) => {
        const template = cutDownTo(stack.template, types);
        if (template) {
          const file = path.join(outdir, `guard-${group}-${index}.json`);
          fs.writeFileSync(file, JSON.stringify(template));
          copies.set(file, stack.hierarchicalId);
        }
      });
      if (copies.size === 0) {
        return;
      }
      const report = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules, maxBuffer: 64 * 1024 * 1024 })
        .validate({ templatePaths: [...copies.keys()], appConstruct: app });
      for (const violation of report.violations) {
        const control = ids.get(violation.ruleName) ?? violation.ruleName;
        // The plugin also reports, for some rules (CT.KMS.PR.3), a resource that is no resource: it takes the
        // resource from where a check ended, which for a comparison with a literal is the literal.
        const paths = violation.violatingResources
          .map((r) => constructPaths.get(`${copies.get(r.templatePath ?? '')}#${r.resourceLogicalId}`) ?? '')
          .filter((p) => p !== '');
        const platformPaths = paths.filter((p) => !p.startsWith('Canary/'));
        if (platformPaths.length < paths.length) {
          canary.add(control);
        }
        if (platformPaths.length > 0 || paths.length === 0) {
          byControl.set(control, new Set([...byControl.get(control) ?? [], ...platformPaths]));
        }
      }
    });
    return {
      canaryControls: [...canary].sort(),
      others: [...byControl].map(([control, paths]) => ({ control, paths: [...paths].sort() })).sort((a, b) => a.control.localeCompare(b.control)),
    };
  });
}
