import { MultiAzHaPlatform } from '../../lib';
import { newStack, TEST_ENV } from '../support/fixtures';
import { expectNoSchemaFinding } from '../support/validation-report';

// The one test that runs the CloudFormation schema validation aws-cdk-lib performs at synth
// (test/support/setup-env.ts turns it off for the unit tests).
describe('CloudFormation schema validation', () => {
  test.each([
    ['fixed environment', TEST_ENV],
    ['environment-agnostic', undefined],
  ])('the default platform (%s) has no schema issue, and the validation ran', (_name, env) => {
    expectNoSchemaFinding((app) => {
      const { stack, hostedZone } = newStack({ env }, app);
      new MultiAzHaPlatform(stack, 'Platform', { dns: { hostedZone, recordName: 'app' } });
    });
  });
});
