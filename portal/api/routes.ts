// The JSON API's routes: each is an operation of lib/ops at a method and path. The handlers
// (operation-routes.ts) and the OpenAPI description (openapi.ts) are both made from this table.
import type { AnyOperation } from "../../lib/ops/operation.js";
import { ops } from "../../lib/ops/registry.js";

export interface ApiRoute {
  operation: AnyOperation;
  method: "get" | "post";
  /** OpenAPI form: path parameters in braces, each an input field of the operation. */
  path: `/api/${string}`;
  /** The status of a success (default 200). */
  status?: 200 | 201;
  /** Input fields a POST also reads from the query string (GET reads every field there). */
  query?: readonly string[];
}

export const API_ROUTES: readonly ApiRoute[] = [
  { operation: ops.clients.list, method: "get", path: "/api/clients" },
  { operation: ops.files.createClient, method: "post", path: "/api/clients", status: 201 },
  { operation: ops.files.list, method: "get", path: "/api/clients/{client}/files" },
  { operation: ops.files.delete, method: "post", path: "/api/clients/{client}/files/delete" },
  { operation: ops.files.scan, method: "post", path: "/api/files/scan" },
  { operation: ops.uploads.start, method: "post", path: "/api/uploads", status: 201 },
  { operation: ops.uploads.parts, method: "post", path: "/api/uploads/parts" },
  { operation: ops.uploads.complete, method: "post", path: "/api/uploads/complete", status: 201 },
  { operation: ops.uploads.abort, method: "post", path: "/api/uploads/abort" },
  { operation: ops.clients.profile, method: "get", path: "/api/clients/{client}/profile" },
  { operation: ops.clients.updateProfile, method: "post", path: "/api/clients/{client}/profile" },
  { operation: ops.links.issue, method: "post", path: "/api/clients/{client}/links", status: 201 },
  { operation: ops.links.revokeAll, method: "post", path: "/api/clients/{client}/links/revoke" },
  { operation: ops.links.issueAll, method: "post", path: "/api/links/issue-all", status: 201 },
  { operation: ops.links.list, method: "get", path: "/api/links" },
  { operation: ops.links.revokeMany, method: "post", path: "/api/links/revoke" },
  // Before /api/links/{linkId}: "legacy" is no link id.
  { operation: ops.links.legacy, method: "get", path: "/api/links/legacy" },
  { operation: ops.links.get, method: "get", path: "/api/links/{linkId}" },
  { operation: ops.links.activity, method: "get", path: "/api/links/{linkId}/activity" },
  { operation: ops.links.send, method: "post", path: "/api/links/{linkId}/send", query: ["client"] },
  { operation: ops.links.revoke, method: "post", path: "/api/links/{linkId}/revoke" },
  { operation: ops.links.edit, method: "post", path: "/api/links/{linkId}/edit", query: ["client"] },
  { operation: ops.links.renew, method: "post", path: "/api/links/{linkId}/renew", status: 201 },
  { operation: ops.links.revokeId, method: "post", path: "/api/revocations" },
  { operation: ops.links.prune, method: "post", path: "/api/revocations/prune" },
  { operation: ops.brand.show, method: "get", path: "/api/brand" },
  { operation: ops.brand.set, method: "post", path: "/api/brand" },
  { operation: ops.mail.settings, method: "get", path: "/api/mail/settings" },
  { operation: ops.mail.setSettings, method: "post", path: "/api/mail/settings" },
  { operation: ops.requests.create, method: "post", path: "/api/clients/{client}/requests", status: 201 },
  { operation: ops.requests.list, method: "get", path: "/api/requests" },
  { operation: ops.requests.get, method: "get", path: "/api/requests/{requestId}" },
  { operation: ops.requests.close, method: "post", path: "/api/requests/{requestId}/close" },
  { operation: ops.tokens.list, method: "get", path: "/api/tokens" },
  { operation: ops.tokens.create, method: "post", path: "/api/tokens", status: 201 },
  { operation: ops.tokens.revoke, method: "post", path: "/api/tokens/{name}/revoke" },
  { operation: ops.users.list, method: "get", path: "/api/users" },
  { operation: ops.users.add, method: "post", path: "/api/users", status: 201 },
  { operation: ops.users.setRole, method: "post", path: "/api/users/{name}/role" },
  { operation: ops.users.disable, method: "post", path: "/api/users/{name}/disable", query: ["source"] },
  { operation: ops.users.enable, method: "post", path: "/api/users/{name}/enable", query: ["source"] },
  { operation: ops.users.signOut, method: "post", path: "/api/users/{name}/sign-out", query: ["source"] },
  { operation: ops.users.resetPassword, method: "post", path: "/api/users/{name}/password" },
  { operation: ops.users.resetTwoFactor, method: "post", path: "/api/users/{name}/two-factor/reset" },
  { operation: ops.users.remove, method: "post", path: "/api/users/{name}/remove", query: ["source"] },
  { operation: ops.audit.list, method: "get", path: "/api/audit" },
  { operation: ops.keys.status, method: "get", path: "/api/keys" },
];

/** `/api/links/{linkId}` → `/api/links/:linkId` (Hono's form). */
export function honoPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ":$1");
}

/** The path parameters of a route, in order. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
}
