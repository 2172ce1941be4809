import { CacheEngine, DatabaseTopology, DnsRouting, GrafanaAuthentication, MultiAzHaPlatform, MultiAzHaPlatformProps } from '../../lib';

const OFF = { enabled: false };
import { newStack, TEST_ENV } from '../support/fixtures';
import { awsSolutionsFindings } from '../support/validation-report';

/**
 * Runs cdk-nag's AwsSolutions pack over a platform stack and a canary stack. The canary holds a bucket
 * that breaks AwsSolutions-S1 and AwsSolutions-S10 on purpose: finding them proves the pack ran, so
 * "no other finding" means something.
 */
function nagFindings(props: Omit<MultiAzHaPlatformProps, 'dns'> & { routing?: DnsRouting } = {}, env: object | undefined = TEST_ENV) {
  return awsSolutionsFindings((app) => {
    const { stack, hostedZone } = newStack({ env }, app);
    const { routing, ...platformProps } = props;
    new MultiAzHaPlatform(stack, 'Platform', { ...platformProps, dns: { hostedZone, recordName: 'app', routing } });
  });
}

describe('cdk-nag AwsSolutions (guarantee 6)', () => {
  test.each([
    ['the default platform in a fixed environment', {}, TEST_ENV],
    ['the default platform, environment-agnostic like the sample app', {}, undefined],
    ['active-active routing, one NAT gateway, custom app tier', {
      routing: DnsRouting.ACTIVE_ACTIVE, network: { natGateways: 1 }, appTier: { instancesPerZone: [2, 2], port: 3000 },
    }, TEST_ENV],
    ['every optional tier turned off', {
      workers: OFF, database: OFF, cache: OFF, search: OFF, messaging: OFF, storage: OFF, observability: OFF,
    }, TEST_ENV],
    ['Aurora, Redis OSS, cross-region replication, RabbitMQ 4.2', {
      database: { topology: DatabaseTopology.AURORA },
      cache: { engine: CacheEngine.REDIS },
      messaging: { hostInstanceType: 'mq.m7g.large' },
      observability: { grafana: { authenticationProviders: [GrafanaAuthentication.AWS_SSO] }, criticalEmails: ['oncall@example.com'] },
      storage: {
        replicationDestinationBucketArn: 'arn:aws:s3:::replica-bucket',
        replicationDestinationKmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/11111111-2222-3333-4444-555555555555',
      },
    }, TEST_ENV],
  ])('%s: no unacknowledged finding, and the pack ran', (_name, props, env) => {
    const { canaryRules, others } = nagFindings(props, env);
    expect(canaryRules).toEqual(['AwsSolutions-S1', 'AwsSolutions-S10']);
    expect(others).toEqual([]);
  });
});
