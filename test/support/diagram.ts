// The README's architecture diagram, generated from a synthesized template (through the report's model),
// so it shows what deploys and cannot drift from the code. `npx projen readme` rewrites it; a test checks it.
import { brokerNodeZones, searchShare } from '../../lib/report/placement';
import { CfnTemplate, PlatformModel, readPlatform } from '../../lib/report/template-model';

const line = (text: string) => `    ${text}`;

export function architectureDiagram(template: CfnTemplate): string {
  const model = readPlatform(template);
  const zoneName = (key: string) => model.zones.find((z) => z.key === key)?.name ?? 'no known zone';
  const out: string[] = ['```mermaid', 'flowchart TB'];

  const records = model.dnsRecords.filter((r) => r.aliasLoadBalancerId);
  const check = model.healthChecks[0];
  const routing = records[0]?.routing === 'failover' ? 'failover: zone 1 primary, zone 2 secondary' : 'weighted 50/50';
  out.push(line(`dns["Route 53 ${records[0]?.name ?? ''}<br/>${routing}<br/>HTTPS health checks every ${check?.intervalSeconds} s, ${check?.failureThreshold} failures"]`));

  const nodesByZone = new Map<string, string[]>();
  const add = (zone: string, node: string) => nodesByZone.set(zone, [...(nodesByZone.get(zone) ?? []), node]);
  model.loadBalancers.forEach((lb, i) => add(lb.targetZones[0] ?? '', `alb${i}["ALB + AWS WAF<br/>(spans both zones, targets this zone)"]`));
  model.serverGroups.forEach((group, i) => add(group.zones[0] ?? '',
    `asg${i}["${group.tier === 'app' ? 'App servers' : 'Workers'}: ${group.minSize} x ${group.instanceType}"]`));
  model.databases.forEach((db, d) => db.nodes.forEach((node, n) => add(node.zone,
    `db${d}_${n}[("PostgreSQL ${node.role.replace(/-/g, ' ')}<br/>${node.instanceClass}")]`)));
  model.caches.forEach((cache, c) => cache.nodes.forEach((node, n) => add(node.zone,
    `cache${c}_${n}[("${cache.engine ?? 'cache'} ${node.role}<br/>${cache.nodeType}")]`)));
  model.searchDomains.forEach((domain, s) => {
    const placed = domain.zones.map((zone) => ({ zone, share: searchShare(domain, zone) }));
    placed.forEach(({ zone, share }, z) => {
      const masters = !share ? '' : share.mastersMin === share.mastersMax
        ? ` + ${share.mastersMin} master${share.mastersMin === 1 ? '' : 's'}`
        : ` + ${share.mastersMin}-${share.mastersMax} masters`;
      const standby = domain.multiAzWithStandby ? ' (one zone\'s on standby)' : '';
      add(zone, `search${s}_${z}[("OpenSearch: ${share?.dataNodes ?? '?'} data nodes${standby}${masters}")]`);
    });
    if (placed.some(({ share }) => !share)) {
      add('', `masters${s}[("OpenSearch: ${domain.masterNodes} dedicated masters")]`);
    }
  });
  model.brokers.forEach((broker, b) => {
    const zones = brokerNodeZones(broker);
    if (zones) {
      zones.forEach((zone, z) => add(zone, `broker${b}_${z}[("RabbitMQ ${broker.engineVersion ?? ''} node<br/>${broker.hostInstanceType}")]`));
    } else {
      add('', `broker${b}[("RabbitMQ ${broker.deploymentMode}: ${broker.nodes} x ${broker.hostInstanceType}")]`);
    }
  });
  model.natGateways.forEach((nat, i) => add(nat.zone, `nat${i}["NAT gateway"]`));

  const zones = [...model.zones.map((z) => z.key), ''];
  zones.forEach((zone, i) => {
    const nodes = nodesByZone.get(zone) ?? [];
    if (nodes.length === 0) {
      return;
    }
    const role = model.zones.find((z) => z.key === zone)?.role === 'quorum' ? ': quorum members only' : '';
    out.push(line(`subgraph z${i}["${zone ? `${zoneName(zone)}${role}` : 'placed by AWS'}"]`));
    nodes.forEach((node) => out.push(line(`  ${node}`)));
    out.push(line('end'));
  });

  records.forEach((record) => {
    const lb = model.loadBalancers.findIndex((l) => l.logicalId === record.aliasLoadBalancerId);
    const label = record.failover ? record.failover.toLowerCase() : `weight ${record.weight}`;
    out.push(line(`dns -->|${label}| alb${lb}`));
  });
  model.loadBalancers.forEach((lb, i) => model.serverGroups.forEach((group, g) => {
    if (group.targetGroupIds.some((tg) => lb.targetGroupIds.includes(tg))) {
      out.push(line(`alb${i} -->|app port| asg${g}`));
    }
  }));
  out.push('```');
  return out.join('\n');
}

export function modelOf(template: CfnTemplate): PlatformModel {
  return readPlatform(template);
}
