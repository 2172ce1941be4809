import { Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { buildPlatform, newTestApp, TEST_ENV } from '../support/fixtures';

const OFF = { enabled: false };
/** The request path only: enough for the observability tier, without building every data tier. */
const LEAN = { workers: OFF, database: OFF, cache: OFF, search: OFF, messaging: OFF, storage: OFF };

describe('ObservabilityTier short accessors', () => {
  test('criticalTopic, warningTopic and cloudWatchDashboard are the tier\'s own topics and dashboard', () => {
    const { platform } = buildPlatform(LEAN);
    const observability = platform.observability!;
    expect(observability.criticalTopic).toBe(observability.alerting.criticalTopic);
    expect(observability.warningTopic).toBe(observability.alerting.warningTopic);
    expect(observability.criticalTopic).not.toBe(observability.warningTopic);
    expect(observability.cloudWatchDashboard).toBe(observability.dashboard.dashboard);
    expect(observability.criticalTopic.node.path).toBe('TestStack/Platform/Observability/Alerting/CriticalTopic');
  });

  test('with topics of your own, the accessors return them', () => {
    const app = newTestApp();
    const topics = new Stack(app, 'Topics', { env: TEST_ENV });
    const critical = new sns.Topic(topics, 'Critical');
    const warning = new sns.Topic(topics, 'Warning');
    const { platform } = buildPlatform({ ...LEAN, observability: { criticalTopic: critical, warningTopic: warning } }, undefined, app);
    expect(platform.observability!.criticalTopic).toBe(critical);
    expect(platform.observability!.warningTopic).toBe(warning);
  });
});
