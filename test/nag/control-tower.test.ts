import * as fs from 'fs';
import * as path from 'path';
import { MultiAzHaPlatform } from '../../lib';
import { customisedProps, defaultPlatform, newStack, TEST_ENV } from '../support/fixtures';
import { controlTowerControlIds, controlTowerFindings } from '../support/validation-report';

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

/**
 * Runs every Control Tower proactive control the plugin bundles over a platform stack and a canary stack. The
 * canary's bucket has no access logging, SSE-S3 encryption and no versioning, which CT.S3.PR.2, CT.S3.PR.10 and
 * CT.S3.PR.11 flag: finding them proves the controls ran, so the platform's list means something.
 */
function platformFindings(customised: boolean) {
  return controlTowerFindings((app) => {
    const { stack, hostedZone } = newStack({ env: TEST_ENV }, app);
    new MultiAzHaPlatform(stack, 'Platform', customised ? customisedProps(hostedZone) : { dns: { hostedZone, recordName: 'app' } });
  });
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
    const example = fs.readFileSync(DOC, 'utf-8').match(/disabledRules: \[([^\]]*)\]/);
    const disabled = [...(example?.[1] ?? '').matchAll(/'(ct-[a-z0-9]+-pr-\d+)'/g)].map((m) => m[1]);
    expect(disabled.sort()).toEqual(documentedControls('default').map((control) => control.toLowerCase().replace(/\./g, '-')).sort());
  });

  test.each([
    ['default', false],
    ['customised', true],
  ] as const)('the %s platform fails exactly the documented controls, and the controls ran', (name, customised) => {
    const { canaryControls, others } = platformFindings(customised);
    expect(canaryControls).toEqual(expect.arrayContaining(['CT.S3.PR.10', 'CT.S3.PR.11', 'CT.S3.PR.2']));
    expect(others.map((f) => f.control).sort()).toEqual(documentedControls(name));
    // Every finding names a resource of the platform, not only a control.
    expect(others.filter((f) => f.paths.length === 0 || !f.paths.every((p) => p.startsWith('TestStack/Platform/')))).toEqual([]);
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
