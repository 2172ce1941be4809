import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { acknowledgeCompliance, HIPAA_SECURITY, NIST_800_53_R5 } from '../private/acknowledgements';
import { checkAtSynth } from '../private/at-synth';

/** The compliance packs that hold CloudWatchAlarmAction (PCI DSS 3.2.1 does not). */
const PACKS_WITH_ALARM_ACTION_RULE = [NIST_800_53_R5, HIPAA_SECURITY];

/**
 * Acknowledges CloudWatchAlarmAction on each alarm that, once the app is built, still notifies nobody: an alarm
 * whose job is to drive something else (a Route 53 health check, an EventBridge rule). Actions can be added after
 * the construct (the platform wires its warning topic once the observability tier exists), so the check runs at
 * synth; an alarm that has an action is left alone and draws no acknowledgement.
 */
export function acknowledgeWhenNobodyIsNotified(scope: IConstruct, alarms: () => cloudwatch.Alarm[], reason: string): void {
  checkAtSynth(scope, () => {
    for (const alarm of alarms()) {
      if (!notifiesAnyone(alarm)) {
        acknowledgeCompliance(alarm, PACKS_WITH_ALARM_ACTION_RULE, 'CloudWatchAlarmAction', reason);
      }
    }
  });
}

function notifiesAnyone(alarm: cloudwatch.Alarm): boolean {
  const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm;
  const stack = Stack.of(alarm);
  return [cfn.alarmActions, cfn.okActions, cfn.insufficientDataActions]
    .some((actions) => (stack.resolve(actions) ?? []).length > 0);
}
