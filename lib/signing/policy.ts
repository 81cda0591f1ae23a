import { parseIpv4Range } from "./cidr.js";

/** What a signed URL allows: one resource (maybe a wildcard), until an expiry, optionally from a start and an IP range. */
export interface PolicyConditions {
  resource: string;
  dateLessThan: Date;
  dateGreaterThan?: Date;
  /** IPv4 address or CIDR range. */
  ipAddress?: string;
}

/** Parsed policy: times in epoch seconds, as CloudFront compares them. */
export interface PolicyStatement {
  resource: string;
  dateLessThan: number;
  dateGreaterThan?: number;
  ipAddress?: string;
}

export function epochSeconds(date: Date): number {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new Error("invalid date");
  return Math.floor(ms / 1000);
}

/** A canned policy is possible only for an exact resource with an expiry and nothing else. */
export function needsCustomPolicy(conditions: PolicyConditions, url: string): boolean {
  return conditions.resource !== url || conditions.dateGreaterThan !== undefined || conditions.ipAddress !== undefined;
}

/** Compact policy JSON with CloudFront's key order: Resource, Condition (DateLessThan, IpAddress, DateGreaterThan). */
export function policyJson(conditions: PolicyConditions): string {
  const condition: Record<string, unknown> = { DateLessThan: { "AWS:EpochTime": epochSeconds(conditions.dateLessThan) } };
  if (conditions.ipAddress !== undefined) condition.IpAddress = { "AWS:SourceIp": parseIpv4Range(conditions.ipAddress).text };
  if (conditions.dateGreaterThan !== undefined) condition.DateGreaterThan = { "AWS:EpochTime": epochSeconds(conditions.dateGreaterThan) };
  return JSON.stringify({ Statement: [{ Resource: conditions.resource, Condition: condition }] });
}

/** The canned policy CloudFront rebuilds from a request that carries `Expires`. */
export function cannedPolicyJson(resource: string, expiresEpoch: number): string {
  return `{"Statement":[{"Resource":${JSON.stringify(resource)},"Condition":{"DateLessThan":{"AWS:EpochTime":${expiresEpoch}}}}]}`;
}

/** Reads a custom policy document; throws with a reason when it is not one CloudFront would accept. */
export function parsePolicy(json: string): PolicyStatement {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    throw new Error("policy is not JSON");
  }
  const statements = (doc as { Statement?: unknown })?.Statement;
  if (!Array.isArray(statements) || statements.length !== 1) throw new Error("policy must have exactly one Statement");
  const { Resource, Condition } = statements[0] as { Resource?: unknown; Condition?: Record<string, Record<string, unknown>> };
  if (typeof Resource !== "string" || !Resource) throw new Error("policy Resource must be a string");
  const lessThan = Condition?.DateLessThan?.["AWS:EpochTime"];
  if (typeof lessThan !== "number" || !Number.isInteger(lessThan)) throw new Error("policy needs DateLessThan AWS:EpochTime");
  const statement: PolicyStatement = { resource: Resource, dateLessThan: lessThan };
  const greaterThan = Condition?.DateGreaterThan?.["AWS:EpochTime"];
  if (greaterThan !== undefined) {
    if (typeof greaterThan !== "number" || !Number.isInteger(greaterThan)) throw new Error("policy DateGreaterThan must be epoch seconds");
    statement.dateGreaterThan = greaterThan;
  }
  const sourceIp = Condition?.IpAddress?.["AWS:SourceIp"];
  if (sourceIp !== undefined) {
    if (typeof sourceIp !== "string") throw new Error("policy IpAddress must be a CIDR string");
    parseIpv4Range(sourceIp);
    statement.ipAddress = sourceIp;
  }
  return statement;
}
