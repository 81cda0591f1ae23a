import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

// Stored as "scrypt$N$r$p$salt$hash" (base64url), so the cost can be raised later
// without invalidating existing hashes.
const PRODUCTION_COST = { N: 2 ** 15, r: 8, p: 1 };
let cost = PRODUCTION_COST;

/**
 * Test fixtures only: new hashes in this process use a cost of microseconds instead of ~0.1 s of CPU.
 * Called by the test suite's setup file (test/support/cheap-password-hashing.ts), never by the
 * product; a hash records its own cost, so checking one stays correct either way
 * (docs/contributing.md#tests).
 */
export function useCheapPasswordHashingInTests(): void {
  cost = { N: 2 ** 4, r: 8, p: 1 };
}
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, options: { N: number; r: number; p: number }): Promise<Buffer> {
  const scryptOptions: ScryptOptions = { ...options, maxmem: 256 * options.N * options.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, KEY_LENGTH, scryptOptions, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, cost);
  return ["scrypt", cost.N, cost.r, cost.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** Constant-time check of a password against a stored hash; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return false;
  const options = { N: Number(n), r: Number(r), p: Number(p) };
  if (!Object.values(options).every((v) => Number.isSafeInteger(v) && v > 0)) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), options);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A hash of a random password, checked when the user does not exist so that timing does not tell. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString("hex"));
  return dummy;
}
