import { once, TEST_ENV } from '../support/fixtures';
import {
  addCache, addMessaging, buildLogs, buildPrometheus, cacheTierStackIn, CUSTOM_LOGS, CUSTOM_PROMETHEUS, databaseTopologiesApp, drillsApp,
  messagingTierStackIn, observabilityApp, platformApp, searchTierApp, storageTierApp, workerTiersApp,
} from '../support/tier-apps';
import { schemaFindingsByCheck, StagedCheck } from '../support/validation-report';

// The CloudFormation schema validation aws-cdk-lib performs at synth (test/support/setup-env.ts turns it off for the
// unit tests), for the platform and for each tier on its own. It runs once: one app holds every check's app, each in a
// stage of its own (the apps the builders of test/support/tier-apps.ts make, as the tiers' test files make them),
// and a canary; a check passes when no finding falls in its stage.
const CHECKS: StagedCheck[] = [
  { name: 'platform: the default platform, fixed environment', id: 'DefaultPlatform', build: (stage) => platformApp(stage, TEST_ENV) },
  { name: 'platform: the default platform, environment-agnostic', id: 'AgnosticPlatform', build: (stage) => platformApp(stage, undefined) },
  { name: 'database: both topologies, fixed and environment-agnostic', id: 'Database', build: databaseTopologiesApp },
  {
    name: 'cache: Valkey with 2 replicas per primary',
    id: 'Cache',
    build: (stage) => addCache(cacheTierStackIn(stage, TEST_ENV), { replicasPerPrimary: 2 }),
  },
  {
    name: 'messaging: the broker with its own maintenance window',
    id: 'Messaging',
    build: (stage) => addMessaging(messagingTierStackIn(stage, TEST_ENV), { maintenanceWindowStart: { dayOfWeek: 'friday', timeOfDay: '23:59' } }),
  },
  { name: 'search: the tier by default', id: 'Search', build: (stage) => searchTierApp(stage, TEST_ENV, {}) },
  {
    name: 'search: the tier with the service-linked role',
    id: 'SearchWithServiceLinkedRole',
    build: (stage) => searchTierApp(stage, TEST_ENV, { createServiceLinkedRole: true }),
  },
  { name: 'storage: a default and a replicating tier', id: 'Storage', build: (stage) => storageTierApp(stage, TEST_ENV) },
  { name: 'workers: both scaling modes (queue depth and CPU)', id: 'Workers', build: workerTiersApp },
  {
    name: 'Managed Prometheus: workspace, rules, topic policies and Grafana',
    id: 'Prometheus',
    build: (stage) => buildPrometheus(CUSTOM_PROMETHEUS, TEST_ENV, stage),
  },
  {
    name: 'logs and traces: log groups, parameter, queries and X-Ray resources',
    id: 'LogsAndTraces',
    build: (stage) => buildLogs(CUSTOM_LOGS, TEST_ENV, stage),
  },
  {
    name: 'alerting and dashboard: on the default platform, environment-agnostic',
    id: 'Alerting',
    build: (stage) => observabilityApp(stage, undefined),
  },
  { name: 'drills: on Aurora', id: 'DrillsAurora', build: (stage) => drillsApp(stage, { database: 'aurora' }) },
  { name: 'drills: on a Multi-AZ DB instance', id: 'DrillsInstance', build: (stage) => drillsApp(stage, { database: 'instance' }) },
];

/** The validation's findings over every check, run once for the file. */
const findings = once(() => schemaFindingsByCheck(CHECKS));

describe('CloudFormation schema validation', () => {
  test.each(CHECKS)('$name: no schema issue', ({ id }) => {
    expect(findings().byCheck.get(id)).toEqual([]);
  });

  test('the validation ran: the canary bucket\'s unknown property drew findings', () => {
    expect(findings().canaryRules).not.toEqual([]);
  });

  test('every finding is in a check\'s stage or the canary: none goes unseen', () => {
    expect(findings().unattributed).toEqual([]);
  });
});
