import { synthSampleApp } from '../support/sample-app';

describe('sample app (bin/app.ts)', () => {
  test('synthesizes offline, environment-agnostic, with no context lookups', () => {
    const { environment, template, missing } = synthSampleApp();
    expect(environment).toBe('aws://unknown-account/unknown-region');
    expect(missing).toBeUndefined();
    const types = Object.values(template.Resources).map((r: any) => r.Type);
    expect(types.filter((t) => t === 'AWS::AutoScaling::AutoScalingGroup')).toHaveLength(4); // app servers and workers, per zone
    expect(types).toEqual(expect.arrayContaining(['AWS::RDS::DBInstance', 'AWS::ElastiCache::ReplicationGroup',
      'AWS::OpenSearchService::Domain', 'AWS::AmazonMQ::Broker']));
    expect(types.filter((t) => t === 'AWS::Route53::RecordSet')).toHaveLength(2);
  });

  test('context sets the hosted zone, the record name and the zones (which pin the region)', () => {
    const { environment, template } = synthSampleApp({
      hostedZoneId: 'Z123EXAMPLE', hostedZoneName: 'corp.example.org', recordName: 'shop', availabilityZones: 'eu-west-1b,eu-west-1c',
    });
    expect(environment).toBe('aws://unknown-account/eu-west-1');
    const resources = Object.values(template.Resources) as any[];
    const subnetZones = resources.filter((r) => r.Type === 'AWS::EC2::Subnet').map((r) => r.Properties.AvailabilityZone);
    expect(new Set(subnetZones)).toEqual(new Set(['eu-west-1b', 'eu-west-1c']));
    const records = resources.filter((r) => r.Type === 'AWS::Route53::RecordSet');
    expect(records.map((r) => [r.Properties.Name, r.Properties.HostedZoneId])).toEqual([
      ['shop.corp.example.org.', 'Z123EXAMPLE'], ['shop.corp.example.org.', 'Z123EXAMPLE'],
    ]);
  });
});
