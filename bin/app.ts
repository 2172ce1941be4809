#!/usr/bin/env node
// The sample app: one stack with the default platform. It synthesizes offline, with no AWS
// credentials and no lookups. Context (`-c key=value`) adapts it:
//   hostedZoneId, hostedZoneName  the Route 53 zone that holds the platform's record
//   recordName                     the record clients use (default: app)
//   availabilityZones              two zones, e.g. eu-west-1a,eu-west-1b (also pins the stack's region)
import { App, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { MultiAzHaPlatform } from '../lib';

const app = new App();
const context = (key: string, fallback?: string): string | undefined => app.node.tryGetContext(key) ?? fallback;

const zones = context('availabilityZones')?.split(',').map((zone) => zone.trim()).filter(Boolean);
// Zone names end in a letter after the region name (eu-west-1a): the stack gets that region.
const region = zones?.[0]?.replace(/[a-z]$/, '');

const stack = new Stack(app, 'MultiAzHaPlatformSample', {
  env: region ? { region } : undefined,
  description: 'MultiAzHaPlatform sample: a two-zone, highly available web platform',
});

const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'HostedZone', {
  hostedZoneId: context('hostedZoneId', 'Z0000000000000EXAMPLE')!,
  zoneName: context('hostedZoneName', 'example.com')!,
});

new MultiAzHaPlatform(stack, 'Platform', {
  dns: { hostedZone, recordName: context('recordName', 'app') },
  network: zones ? { availabilityZones: zones } : undefined,
});
