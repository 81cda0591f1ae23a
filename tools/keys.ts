import { generateKeyPair, writeKeyPair } from "../lib/keys/generate.js";
import { parseFlags, runCli, UsageError } from "./cli.js";

const help = `Usage: signed-share keys generate --type rsa|ecdsa --out DIR [--name NAME] [--json]

Generates a CloudFront signing key pair:
  RSA-2048 (private key PKCS#1 "RSA PRIVATE KEY", readable by \`aws cloudfront sign\`) or ECDSA P-256;
  public key as SPKI PEM, the form CloudFront's public keys take.

  --type rsa|ecdsa   key type (default rsa)
  --out DIR          where to write [NAME-]private_key.pem (mode 0600) and [NAME-]public_key.pem
  --name NAME        file name prefix
  --json             print the file paths as JSON
  -h, --help         this text

Existing files are never overwritten. Exit codes: 0 written, 1 could not write, 2 bad usage.

Also runs as: npm run keys -- [arguments] (npm adds its own lines to stdout: scripts use signed-share keys)`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      type: { type: "string", default: "rsa" },
      out: { type: "string" },
      name: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  if (values.help || positionals.length === 0) {
    process.stdout.write(`${help}\n`);
    return values.help ? 0 : 2;
  }
  if (positionals[0] !== "generate" || positionals.length > 1) throw new UsageError(`unknown command "${positionals.join(" ")}" (see --help)`);
  if (values.type !== "rsa" && values.type !== "ecdsa") throw new UsageError(`--type must be rsa or ecdsa, got "${values.type}"`);
  if (!values.out) throw new UsageError("--out DIR is required");
  if (values.name !== undefined && !/^[A-Za-z0-9._-]{1,64}$/.test(values.name)) throw new UsageError("--name may hold letters, digits, . _ - only");

  const files = await writeKeyPair(values.out, generateKeyPair(values.type), values.name);
  if (values.json) process.stdout.write(`${JSON.stringify({ type: values.type, ...files })}\n`);
  else process.stdout.write(`private key: ${files.privateKeyPath} (mode 0600, keep it secret)\npublic key:  ${files.publicKeyPath}\n`);
  return 0;
}

runCli(main);
