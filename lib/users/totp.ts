import { Secret, TOTP } from "otpauth";

// TOTP as RFC 6238 and every authenticator app use it: HMAC-SHA1, 6 digits, 30-second steps.
// otpauth (npm) does the RFC's arithmetic; this module decides the policy (docs/portal.md#two-factor-sign-in).
const PERIOD_S = 30;
const DIGITS = 6;
/** A code of the step before or after is accepted too (clocks drift, people type slowly). */
const WINDOW = 1;

/** A new random secret (160 bits, as RFC 4226 recommends), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, issuer: string, account: string): TOTP {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: DIGITS, period: PERIOD_S });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, issuer: string, account: string): string {
  return totp(secret, issuer, account).toString();
}

/** The code for an instant (tests, and nothing else). */
export function totpCode(secret: string, at: Date): string {
  return totp(secret, "", "").generate({ timestamp: at.getTime() });
}

/**
 * The step a code is valid for at `now`, when it is one and is later than `lastStep` (a code,
 * once accepted, is never accepted again, nor an older one); undefined otherwise.
 */
export function acceptTotp(secret: string, code: string, now: Date, lastStep: number | undefined): number | undefined {
  const digits = code.replace(/[\s-]/g, "");
  if (!/^\d{6}$/.test(digits)) return undefined;
  const delta = totp(secret, "", "").validate({ token: digits, timestamp: now.getTime(), window: WINDOW });
  if (delta === null) return undefined;
  const step = Math.floor(now.getTime() / 1000 / PERIOD_S) + delta;
  return lastStep !== undefined && step <= lastStep ? undefined : step;
}
