import { Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ObservabilityTier, PlatformErrors } from '../../lib';
import { errorOf } from '../support/errors';
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

describe('prop paths: the tier on its own names its own props', () => {
  test('an ObservabilityTier of your own reports `errorRatePercent` and the path of the part that checked it', () => {
    const { stack, platform } = buildPlatform({ ...LEAN, observability: OFF });
    const err = errorOf(() => new ObservabilityTier(stack, 'Observability', {
      appTier: platform.appTier, dns: platform.dns, errorRatePercent: 0,
    }));
    expect(PlatformErrors.propPathOf(err)).toBe('errorRatePercent');
    expect(PlatformErrors.constructPathOf(err)).toBe('TestStack/Observability/Alerting');
    expect(err.message).toBe('`errorRatePercent` must be a percentage greater than 0 and at most 100, got 0');
  });

  test('under the platform, the same rule names the platform\'s prop', () => {
    const err = errorOf(() => buildPlatform({ ...LEAN, observability: { errorRatePercent: 0 } }));
    expect(PlatformErrors.propPathOf(err)).toBe('observability.errorRatePercent');
    expect(PlatformErrors.constructPathOf(err)).toBe('TestStack/Platform/Observability/Alerting');
    expect(err.message).toBe('`observability.errorRatePercent` must be a percentage greater than 0 and at most 100, got 0');
  });
});
