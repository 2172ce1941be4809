import { once } from '../support/fixtures';
import { synthSampleApp } from '../support/sample-app';

/** The sample as `npm run synth` runs it: no context. */
const withoutContext = once(() => synthSampleApp());
/** The sample with every context key: a real hosted zone, a record name, the zones (serving, then quorum), an email. */
const withContext = once(() => synthSampleApp({
  hostedZoneId: 'Z123EXAMPLE',
  hostedZoneName: 'corp.example.org',
  recordName: 'shop',
  availabilityZones: 'eu-west-1b,eu-west-1c,eu-west-1a',
  alertEmail: 'oncall@example.org',
}));

describe('sample app (bin/app.ts)', () => {
  test('synthesizes offline, environment-agnostic, with no context lookups', () => {
    const { environment, template, missing } = withoutContext();
    expect(environment).toBe('aws://unknown-account/unknown-region');
    expect(missing).toBeUndefined();
    const types = Object.values(template.Resources).map((r: any) => r.Type);
    expect(types.filter((t) => t === 'AWS::AutoScaling::AutoScalingGroup')).toHaveLength(4); // app servers and workers, per zone
    expect(types).toEqual(expect.arrayContaining(['AWS::RDS::DBCluster', 'AWS::ElastiCache::ReplicationGroup',
      'AWS::OpenSearchService::Domain', 'AWS::AmazonMQ::Broker']));
    expect(types.filter((t) => t === 'AWS::Route53::RecordSet')).toHaveLength(2);
  });

  test('context sets the hosted zone, the record name and the zones: serving, then quorum (which pin the region)', () => {
    const { environment, template } = withContext();
    expect(environment).toBe('aws://unknown-account/eu-west-1');
    const resources = Object.values(template.Resources) as any[];
    const subnetZones = resources.filter((r) => r.Type === 'AWS::EC2::Subnet').map((r) => r.Properties.AvailabilityZone);
    expect(subnetZones.filter((zone) => zone === 'eu-west-1a')).toHaveLength(1); // the quorum zone: one isolated subnet
    expect(subnetZones.filter((zone) => zone === 'eu-west-1b')).toHaveLength(3);
    expect(subnetZones.filter((zone) => zone === 'eu-west-1c')).toHaveLength(3);
    const records = resources.filter((r) => r.Type === 'AWS::Route53::RecordSet');
    expect(records.map((r) => [r.Properties.Name, r.Properties.HostedZoneId])).toEqual([
      ['shop.corp.example.org.', 'Z123EXAMPLE'], ['shop.corp.example.org.', 'Z123EXAMPLE'],
    ]);
  });

  test('two zones in context run without a quorum zone', () => {
    const { template } = synthSampleApp({ availabilityZones: 'eu-west-1b,eu-west-1c' });
    const subnetZones = (Object.values(template.Resources) as any[])
      .filter((r) => r.Type === 'AWS::EC2::Subnet').map((r) => r.Properties.AvailabilityZone);
    expect([...new Set(subnetZones)].sort()).toEqual(['eu-west-1b', 'eu-west-1c']);
  });

  describe('the placeholder hosted zone', () => {
    test('without -c hostedZoneId: a warning that names the context keys, and a template rule that stops a deploy', () => {
      const { template, warnings } = withoutContext();
      const placeholder = warnings.filter((w: string) => w.includes('placeholder hosted zone'));
      expect(placeholder).toHaveLength(1);
      expect(placeholder[0]).toMatch(/-c hostedZoneId=<id> -c hostedZoneName=<name>/);
      expect(template.Parameters.SampleHostedZoneId.Default).toBe('Z0000000000000EXAMPLE');
      expect(template.Rules.SampleHostedZoneIsReal.Assertions).toEqual([{
        Assert: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'SampleHostedZoneId' }, 'Z0000000000000EXAMPLE'] }] },
        AssertDescription: expect.stringMatching(/^This template was synthesized with the sample's placeholder hosted zone/),
      }]);
    });

    test('with a real zone: no placeholder warning, parameter or rule', () => {
      const { template, warnings } = withContext();
      expect(warnings.filter((w: string) => w.includes('placeholder'))).toEqual([]);
      expect(template.Parameters.SampleHostedZoneId).toBeUndefined();
      expect(template.Rules.SampleHostedZoneIsReal).toBeUndefined();
    });
  });
});
