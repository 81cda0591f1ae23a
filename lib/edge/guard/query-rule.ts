import { querystringOf } from "./guard-runtime.js";
import { guardFunctionSource } from "./guard-source.js";
import { evaluateGuard, NO_STORE, type GuardFile } from "./guard-vm.js";

let rule: GuardFile["linkIdOf"] | undefined;

/**
 * The link id the edge guard reads from a raw query string (as sent, without `?`), by the guard's own
 * rule (`linkIdOf` in lib/edge/guard/viewer-request.js: exactly one `l`, otherwise only signing
 * parameters): the id, "" when the query is allowed but carries no `l`, null when the guard refuses it.
 * Download attribution credits a request to a link only through this, so a query the guard would refuse
 * is never credited to any link (docs/revocation.md).
 */
export function guardedLinkId(rawQuery: string | undefined): string | null {
  rule ??= evaluateGuard(guardFunctionSource(), NO_STORE).linkIdOf;
  return rule(querystringOf(rawQuery));
}
