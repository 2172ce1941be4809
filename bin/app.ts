#!/usr/bin/env node
// The sample app: one stack with the default platform. It synthesizes offline, with no AWS
// credentials and no lookups. Context (`-c key=value`) adapts it:
//   hostedZoneId, hostedZoneName  the Route 53 zone that holds the platform's record (without them: a placeholder
//                                  zone, which synthesizes but cannot deploy)
//   recordName                     the record clients use (default: app)
//   alertEmail                     who receives the critical alerts (comma-separated addresses)
//   availabilityZones              the serving zones, then the quorum zone, e.g. eu-west-1a,eu-west-1b,eu-west-1c
//                                  (also pins the stack's region; two zones run without a quorum zone)
import { Annotations, App, CfnParameter, CfnRule, Fn, Stack, Validations } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { MultiAzHaPlatform } from '../lib';

const PLACEHOLDER_HOSTED_ZONE_ID = 'Z0000000000000EXAMPLE';

const app = new App();
const context = (key: string): string | undefined => app.node.tryGetContext(key);
const list = (key: string) => context(key)?.split(',').map((item) => item.trim()).filter(Boolean);

const zones = list('availabilityZones');
// Zone names end in a letter after the region name (eu-west-1a): the stack gets that region.
const region = zones?.[0]?.replace(/[a-z]$/, '');

const stack = new Stack(app, 'MultiAzHaPlatformSample', {
  env: region ? { region } : undefined,
  description: 'MultiAzHaPlatform sample: a two-zone, highly available web platform',
});

const hostedZoneId = context('hostedZoneId') ?? PLACEHOLDER_HOSTED_ZONE_ID;
const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'HostedZone', {
  hostedZoneId,
  zoneName: context('hostedZoneName') ?? 'example.com',
});

const alertEmails = list('alertEmail');
const platform = new MultiAzHaPlatform(stack, 'Platform', {
  dns: { hostedZone, recordName: context('recordName') ?? 'app' },
  network: zones ? {
    availabilityZones: zones.slice(0, 2),
    ...(zones.length > 2 ? { quorumAvailabilityZone: zones[2] } : { quorumZoneEnabled: false }),
  } : undefined,
  observability: alertEmails ? { criticalEmails: alertEmails } : undefined,
});

if (hostedZoneId === PLACEHOLDER_HOSTED_ZONE_ID) {
  Annotations.of(stack).addWarningV2('multi-az-ha-platform-sample:placeholder-hosted-zone',
    `The sample uses a placeholder hosted zone (${PLACEHOLDER_HOSTED_ZONE_ID}): it synthesizes, but CloudFormation ` +
    'refuses to deploy it. Pass your zone: `-c hostedZoneId=<id> -c hostedZoneName=<name>` (and `-c alertEmail=<address>` ' +
    'for the critical alerts).');
  // CloudFormation checks template rules before it creates or changes any resource: a deploy of the placeholder
  // stops there, instead of failing part-way when Route 53 rejects the zone.
  const hostedZoneParameter = new CfnParameter(stack, 'SampleHostedZoneId', {
    type: 'String',
    default: PLACEHOLDER_HOSTED_ZONE_ID,
    description: 'The hosted zone the sample was synthesized with (checked by the rule SampleHostedZoneIsReal)',
  });
  new CfnRule(stack, 'SampleHostedZoneIsReal', {
    assertions: [{
      assert: Fn.conditionNot(Fn.conditionEquals(hostedZoneParameter.valueAsString, PLACEHOLDER_HOSTED_ZONE_ID)),
      assertDescription: 'This template was synthesized with the sample\'s placeholder hosted zone and cannot deploy. ' +
        'Synthesize again with -c hostedZoneId=<id> -c hostedZoneName=<name>.',
    }],
  });
  // The placeholder warning above already asks for -c alertEmail; a placeholder stack cannot deploy anyway.
  if (!alertEmails) {
    Validations.of(platform).acknowledge({
      id: 'multi-az-ha-platform:observability.no-critical-subscriber',
      reason: 'The sample with its placeholder hosted zone cannot deploy; its placeholder warning asks for -c alertEmail.',
    });
  }
}
