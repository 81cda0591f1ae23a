// Names derived from the project and stack, so that two stacks never share a secret.

/** AWS Secrets Manager secret that holds the stack's signing key pair id and private key (docs/architecture.md#keys-and-rotation). */
export function signingKeySecretName(project: string, stack: string): string {
  return `${project}/${stack}/signing-key`;
}

/** Secrets Manager secrets of the portal on Lambda: the session secret, and the OIDC client secret when SSO is on. */
export function portalSecretNames(project: string, stack: string): { session: string; oidcClient: string } {
  return { session: `${project}/${stack}/portal-session`, oidcClient: `${project}/${stack}/portal-oidc-client` };
}
