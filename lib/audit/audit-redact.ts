import type { AuditValue } from "./audit-entry.js";

// The audit trail never holds a secret, a signature or a password (docs/audit.md): whatever a writer
// passes, fields named like one are dropped and signed URLs lose their query string.
const SECRET_NAME = /pass(word)?|secret|token|signature|private|credential|recovery|otp|totp|cookie|session/i;
const SIGNED_QUERY = /\?[^\s]*(Signature|Key-Pair-Id|Policy|X-Amz-)[^\s]*/g;
const MAX_TEXT = 2000;
const MAX_LIST = 100;

export function redactDetails(details: Record<string, AuditValue>): Record<string, AuditValue> {
  const kept: Record<string, AuditValue> = {};
  for (const [name, value] of Object.entries(details)) {
    if (SECRET_NAME.test(name)) continue;
    kept[name] = redactValue(value);
  }
  return kept;
}

function redactValue(value: AuditValue): AuditValue {
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) {
    const list = (value as readonly string[]).slice(0, MAX_LIST).map(redactText);
    return value.length > MAX_LIST ? [...list, `… ${value.length - MAX_LIST} more`] : list;
  }
  return value;
}

function redactText(text: string): string {
  const cut = text.replace(SIGNED_QUERY, "?[signature removed]");
  return cut.length > MAX_TEXT ? `${cut.slice(0, MAX_TEXT)}…` : cut;
}
