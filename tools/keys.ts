import { generateKeyPair, writeKeyPair } from "../lib/keys/generate.js";
import { UsageError } from "./cli.js";
import type { CommandLine, LocalContext } from "./commands/command.js";

/** `signed-share keys generate` (tools/commands/local.ts): a key pair as two PEM files. */
export async function run(line: CommandLine, { io }: LocalContext): Promise<number> {
  const values = line.values as { type?: string; out?: string; name?: string; json?: boolean };
  const type = values.type ?? "rsa";
  if (type !== "rsa" && type !== "ecdsa") throw new UsageError(`--type must be rsa or ecdsa, got "${type}"`);
  if (!values.out) throw new UsageError("--out DIR is required");
  if (values.name !== undefined && !/^[A-Za-z0-9._-]{1,64}$/.test(values.name)) throw new UsageError("--name may hold letters, digits, . _ - only");

  const files = await writeKeyPair(values.out, generateKeyPair(type), values.name);
  if (values.json) io.stdout.write(`${JSON.stringify({ type, ...files })}\n`);
  else io.stdout.write(`private key: ${files.privateKeyPath} (mode 0600, keep it secret)\npublic key:  ${files.publicKeyPath}\n`);
  return 0;
}
