import { createHash, randomBytes } from "node:crypto";

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i: read aloud and typed from paper

/**
 * Ten one-time recovery codes of 16 characters (about 79 bits each, so an unsalted SHA-256 is
 * enough to store them: nobody guesses one from its hash), shown as xxxx-xxxx-xxxx-xxxx.
 */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(16);
    const chars = [...bytes].map((byte) => ALPHABET[byte % ALPHABET.length]).join(""); // 256 % 31 bias is negligible here
    return chars.match(/.{4}/g)!.join("-");
  });
}

/** The stored form of a code: how it was typed does not matter (case, dashes, spaces). */
export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normalizeRecoveryCode(code)).digest("hex");
}

export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "");
}

/** Whether the text has the form of a recovery code (16 of the alphabet's characters), not of a TOTP code. */
export function looksLikeRecoveryCode(code: string): boolean {
  return new RegExp(`^[${ALPHABET}]{16}$`).test(normalizeRecoveryCode(code));
}
