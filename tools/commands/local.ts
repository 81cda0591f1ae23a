// The commands of the table that run on this machine's files, keys and ports: the key tools, `sign`,
// `files put` and the local edge. Their help, flags, common flags and exit codes come from
// the table like every command's; each `run` loads its module only when it runs, so the AWS SDK of
// rotate-keys stays out of `signed-share links list`'s start-up.
import { ops } from "../../lib/ops/registry.js";
import { defineLocalCommand, type CommandLine, type LocalContext } from "./command.js";

/** Runs the `run` export of a module of tools/, loaded on use (an import(), so the command also runs in a test's process). */
const lazy =
  (load: () => Promise<{ run(line: CommandLine, context: LocalContext): Promise<number | void> }>) =>
  async (line: CommandLine, context: LocalContext) =>
    (await load()).run(line, context);

export const keysGenerateCommand = defineLocalCommand({
  name: "keys generate",
  summary: "generate a CloudFront key pair as PEM files",
  usage: "keys generate --type rsa|ecdsa --out DIR [--name NAME]",
  description:
    'Generates a CloudFront signing key pair: RSA-2048 (private key PKCS#1 "RSA PRIVATE KEY", readable by `aws cloudfront sign`) or ECDSA P-256; the public key as SPKI PEM, the form CloudFront\'s public keys take. Existing files are never overwritten.',
  arguments: [],
  flags: [
    { name: "type", type: "string", value: "rsa|ecdsa", help: "key type (default rsa)" },
    { name: "out", type: "string", value: "DIR", help: "where to write [NAME-]private_key.pem (mode 0600) and [NAME-]public_key.pem" },
    { name: "name", type: "string", value: "NAME", help: "file name prefix" },
  ],
  common: ["json"],
  examples: ["signed-share keys generate --type rsa --out ./keys", "signed-share keys generate --type ecdsa --out ./keys --name edge --json"],
  errors: [],
  exitCodes: { 1: "could not write the files" },
  run: lazy(() => import("../keys.js")),
});

export const keysInitCommand = defineLocalCommand({
  name: "keys:init",
  summary: "the first signing key of a stack",
  usage: "keys:init [--stack S] [--type rsa|ecdsa] [--store local|secretsmanager] [--force]",
  description:
    "Creates the first signing key pair. With --stack S: stores the private key (Secrets Manager secret signed-share/S/signing-key by default, or the local key directory) and writes the public key into Pulumi.S.yaml as signed-share:signingPublicKey, so that `pulumi up --stack S` creates the bootstrap key. Without --stack: the key of local mode (the local edge trusts it). The private key is never printed.\n\nOnly before the first `pulumi up`: the bootstrap key of a deployed stack never changes (a new one would not join the key group). keys:init refuses a stack that has outputs; use rotate-keys there. The secret is created in the stack's aws:region (Pulumi.S.yaml), with admin credentials: the rotation policy does not exist before the first deployment.",
  arguments: [],
  flags: [
    { name: "stack", type: "string", value: "S", help: "Pulumi stack whose Pulumi.S.yaml gets the public key" },
    { name: "type", type: "string", value: "rsa|ecdsa", help: "key type (default ecdsa; rsa if clients use the AWS CLI v1 signer)" },
    { name: "store", type: "string", value: "local|secretsmanager", help: "where the private key goes (default: secretsmanager with --stack, else local)" },
    { name: "force", type: "boolean", help: "replace a key of a stack that was never deployed" },
  ],
  common: ["config"],
  examples: ["signed-share keys:init --stack dev", "signed-share keys:init --stack dev --type rsa --store local"],
  errors: ["conflict"],
  exitCodes: { 1: "failed, or refused (a key exists, the stack is deployed): the message says what to run instead", 2: "bad command line or region" },
  run: lazy(() => import("../keys-init.js")),
});

export const rotateKeysCommand = defineLocalCommand({
  name: "rotate-keys",
  summary: "rotate the signing key (revokes every link unless --keep-old)",
  usage: "rotate-keys [--stack S] [--keep-old | --retire] [--dry-run] [--yes] [options]",
  description:
    "Rotates the CloudFront signing key with no downtime (docs/rotation.md): creates a new key, adds it to the key group, waits until the edge accepts it, makes it the active key, waits for running portals to pick it up, then removes the old keys (every link they signed stops working), marks those links revoked, waits until the edge denies them, prunes the revocation list of their ids (docs/revocation.md), invalidates cached pages and deletes the old public keys. A rotation that was interrupted is finished first. Local mode (no SHARE_BUCKET) rotates the local key directory and the local edge's trusted keys.\n\nWith --json: one summary object on stdout (steps still go to stderr); a rotation that was not confirmed, is locked or failed prints its summary with an `error` member.",
  arguments: [],
  flags: [
    { name: "keep-old", type: "boolean", help: "stop after activation: old links keep working until they expire" },
    { name: "retire", type: "boolean", help: "later: remove every key but the active one (revokes their links)" },
    { name: "dry-run", type: "boolean", help: "show the plan, change nothing" },
    { name: "yes", short: "y", type: "boolean", help: "do not ask for confirmation (needed when stdin is not a terminal: without it the command changes nothing and exits 2)" },
    { name: "stack", type: "string", value: "S", help: "the Pulumi stack (names the key secret signed-share/S/signing-key if unset)" },
    { name: "type", type: "string", value: "rsa|ecdsa", help: "type of the new key (default: the type of the active key)" },
    { name: "propagation-wait", type: "string", value: "D", help: "wait after activation for portals to re-read the key (default 60s; local 2s)" },
    { name: "probe-timeout", type: "string", value: "D", help: "how long to wait for the edge each time (default 10m; local 30s)" },
    { name: "invalidation-timeout", type: "string", value: "D", help: "how long to wait for the invalidation (default 20m)" },
    { name: "edge-url", type: "string", value: "URL", help: "local mode: the running local edge (default EDGE_URL, else the edge that a running local mode recorded in SHARE_DATA_DIR/local-mode.json)" },
    { name: "force-unlock", type: "boolean", help: "take the rotation lock although another run seems to hold it (it died)" },
  ],
  common: ["by", "config", "json"],
  examples: ["signed-share rotate-keys --stack prod --dry-run", "signed-share rotate-keys --stack prod --keep-old --yes", "signed-share rotate-keys --stack prod --retire --yes --json"],
  errors: ["locked"],
  exitCodes: { 1: "failed (the message names the step, the state and what to run next)", 2: "bad command line, or not confirmed (nothing was changed)" },
  runs: ops.keys.rotate,
  run: lazy(() => import("../rotate-keys.js")),
});

export const signCommand = defineLocalCommand({
  name: "sign",
  summary: "sign one URL, with the flags of aws cloudfront sign",
  usage: "sign --url URL --key-pair-id ID --private-key file://PATH --date-less-than WHEN [options]",
  description:
    "Signs a CloudFront URL and prints only the signed URL (flags as in `aws cloudfront sign`). The expiry follows the rule every link follows (docs/links.md): in the future, and at most the maximum expiry from now.",
  arguments: [],
  flags: [
    { name: "url", type: "string", value: "URL", help: "the exact URL the viewer will request (http or https)" },
    { name: "key-pair-id", type: "string", value: "ID", help: "the CloudFront public key id (K...)" },
    { name: "private-key", type: "string", value: "file://P", help: "RSA-2048 or ECDSA P-256 private key, PEM" },
    { name: "date-less-than", type: "string", value: "WHEN", help: "expiry: ISO 8601, epoch seconds, or a duration from now (7d, 12h)" },
    { name: "date-greater-than", type: "string", value: "WHEN", help: "not valid before this instant (custom policy)" },
    { name: "ip-address", type: "string", value: "CIDR", help: "only viewers from this IPv4 range (custom policy)" },
    { name: "policy-resource", type: "string", value: "URL", help: "policy resource, may hold wildcards: https://host/client/* (custom policy)" },
    { name: "hash-algorithm", type: "string", value: "ALG", help: "SHA1 (default) or SHA256" },
    { name: "max-expiry", type: "string", value: "DURATION", help: "refuse an expiry further away than this (default SHARE_MAX_EXPIRY, else 366d); raise it explicitly for a longer-lived URL" },
    {
      name: "link-id",
      type: "string",
      value: "ID|new",
      help: 'add l=ID to the URL before signing, as the product does for every link: a distribution with the revocation guard refuses URLs without it (docs/revocation.md). "new" draws a random id and prints it on stderr; revoke it later with: signed-share links revoke ID --until WHEN',
    },
  ],
  common: [],
  examples: ["signed-share sign --url https://files.example.com/acme/report.pdf --key-pair-id K2JCJMDEHXQW5F --private-key file://private_key.pem --date-less-than 7d --link-id new"],
  errors: [],
  run: lazy(() => import("../sign.js")),
});

export const edgeCommand = defineLocalCommand({
  name: "edge",
  summary: "the local CloudFront edge",
  usage: "edge --root DIR --trusted-key ID=PUBLIC_PEM [--trusted-key ...] [options]",
  description:
    'Runs the local CloudFront edge: serves DIR/<path> for GET/HEAD /<path> only for requests whose signature CloudFront would accept from a distribution trusting the given keys; everything else gets CloudFront\'s 403 (the reason is in the X-Deny-Reason header and the log line). Prints "edge listening on URL", then one JSON log line per request (the query, which holds the signature, is never logged). It is a server, not a use case: it runs no operation of the product.',
  arguments: [],
  flags: [
    { name: "root", type: "string", value: "DIR", help: "directory to serve (like the bucket behind the origin path)" },
    { name: "trusted-key", type: "strings", value: "ID=PEM", help: "key pair id and public key file (SPKI PEM); repeat for a key group" },
    { name: "port", type: "string", value: "P", help: "port (default 3001; 0 picks a free one)" },
    { name: "host", type: "string", value: "H", help: "interface (default 127.0.0.1)" },
    { name: "public-origin", type: "string", value: "URL", help: "scheme and host that signed URLs name, e.g. https://files.example.com (default: the edge's own http://host:port; never the request's Host)" },
    { name: "error-page", type: "string", value: "FILE", help: "HTML to serve with every 403, like a CloudFront custom error response" },
    {
      name: "revocation-list",
      type: "string",
      value: "FILE",
      help: "run the revocation guard (docs/revocation.md) on every signed request, reading revoked link ids from FILE (local mode's is DATA_DIR/.signed-share/edge/deny-list.json; a missing file is an empty list)",
    },
    {
      name: "legacy-links-until",
      type: "string",
      value: "WHEN",
      help: "with --revocation-list: until WHEN (ISO 8601 with its zone) requests without a link id pass the guard, as the stack setting legacyLinksUntil does at CloudFront (docs/deploy.md#upgrading-a-stack-with-live-links)",
    },
    {
      name: "scanner",
      type: "string",
      value: "URL",
      help: "malware scanning (docs/scanning.md), as SHARE_SCANNER: clamd://HOST:PORT or clamd:///path/to/clamd.sock. Files are then served only when their verdict beside them says clean (scan them with signed-share files scan)",
    },
  ],
  common: [],
  examples: ["signed-share edge --root ./data/client_files --trusted-key K2JCJMDEHXQW5F=file://public_key.pem --port 3001"],
  errors: [],
  exitCodes: { 1: "could not start", 2: "bad command line (a --root that is not a directory included)" },
  run: lazy(() => import("../edge.js")),
});

export const filesPutCommand = defineLocalCommand({
  name: "files put",
  summary: "upload files and folders from this machine to a client's folder",
  usage: "files put CLIENT PATH... [--to FOLDER] [--replace | --keep-both]",
  description:
    "Uploads files to a client's folder on the configured storage (the bucket, or SHARE_DATA_DIR in local mode), through the same code as the portal's uploads. A directory is uploaded with everything below it, as a folder of that name (symbolic links inside it are skipped). Large files go in parts (multipart); progress goes to stderr. With scanning on (SHARE_SCANNER, docs/scanning.md) every stored file is scanned; put waits for the verdicts and prints them. Names follow one rule (docs/files.md#names); files larger than SHARE_MAX_FILE_SIZE are refused.",
  arguments: [
    { name: "CLIENT", field: "client" },
    { name: "PATH...", field: "paths", variadic: true },
  ],
  flags: [
    { name: "to", type: "string", value: "FOLDER", help: "store under this folder of the client" },
    { name: "replace", type: "boolean", help: "replace files already stored under the same name" },
    { name: "keep-both", type: "boolean", help: 'store as "name (2).ext" when the name is taken (without either, a taken name stops the upload before any byte is sent)' },
  ],
  examples: ["signed-share files put acme-corp ./q1-report.pdf ./exports --to 2026", "signed-share files put acme-corp ./report.pdf --replace --json"],
  errors: ["not-found", "conflict"],
  exitCodes: { 1: "storage failure or a taken name" },
  run: lazy(() => import("../files.js")),
});

export const LOCAL_COMMANDS = [keysGenerateCommand, keysInitCommand, rotateKeysCommand, signCommand, edgeCommand, filesPutCommand];
