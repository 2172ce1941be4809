import { Aspects } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Runs `check` once, when synthesis visits `scope` with the aspects: after the whole app is built, so what was added
 * to the construct later (alarm actions, topic subscriptions, escape hatches) counts.
 */
export function checkAtSynth(scope: IConstruct, check: () => void): void {
  let checked = false;
  Aspects.of(scope).add({
    visit: (node) => {
      if (node !== scope || checked) {
        return;
      }
      checked = true;
      check();
    },
  });
}
