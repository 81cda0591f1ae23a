// Names derived from the project and stack, so that two stacks never share a secret.
import { createHash } from "node:crypto";

/** AWS Secrets Manager secret that holds the stack's signing key pair id and private key (docs/architecture.md#keys-and-rotation). */
export function signingKeySecretName(project: string, stack: string): string {
  return `${project}/${stack}/signing-key`;
}

/** Secrets Manager secrets of the portal on Lambda: the session secret, and the OIDC client secret when SSO is on. */
export function portalSecretNames(project: string, stack: string): { session: string; oidcClient: string } {
  return { session: `${project}/${stack}/portal-session`, oidcClient: `${project}/${stack}/portal-oidc-client` };
}

/**
 * CloudFront Function and KeyValueStore names are account-global and must match [A-Za-z0-9_-]{1,64}.
 * Stack names may hold `.` (and two stacks of one name can share an account: other backends or
 * organisations), so the name is the stack name made valid, plus 8 hex digits of a hash of something
 * no other stack has (the files bucket's name, unique in all of S3), plus what it is. Only creation uses
 * it: the resources keep the name they were created with (ignoreChanges in infra/edge-guard.ts).
 */
export function edgeResourceName(stack: string, unique: string, kind: "revoked-links" | "revocation-guard"): string {
  const hash = createHash("sha256").update(`${stack}\n${unique}`).digest("hex").slice(0, 8);
  const prefix = "signed-share-";
  const room = 64 - prefix.length - hash.length - kind.length - 2;
  const stackPart = stack.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, room);
  return `${prefix}${stackPart}-${hash}-${kind}`;
}
