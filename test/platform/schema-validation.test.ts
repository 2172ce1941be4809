import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { MultiAzHaPlatform } from '../../lib';
import { newStack, TEST_ENV } from '../support/fixtures';
import { synthAndCollectFindings } from '../support/validation-report';

// The one test that runs the CloudFormation schema validation aws-cdk-lib performs at synth
// (test/support/setup-env.ts turns it off for the unit tests).
describe('CloudFormation schema validation', () => {
  const previous = process.env.CDK_VALIDATION;
  beforeAll(() => { delete process.env.CDK_VALIDATION; });
  afterAll(() => { process.env.CDK_VALIDATION = previous; });

  test.each([
    ['fixed environment', TEST_ENV],
    ['environment-agnostic', undefined],
  ])('the default platform (%s) has no schema issue, and the validation ran', (_name, env) => {
    const { findings } = synthAndCollectFindings((outdir) => {
      const app = new App({ outdir });
      const { stack, hostedZone } = newStack({ env }, app);
      new MultiAzHaPlatform(stack, 'Platform', { dns: { hostedZone, recordName: 'app' } });
      // A canary the validation must flag: a property the schema does not know.
      const canary = new s3.Bucket(new Stack(app, 'Canary'), 'Bucket');
      (canary.node.defaultChild as s3.CfnBucket).addPropertyOverride('NotASchemaProperty', true);
      return app;
    });
    const canary = findings.filter((f) => f.paths.length > 0 && f.paths.every((p) => p?.startsWith('Canary/')));
    expect(canary.length).toBeGreaterThan(0);
    expect(findings.filter((f) => !canary.includes(f))).toEqual([]);
  });
});
