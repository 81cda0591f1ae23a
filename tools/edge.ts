import { readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { KeyObject } from "node:crypto";
import { systemClock } from "../lib/clock.js";
import { startEdge } from "../lib/edge/edge-server.js";
import { edgeGuard } from "../lib/edge/guard/edge-guard.js";
import { LEGACY_LINKS_UNTIL_FORMAT, parseLegacyLinksUntil } from "../lib/edge/guard/guard-settings.js";
import { LocalDenyList } from "../lib/revocation/local-deny-list.js";
import { loadPublicKey } from "../lib/signing/key-material.js";
import { exactOrigin } from "../lib/net/origin.js";
import { LocalObjectStore } from "../lib/storage/local-store.js";
import { ClamdClient, parseClamdAddress } from "../lib/scanning/clamd-client.js";
import { edgeScanRule } from "../lib/scanning/edge-scan-rule.js";
import { ClamdScanner } from "../lib/scanning/scanner.js";
import { Scanning } from "../lib/scanning/scanning.js";
import { filePathArgument, UsageError } from "./cli.js";
import type { CommandLine, LocalContext } from "./commands/command.js";

function parseTrustedKeys(values: string[]): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const value of values) {
    const eq = value.indexOf("=");
    if (eq < 1) throw new UsageError(`--trusted-key takes ID=PUBLIC_PEM_FILE, got "${value}"`);
    const id = value.slice(0, eq);
    const path = filePathArgument(value.slice(eq + 1));
    let pem: Buffer;
    try {
      pem = readFileSync(path);
    } catch (error) {
      throw new UsageError(`cannot read the public key ${path} for ${id}: ${(error as NodeJS.ErrnoException).code}`);
    }
    try {
      keys.set(id, loadPublicKey(pem));
    } catch (error) {
      throw new UsageError(`${path}: ${(error as Error).message}`);
    }
  }
  return keys;
}

/** A missing or mistyped --root would serve nothing but 404s: refuse it before listening. */
async function requireDirectory(root: string): Promise<void> {
  const st = await stat(root).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`--root ${root} cannot be served: ${error.code === "ENOENT" ? "it does not exist" : error.code}`);
  });
  if (!st.isDirectory()) throw new UsageError(`--root ${root} is not a directory`);
}

/** `signed-share edge` (tools/commands/local.ts): a server, not an operation; it runs until SIGINT or SIGTERM. */
export async function run(line: CommandLine, { io }: LocalContext): Promise<number> {
  const given = line.values as Partial<Record<"root" | "port" | "host" | "public-origin" | "error-page" | "revocation-list" | "legacy-links-until" | "scanner", string>> & { "trusted-key"?: string[] };
  const values = { ...given, port: given.port ?? "3001", host: given.host ?? "127.0.0.1" };
  if (!values.root) throw new UsageError("--root DIR is required (see --help)");
  const trusted = parseTrustedKeys(values["trusted-key"] ?? []);
  if (trusted.size === 0) throw new UsageError("at least one --trusted-key ID=PUBLIC_PEM is required: without one every request is denied");
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0 to 65535, got "${values.port}"`);
  const publicOrigin = values["public-origin"] === undefined ? undefined : exactOrigin(values["public-origin"]);
  if (values["public-origin"] !== undefined && publicOrigin === undefined) {
    throw new UsageError(`--public-origin must be a scheme and host like https://files.example.com (no path), got "${values["public-origin"]}"`);
  }
  await requireDirectory(values.root);
  const errorPage = values["error-page"] ? readFileSync(values["error-page"], "utf8") : undefined;
  const revocations = values["revocation-list"] ? new LocalDenyList(resolve(values["revocation-list"])) : undefined;
  const legacyUntil = values["legacy-links-until"];
  if (legacyUntil !== undefined && !revocations) throw new UsageError("--legacy-links-until goes with --revocation-list (it is a setting of the guard)");
  const legacyLinksUntil = legacyUntil === undefined ? undefined : parseLegacyLinksUntil(legacyUntil);
  if (legacyUntil !== undefined && legacyLinksUntil === undefined) throw new UsageError(`--legacy-links-until ${LEGACY_LINKS_UNTIL_FORMAT}, got "${legacyUntil}"`);

  const clamd = values.scanner === undefined ? undefined : parseClamdAddress(values.scanner);
  if (values.scanner !== undefined && clamd === undefined) throw new UsageError(`--scanner must be clamd://HOST:PORT or clamd:///path/to/clamd.sock, got "${values.scanner}"`);
  const store = new LocalObjectStore(values.root);
  const scanning = clamd ? new Scanning({ store, scanner: new ClamdScanner(store, new ClamdClient(clamd), systemClock) }) : undefined;

  const edge = await startEdge(
    {
      store,
      originPrefix: "",
      trustedKey: (id) => trusted.get(id),
      publicOrigin,
      clock: systemClock,
      errorPage,
      ...(revocations ? { guard: edgeGuard({ exists: (linkId) => revocations.has(linkId) }, legacyLinksUntil ? { legacyLinksUntil } : {}) } : {}),
      ...(scanning ? { scanRule: edgeScanRule(scanning, "") } : {}),
      log: (entry) => io.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`),
    },
    port,
    values.host,
  );
  io.stdout.write(`edge listening on ${edge.url} (serving ${values.root}, trusting ${[...trusted.keys()].join(", ")})\n`);
  const stop = () => void edge.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return 0;
}

