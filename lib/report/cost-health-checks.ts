/**
 * Route 53 health checks: a basic check (an AWS endpoint's or another's), plus one charge per optional feature per
 * check: HTTPS, string matching, fast interval (10 s) and latency measurement, each its own line.
 */
import { Ledger } from './cost-ledger';
import { isObject, num, TemplateModel, refOf, str } from './template-model';

/** The optional features a check's HealthCheckConfig turns on, by the name the report prints. */
export function healthCheckFeatures(config: Record<string, any>): string[] {
  const type = str(config.Type) ?? '';
  return [
    /^HTTPS/.test(type) ? 'HTTPS' : undefined,
    /_STR_MATCH$/.test(type) ? 'string matching' : undefined,
    num(config.RequestInterval) === 10 ? 'fast interval (10 s)' : undefined,
    config.MeasureLatency === true || config.MeasureLatency === 'true' ? 'latency measurement' : undefined,
  ].filter((feature): feature is string => feature !== undefined);
}

/**
 * Whether a check is billed as monitoring an AWS endpoint. Calculated and CloudWatch-alarm checks are; an endpoint
 * check is when its target is a resource of the template (`Fn::GetAtt` of a load balancer's DNS name, a `Ref`).
 * A literal domain name or IP address may be outside AWS: it is priced as such, the higher price.
 */
export function monitorsAwsEndpoint(model: TemplateModel, config: Record<string, any>): boolean {
  const type = str(config.Type) ?? '';
  if (type === 'CALCULATED' || type === 'CLOUDWATCH_METRIC' || type === 'RECOVERY_CONTROL') {
    return true;
  }
  const target = config.FullyQualifiedDomainName ?? config.IPAddress;
  const getAtt = isObject(target) && Array.isArray(target['Fn::GetAtt']) ? String(target['Fn::GetAtt'][0]) : undefined;
  const referenced = getAtt ?? refOf(target);
  return referenced !== undefined && referenced in model.template.Resources;
}

export function priceHealthCheck(ledger: Ledger, model: TemplateModel, id: string, type: string, p: Record<string, any>): void {
  const config: Record<string, any> = isObject(p.HealthCheckConfig) ? p.HealthCheckConfig : {};
  const aws = monitorsAwsEndpoint(model, config);
  const endpoint = aws ? 'aws-endpoint' : 'other-endpoint';
  const kind = str(config.Type) === 'CALCULATED' ? 'calculated health check'
    : str(config.Type) === 'CLOUDWATCH_METRIC' ? 'CloudWatch alarm health check'
      : `health check (${aws ? 'AWS endpoint' : 'endpoint outside AWS, or not known to be in AWS'})`;
  ledger.priced(id, type, kind, `route53:health-check-${endpoint}`, 1);
  for (const feature of healthCheckFeatures(config)) {
    ledger.priced(id, type, `health check option: ${feature}`, `route53:health-check-feature-${endpoint}`, 1);
  }
}
