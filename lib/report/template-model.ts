/**
 * Reads a synthesized CloudFormation template into the model the report works on: the zones, and the
 * resources of each tier with the settings that decide capacity, cost and recovery.
 *
 * It reads what will deploy (the template, escape hatches included), never the construct's props. Values it
 * cannot resolve offline (parameters, imports, tokens) are left undefined and the report says so.
 *
 * The readers live by family (read-network, read-servers, read-databases, read-quorum-tiers, read-dns); the model's
 * types are in model.ts and the value helpers in template-values.ts, both re-exported from here.
 */
import { TemplateModel } from './model';
import { newReadContext } from './read-context';
import { readCaches, readDatabases } from './read-databases';
import { readDns } from './read-dns';
import { platformZoneOrder } from './read-metadata';
import { modelOfFamilies, readNetwork } from './read-network';
import { readBrokers, readSearchDomains } from './read-quorum-tiers';
import { readServers } from './read-servers';
import { CfnTemplate, isObject } from './template-values';

export * from './model';
export * from './template-values';
export { ELB_ALIAS_TTL_SECONDS } from './read-dns';

/** The input is not a CloudFormation template the report can read. Its message is one line, for the CLI. */
export class ReportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
    Object.setPrototypeOf(this, ReportInputError.prototype);
  }
}

/** Parses the text of a template file. Throws {@link ReportInputError} with a one-line message. */
export function parseTemplateText(text: string, source = 'the input'): CfnTemplate {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ReportInputError(`${source} is not valid JSON (${detail.split('\n')[0]})`);
  }
  return parseTemplate(json, source);
}

/** Checks a parsed JSON value is a CloudFormation template. Throws {@link ReportInputError} when it is not. */
export function parseTemplate(json: unknown, source = 'the input'): CfnTemplate {
  if (!isObject(json)) {
    const kind = Array.isArray(json) ? 'an array' : json === null ? 'null' : `a ${typeof json}`;
    throw new ReportInputError(`${source} is not a CloudFormation template: expected a JSON object with "Resources", got ${kind}`);
  }
  if (!('Resources' in json)) {
    const keys = Object.keys(json).slice(0, 5).map((key) => `"${key}"`).join(', ');
    throw new ReportInputError(`${source} is not a CloudFormation template: it has no "Resources" section` +
      (keys ? ` (top-level keys: ${keys})` : ' (it is an empty object)'));
  }
  const resources = json.Resources;
  if (!isObject(resources)) {
    throw new ReportInputError(`${source} is not a CloudFormation template: "Resources" must be an object`);
  }
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isObject(resource) || typeof resource.Type !== 'string' || resource.Type === '') {
      throw new ReportInputError(`${source} is not a valid CloudFormation template: resource "${logicalId}" has no "Type"`);
    }
    if (resource.Properties !== undefined && !isObject(resource.Properties)) {
      throw new ReportInputError(`${source} is not a valid CloudFormation template: "Properties" of "${logicalId}" must be an object`);
    }
  }
  return json as unknown as CfnTemplate;
}

/** Reads a template (parsed with {@link parseTemplate}) into the report's model. */
export function readPlatform(template: CfnTemplate): TemplateModel {
  const ctx = newReadContext(template.Resources);
  const families = {
    ...readNetwork(ctx),
    ...readServers(ctx),
    databases: readDatabases(ctx),
    caches: readCaches(ctx),
    searchDomains: readSearchDomains(ctx),
    brokers: readBrokers(ctx),
    ...readDns(ctx),
    objectStorage: ctx.ofType('AWS::S3::Bucket').length > 0,
  };
  return { ...modelOfFamilies(ctx.zoneKeys, families, platformZoneOrder(template)), template };
}
