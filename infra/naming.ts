// Names derived from the project and stack, so that two stacks never share a secret.

/** AWS Secrets Manager secret that holds the stack's signing key pair id and private key (docs/architecture.md#keys-and-rotation). */
export function signingKeySecretName(project: string, stack: string): string {
  return `${project}/${stack}/signing-key`;
}
