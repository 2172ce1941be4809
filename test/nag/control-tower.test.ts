import * as fs from 'fs';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { Stack, Validations } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { MultiAzHaPlatform } from '../../lib';
import { customisedProps, defaultPlatform, newTestApp, once, TEST_ENV, ZONE_NAME } from '../support/fixtures';
import { controlTowerControlIds, controlTowerFindings, synthAndCollectFindings } from '../support/validation-report';

const DOC = path.join(__dirname, '..', '..', 'docs', 'control-tower.md');

/** The controls docs/control-tower.md lists as failing on a platform ("default" or "customised"), sorted. */
function documentedControls(platform: 'default' | 'customised'): string[] {
  return fs.readFileSync(DOC, 'utf-8').split('\n')
    .filter((line) => line.startsWith('| CT.'))
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .filter((cells) => cells[3].split(',').map((p) => p.trim()).includes(platform))
    .map((cells) => cells[1])
    .sort();
}

/** The rule files the documented example disables (`ct-s3-pr-2`), in its order. */
function documentedDisabledRules(): string[] {
  const example = fs.readFileSync(DOC, 'utf-8').match(/disabledRules: \[([^\]]*)\]/);
  return [...(example?.[1] ?? '').matchAll(/'(ct-[a-z0-9]+-pr-\d+)'/g)].map((m) => m[1]);
}

/** The stacks of the default and of the fully customised platform, side by side in one app. */
const STACKS = { default: 'Default', customised: 'Customised' } as const;

/**
 * Runs every Control Tower proactive control the plugin bundles, once, over one app holding the default platform,
 * the customised one and a canary stack. The canary's bucket has no access logging, SSE-S3 encryption and no
 * versioning, which CT.S3.PR.2, CT.S3.PR.10 and CT.S3.PR.11 flag: finding them proves the controls ran, so the
 * platforms' lists mean something.
 */
const findings = once(() => controlTowerFindings((app) => {
  for (const [name, stackId] of Object.entries(STACKS)) {
    const stack = new Stack(app, stackId, { env: TEST_ENV });
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'HostedZone', {
      hostedZoneId: 'Z0000000000000EXAMPLE', zoneName: ZONE_NAME,
    });
    new MultiAzHaPlatform(stack, 'Platform', name === 'customised' ? customisedProps(hostedZone) : { dns: { hostedZone, recordName: 'app' } });
  }
}));

/** The controls failing on one platform's resources, sorted. */
function controlsOf(platform: keyof typeof STACKS): string[] {
  return findings().others.filter((f) => f.paths.some((p) => p.startsWith(`${STACKS[platform]}/Platform/`)))
    .map((f) => f.control).sort();
}

describe('AWS Control Tower proactive controls (docs/control-tower.md)', () => {
  test('the documentation lists real controls, each once, with at least one platform each', () => {
    const known = new Set(controlTowerControlIds().values());
    const rows = fs.readFileSync(DOC, 'utf-8').split('\n').filter((line) => line.startsWith('| CT.'))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((cells) => cells[1]).filter((control) => !known.has(control))).toEqual([]);
    expect(new Set(rows.map((cells) => cells[1])).size).toBe(rows.length);
    for (const cells of rows) {
      expect(cells[3].split(',').map((p) => p.trim()).every((p) => p === 'default' || p === 'customised')).toBe(true);
    }
  });

  test('the documented example disables exactly the controls the default platform does not meet', () => {
    expect(documentedDisabledRules().sort()).toEqual(documentedControls('default').map((control) => control.toLowerCase().replace(/\./g, '-')).sort());
  });

  // The findings above come from the plugin's check run rule group by rule group (controlTowerFindings); this is
  // the plugin as the documentation wires it into a synth, over the canary alone.
  test('wired as documented, the plugin runs at synth and leaves out the disabled rules', () => {
    const disabled = documentedDisabledRules();
    const wired = synthAndCollectFindings((outdir) => {
      const app = newTestApp({ outdir });
      Validations.of(app).addPlugins(new CfnGuardValidator({ disabledRules: disabled, maxBuffer: 64 * 1024 * 1024 }));
      new s3.Bucket(new Stack(app, 'Canary'), 'NonCompliantBucket');
      return app;
    });
    const ids = controlTowerControlIds();
    const files = new Set(wired.findings.map((f) => (ids.get(f.rule) ?? f.rule).toLowerCase().replace(/\./g, '-')));
    expect(files).toContain('ct-s3-pr-11'); // no versioning: not disabled
    expect(disabled).toEqual(expect.arrayContaining(['ct-s3-pr-2', 'ct-s3-pr-10'])); // the canary fails both too
    expect(disabled.filter((rule) => files.has(rule))).toEqual([]);
  });

  test('the controls ran: the canary\'s bucket fails the controls it was built to fail', () => {
    expect(findings().canaryControls).toEqual(expect.arrayContaining(['CT.S3.PR.10', 'CT.S3.PR.11', 'CT.S3.PR.2']));
  });

  test('every finding names resources of the platforms, not only a control', () => {
    const platformPath = /^(Default|Customised)\/Platform\//;
    expect(findings().others.filter((f) => f.paths.length === 0 || !f.paths.every((p) => platformPath.test(p)))).toEqual([]);
  });

  test.each(['default', 'customised'] as const)('the %s platform fails exactly the documented controls', (name) => {
    expect(controlsOf(name)).toEqual(documentedControls(name));
  });
});

describe('CT.KMS.PR.3: only AWS services create grants on the platform\'s keys', () => {
  const keyPolicies = () => Object.entries(defaultPlatform().template.findResources('AWS::KMS::Key'))
    .map(([id, key]) => [id, key.Properties.KeyPolicy.Statement as any[]] as const);
  const actionsOf = (statement: any): string[] => [statement.Action].flat();

  test('every key denies kms:CreateGrant unless the grant is for an AWS resource or an AWS service asks', () => {
    const keys = keyPolicies();
    expect(keys.length).toBeGreaterThanOrEqual(11);
    for (const [id, statements] of keys) {
      const deny = statements.filter((s) => s.Effect === 'Deny' && actionsOf(s).includes('kms:CreateGrant'));
      expect([id, deny]).toEqual([id, [{
        Sid: 'DenyGrantsNotForAwsResources',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      }]]);
    }
  });

  // Deploy-time rule: services that keep data with a key (RDS, ElastiCache, OpenSearch, Amazon MQ, Amazon Managed
  // Service for Prometheus, Secrets Manager) create their grants on the caller's behalf, through the caller's forward
  // access session: kms:GrantIsForAWSResource is true there, so the deny leaves them. A grant the policy allows to a
  // principal calling KMS directly would now be denied at deploy or at run time.
  // https://docs.aws.amazon.com/kms/latest/developerguide/grant-authorization.html
  test('every grant a key policy allows beyond the account\'s administration goes through an AWS service', () => {
    const grantStatements = keyPolicies().flatMap(([id, statements]) => statements
      .filter((s) => s.Effect === 'Allow' && actionsOf(s).some((a) => a === 'kms:CreateGrant' || a === 'kms:*'))
      .map((s) => ({ id, statement: s })));
    const viaService = grantStatements.filter(({ statement }) => statement.Condition?.StringEquals?.['kms:ViaService']);
    const administration = grantStatements.filter(({ statement }) => actionsOf(statement).includes('kms:*'));
    expect(viaService.length).toBeGreaterThan(0);
    expect(administration.length).toBe(keyPolicies().length);
    expect(grantStatements.length).toBe(viaService.length + administration.length);
  });
});
