import type { Context } from "hono";
import type { z } from "zod";
import type { Actor, AnyOperation, RunContext } from "../lib/ops/operation.js";
import { runOperation } from "../lib/ops/run.js";
import { clientAddress } from "./client-address.js";
import type { PortalDeps } from "./deps.js";
import type { AppEnv, SessionUser, SignedInEnv } from "./env.js";
import type { ReadCache } from "./sharing/read-cache.js";

/** The person or token behind a request, as operations see them (with the request's address, for the audit trail). */
export function actorOf(user: SessionUser, via: Actor["via"], from?: string): Actor {
  return { name: user.name, role: user.role, via, ...(user.source === "token" ? { token: true } : {}), ...(from && from !== "unknown" ? { from } : {}) };
}

export type RunOperation = <O extends AnyOperation>(c: Context<AppEnv & SignedInEnv>, operation: O, input: unknown, context?: RunContext) => Promise<z.input<O["result"]>>;

/**
 * How the portal's pages (via "portal") and JSON API (via "api") run an operation as the signed-in
 * user; a change made through this portal drops the pages' cached listings at once.
 */
export function operationRunner(deps: PortalDeps, reads: ReadCache, via: Actor["via"]): RunOperation {
  return (c, operation, input, context) =>
    runOperation(operation, deps.services, input, actorOf(c.get("user"), via, clientAddress(c, deps.trustProxy ?? false)), context).finally(() => {
      if (operation.mutates) reads.changed();
    });
}
