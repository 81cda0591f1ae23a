import { randomBytes } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeNewFile } from "../../lib/keys/generate.js";

/** The session secret of local mode: generated on first start and kept (mode 0600) beside the local keys. */
export async function localSessionSecret(keysDir: string): Promise<string> {
  const path = join(keysDir, "portal-session-secret");
  try {
    return (await readFile(path, "utf8")).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secret = randomBytes(48).toString("base64url");
  // A fresh data directory: the portal's start then reports the missing signing key, not this file.
  await mkdir(keysDir, { recursive: true, mode: 0o700 });
  await writeNewFile(path, `${secret}\n`, 0o600).catch(async (error: Error) => {
    // Another process created it first: use theirs.
    if (!/already exists/.test(error.message)) throw error;
  });
  return (await readFile(path, "utf8")).trim();
}

/** A password for the first admin account: 24 characters from 18 random bytes. */
export function generatedPassword(): string {
  return randomBytes(18).toString("base64url");
}
