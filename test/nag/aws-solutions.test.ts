import { CacheEngine, DatabaseTopology, DnsRouting, GrafanaAuthentication, MultiAzHaPlatform } from '../../lib';
import { customisedProps, newStack, once, TEST_ENV } from '../support/fixtures';
import {
  addCache, addMessaging, buildLogs, buildPrometheus, cacheTierStackIn, CUSTOM_LOGS, databaseOnAnotherPortApp, databaseTopologiesApp,
  drillsApp, messagingTierStackIn, observabilityApp, platformApp, searchTierApp, storageTierApp, workerTiersApp,
} from '../support/tier-apps';
import { awsSolutionsFindingsByCheck, StagedCheck } from '../support/validation-report';

const OFF = { enabled: false };

// cdk-nag's AwsSolutions pack over the platform and over each tier on its own. It runs once: one app holds every
// check's app, each in a stage of its own (the apps the builders of test/support/tier-apps.ts make, as the tiers'
// test files make them), and a canary stack holding a bucket that breaks AwsSolutions-S1 and AwsSolutions-S10 on
// purpose: finding them proves the pack ran, so "no other finding" means something. A check passes when no
// unacknowledged finding falls in its stage.
const CHECKS: StagedCheck[] = [
  {
    name: 'platform: the fully customised platform (test/support/fixtures.ts customisedProps)',
    id: 'FullyCustomisedPlatform',
    build: (stage) => {
      const { stack, hostedZone } = newStack({ env: TEST_ENV }, stage);
      new MultiAzHaPlatform(stack, 'Platform', customisedProps(hostedZone));
    },
  },
  { name: 'platform: the default platform in a fixed environment', id: 'DefaultPlatform', build: (stage) => platformApp(stage, TEST_ENV) },
  {
    name: 'platform: the default platform, environment-agnostic like the sample app',
    id: 'AgnosticPlatform',
    build: (stage) => platformApp(stage, undefined),
  },
  {
    name: 'platform: active-active routing, one NAT gateway, custom app tier',
    id: 'ActiveActivePlatform',
    build: (stage) => platformApp(stage, TEST_ENV, {
      routing: DnsRouting.ACTIVE_ACTIVE, network: { natGateways: 1 }, appTier: { instancesPerZone: [2, 2], port: 3000 },
    }),
  },
  {
    name: 'platform: every optional tier turned off',
    id: 'RequestPathPlatform',
    build: (stage) => platformApp(stage, TEST_ENV, {
      workers: OFF, database: OFF, cache: OFF, search: OFF, messaging: OFF, storage: OFF, observability: OFF,
    }),
  },
  {
    name: 'platform: Aurora, Redis OSS, cross-region replication, RabbitMQ 4.2',
    id: 'CustomisedPlatform',
    build: (stage) => platformApp(stage, TEST_ENV, {
      database: { topology: DatabaseTopology.AURORA },
      cache: { engine: CacheEngine.REDIS },
      messaging: { hostInstanceType: 'mq.m7g.large' },
      observability: { grafana: { authenticationProviders: [GrafanaAuthentication.AWS_SSO] }, criticalEmails: ['oncall@example.com'] },
      storage: {
        replicationDestinationBucketArn: 'arn:aws:s3:::replica-bucket',
        replicationDestinationKmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/11111111-2222-3333-4444-555555555555',
      },
    }),
  },
  { name: 'database: both topologies, fixed and environment-agnostic', id: 'Database', build: databaseTopologiesApp },
  { name: 'database: MULTI_AZ_INSTANCE on another port (5433)', id: 'DatabaseOnAnotherPort', build: databaseOnAnotherPortApp },
  { name: 'cache: Valkey in a fixed environment', id: 'Cache', build: (stage) => addCache(cacheTierStackIn(stage, TEST_ENV), {}) },
  { name: 'cache: Valkey, environment-agnostic', id: 'AgnosticCache', build: (stage) => addCache(cacheTierStackIn(stage, {}), {}) },
  {
    name: 'cache: Redis OSS (default port finding acknowledged)',
    id: 'RedisCache',
    build: (stage) => addCache(cacheTierStackIn(stage, TEST_ENV), { engine: CacheEngine.REDIS }),
  },
  { name: 'messaging: fixed environment', id: 'Messaging', build: (stage) => addMessaging(messagingTierStackIn(stage, TEST_ENV)) },
  { name: 'messaging: environment-agnostic', id: 'AgnosticMessaging', build: (stage) => addMessaging(messagingTierStackIn(stage, {})) },
  { name: 'search: a fixed environment', id: 'Search', build: (stage) => searchTierApp(stage, TEST_ENV, {}) },
  { name: 'search: an environment-agnostic stack', id: 'AgnosticSearch', build: (stage) => searchTierApp(stage, undefined, {}) },
  {
    name: 'search: a fixed environment, with the service-linked role',
    id: 'SearchWithServiceLinkedRole',
    build: (stage) => searchTierApp(stage, TEST_ENV, { createServiceLinkedRole: true }),
  },
  { name: 'storage: a default and a replicating tier, fixed environment', id: 'Storage', build: (stage) => storageTierApp(stage, TEST_ENV) },
  {
    name: 'storage: a default and a replicating tier, environment-agnostic',
    id: 'AgnosticStorage',
    build: (stage) => storageTierApp(stage, undefined),
  },
  { name: 'workers: both scaling modes (queue depth and CPU)', id: 'Workers', build: workerTiersApp },
  { name: 'Managed Prometheus: defaults in a fixed environment', id: 'Prometheus', build: (stage) => buildPrometheus({}, TEST_ENV, stage) },
  {
    name: 'Managed Prometheus: Grafana, environment-agnostic',
    id: 'AgnosticPrometheusWithGrafana',
    build: (stage) => buildPrometheus({ grafana: { authenticationProviders: [GrafanaAuthentication.AWS_SSO] } }, {}, stage),
  },
  {
    name: 'Managed Prometheus: Grafana in a fixed environment',
    id: 'PrometheusWithGrafana',
    build: (stage) => buildPrometheus({ grafana: { authenticationProviders: [GrafanaAuthentication.SAML] } }, TEST_ENV, stage),
  },
  { name: 'logs and traces: defaults in a fixed environment', id: 'LogsAndTraces', build: (stage) => buildLogs({}, TEST_ENV, stage) },
  {
    name: 'logs and traces: every option, environment-agnostic',
    id: 'AgnosticCustomLogsAndTraces',
    build: (stage) => buildLogs(CUSTOM_LOGS, {}, stage),
  },
  {
    name: 'alerting and dashboard: on the default platform',
    id: 'Alerting',
    build: (stage) => observabilityApp(stage, TEST_ENV),
  },
  // The drills' fixture stands in for the platform's tiers: only the drills themselves are under test.
  {
    name: 'drills: in a fixed environment',
    id: 'Drills',
    under: 'TierStack/Drills',
    build: (stage) => drillsApp(stage, { env: TEST_ENV }),
  },
  {
    name: 'drills: environment-agnostic',
    id: 'AgnosticDrills',
    under: 'TierStack/Drills',
    build: (stage) => drillsApp(stage, { env: {} }),
  },
];

/** The pack's findings over every check, run once for the file. */
const findings = once(() => awsSolutionsFindingsByCheck(CHECKS));

describe('cdk-nag AwsSolutions (guarantee 6)', () => {
  test.each(CHECKS)('$name: no unacknowledged finding', ({ id }) => {
    expect(findings().byCheck.get(id)).toEqual([]);
  });

  test('the pack ran: the canary bucket drew AwsSolutions-S1 and AwsSolutions-S10, and nothing else', () => {
    expect(findings().canaryRules).toEqual(['AwsSolutions-S1', 'AwsSolutions-S10']);
  });

  test('every finding is in a check\'s stage or the canary: none goes unseen', () => {
    expect(findings().unattributed).toEqual([]);
  });
});
