// Every operation of the product, by family. The API routes (portal/api/routes.ts) and the CLI's
// command table (tools/commands/) point at these; tests iterate over OPERATIONS to check that each
// one has both doors, gives the same document at both, and is described in the OpenAPI document.
import { auditOperations } from "./audit/index.js";
import { brandOperations } from "./brand/index.js";
import { clientOperations } from "./clients/index.js";
import { deliveryOperations } from "./delivery/index.js";
import { fileOperations } from "./files/index.js";
import { keyOperations } from "./keys/index.js";
import { linkOperations } from "./links/index.js";
import { mailOperations } from "./mail/index.js";
import type { AnyOperation } from "./operation.js";
import { userOperations } from "./users/index.js";
import { requestOperations } from "./requests/index.js";
import { tokenOperations } from "./tokens/index.js";
import { uploadOperations } from "./uploads/index.js";

export const ops = {
  links: linkOperations,
  clients: clientOperations,
  brand: brandOperations,
  requests: requestOperations,
  files: fileOperations,
  uploads: uploadOperations,
  tokens: tokenOperations,
  users: userOperations,
  audit: auditOperations,
  delivery: deliveryOperations,
  mail: mailOperations,
  keys: keyOperations,
} as const;

/** Every operation, in a stable order. */
export const OPERATIONS: readonly AnyOperation[] = Object.values(ops).flatMap((family) => Object.values(family) as AnyOperation[]);

/** The operation of that name ("links.issue"). */
export function operationNamed(name: string): AnyOperation | undefined {
  return OPERATIONS.find((operation) => operation.name === name);
}
