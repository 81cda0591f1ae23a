import type { z } from "zod";
import { InvalidRequestError, ShareError } from "../errors.js";
import type { Actor, AnyOperation, RunContext } from "./operation.js";
import type { Services } from "./services.js";

/**
 * Runs an operation the one way every door does: checks the actor's role, validates the raw input
 * against the operation's schema (a problem is a bad-input error naming its field), runs it, and
 * writes the audit entry of a state change. The result is the operation's document as it is.
 */
export async function runOperation<O extends AnyOperation>(operation: O, services: Services, raw: unknown, actor: Actor, context: RunContext = {}): Promise<z.input<O["result"]>> {
  if (operation.access === "admin" && actor.role !== "admin") {
    throw new ShareError("forbidden", `${operation.summary.replace(/\.$/, "")}: admins only (you are signed in as ${actor.role})`);
  }
  if (operation.tokens === false && actor.token) {
    throw new ShareError("forbidden", `${operation.summary.replace(/\.$/, "")}: API tokens cannot do this; sign in to the portal as an admin, or use the CLI`);
  }
  const input = parseInput(operation, raw);
  try {
    const result = await operation.run(services, input, actor, context);
    if (operation.mutates) await audit(operation, services, input, result, actor, "ok");
    return result;
  } catch (error) {
    if (operation.mutates && error instanceof ShareError && error.partial) await audit(operation, services, input, error.partial, actor, error.kind);
    throw error;
  }
}

/** The input as the operation's schema reads it; the first problem becomes "field: message" with `field` set. */
export function parseInput<O extends AnyOperation>(operation: O, raw: unknown): z.output<O["input"]> {
  const parsed = operation.input.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.map(String).join(".") : undefined;
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0]!;
    throw new InvalidRequestError(`${key}: not a field of this request`, { field: key });
  }
  return raiseInvalid(field, issue.message);
}

function raiseInvalid(field: string | undefined, message: string): never {
  throw new InvalidRequestError(field ? `${field}: ${message}` : message, field ? { field } : {});
}

async function audit(operation: AnyOperation, services: Services, input: unknown, result: unknown, actor: Actor, outcome: "ok" | ShareError["kind"]): Promise<void> {
  if (!operation.mutates) return;
  const made = operation.audit(input, (result ?? {}) as Record<string, unknown>);
  for (const { event, details, outcome: own } of Array.isArray(made) ? made : [made]) {
    await services.audit.record({ event, operation: operation.name, at: services.clock().toISOString(), actor, outcome: own ?? outcome, details, ...(actor.from ? { from: actor.from } : {}) });
  }
}
