// The contract of the operations layer (docs/contributing.md#adding-an-operation): every operation has
// one API route and a command of the CLI, and both doors give the same JSON document for the same
// request: the API's response body is what the command prints with --json, errors included, with
// the status and the exit code of the error's kind. Each case runs in two identical local-mode
// worlds (one per door) on a fixed clock and the same signing key, so the documents are equal once
// the random link ids (and delivery ids) are numbered in order of appearance.
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config.js";
import { EXIT_CODE, HTTP_STATUS, type ErrorKind } from "../../lib/errors.js";
import { LocalKeyStore } from "../../lib/keys/local-key-store.js";
import { createServices } from "../../lib/ops/compose.js";
import type { AnyOperation } from "../../lib/ops/operation.js";
import { OPERATIONS } from "../../lib/ops/registry.js";
import { runOperation } from "../../lib/ops/run.js";

import { LocalObjectStore } from "../../lib/storage/local-store.js";
import type { ClamdClient } from "../../lib/scanning/clamd-client.js";
import { ClamdScanner } from "../../lib/scanning/scanner.js";
import { Scanning } from "../../lib/scanning/scanning.js";
import { API_ROUTES } from "../../portal/api/routes.js";
import { createApp } from "../../portal/app.js";
import { auditLog } from "../../portal/audit-log.js";
import { ApiTokens } from "../../lib/tokens/api-tokens.js";
import { UserStore } from "../../lib/users/user-store.js";
import { keyStatusFrom } from "../../portal/keys-status.js";
import { COMMANDS } from "../../tools/commands/table.js";
import { isLocalCommand } from "../../tools/commands/command.js";
import { runCommand } from "../../tools/commands/run-command.js";
import { memoryLogger, SECRET } from "../portal/fixture.js";
import { rsaTestKey } from "../support/vectors.js";

const NOW = new Date("2026-03-02T09:00:00Z");
const ACTOR = "token:contract";
const HAND_SIGNED = "hand-signed-link-id-for-contract-0001";
const CLEAN_CLAMD = {
  description: "clamd://contract",
  async scan(body: AsyncIterable<Uint8Array>) {
    for await (const _ of body);
    return { infected: false };
  },
} as unknown as ClamdClient;

/** An admin who signs in to the portal: the API door of operations that API tokens may not run (tokens). */
const PERSON = { name: "contract-admin", password: "contract-admin-password-1" };

/** One local-mode world: data directory, key, client folders, services on the fixed clock, and a portal with an API token. */
async function world(options: { scanning?: boolean } = {}) {
  const dir = await mkdtemp(join(tmpdir(), "contract-"));
  const data = join(dir, "data");
  for (const [path, body] of Object.entries({ "acme/report.csv": "a,b\n1,2\n", "acme/exports/q1.csv": "q\n1\n", "globex/invoice.txt": "due\n" })) {
    await mkdir(join(data, "client_files", path, ".."), { recursive: true });
    await writeFile(join(data, "client_files", path), body);
    await utimes(join(data, "client_files", path), NOW, NOW);
  }
  const keyStore = new LocalKeyStore(join(data, "keys"));
  await keyStore.activate({ keyPairId: rsaTestKey.keyPairId, type: "rsa", privateKeyPem: rsaTestKey.privatePem, createdAt: NOW.toISOString() });
  const config = loadConfig({ env: { SHARE_DATA_DIR: data, SHARE_PUBLIC_URL: "https://files.example.com" } });
  const store = new LocalObjectStore(data);
  const clock = () => NOW;
  const log = memoryLogger();
  // The scanning world's clamd always says clean (the contract is about the doors; scanning's own tests use a real clamd).
  const scanning = options.scanning ? new Scanning({ store, scanner: new ClamdScanner(store, CLEAN_CLAMD, clock) }) : undefined;
  const services = createServices(config, { clock, store, keyStore, auditAlso: auditLog(log.logger), ...(scanning ? { scanning } : {}) });
  // An admin besides the users the cases add, so that those may be made admin and disabled.
  await services.users.add("root", "admin", "root-password-123", { by: "test" });
  const tokens = new ApiTokens(store, clock);
  const { token } = await tokens.create({ name: "contract", role: "admin", expiresAt: new Date(NOW.getTime() + 86_400_000), by: "test" });
  const users = new UserStore(store, clock);
  await users.add(PERSON.name, "admin", PERSON.password);
  const app = createApp({ services, users, tokens, keys: keyStatusFrom(keyStore), sessionSecret: SECRET, clock, logger: log.logger, secureCookies: false });
  return { dir, services, app, token, log, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

type World = Awaited<ReturnType<typeof world>>;

/** The ids a case needs, made the same way in both worlds. */
interface Prepared {
  linkId: string;
  /** Another link of acme, labelled "Acme invoices" (cases with `two`). */
  otherLinkId: string;
  requestId: string;
}

async function prepare(w: World, two = false): Promise<Prepared> {
  const actor = { name: ACTOR, role: "admin" as const, via: "cli" as const };
  const issue = OPERATIONS.find((o) => o.name === "links.issue")!;
  const issued = await runOperation(issue, w.services, { client: "acme", expires: "2d" }, actor);
  const other = two ? await runOperation(issue, w.services, { client: "acme", expires: "2d", label: "Acme invoices" }, actor) : undefined;
  const requested = await runOperation(OPERATIONS.find((o) => o.name === "requests.create")!, w.services, { client: "acme", expires: "2d" }, actor);
  return {
    linkId: (issued as { link: { linkId: string } }).link.linkId,
    otherLinkId: (other as { link: { linkId: string } } | undefined)?.link.linkId ?? "",
    requestId: (requested as { requestId: string }).requestId,
  };
}

interface Case {
  operation: string;
  /** A short name when an operation has several cases. */
  title?: string;
  api(p: Prepared): { method: "GET" | "POST"; path: string; body?: unknown };
  cli(p: Prepared): string[];
  /** For an error case: the kind both doors must answer with. */
  kind?: ErrorKind;
  /** The API door signed in as a person (PERSON) instead of an API token; the CLI then runs --by PERSON. */
  person?: true;
  /** Runs in the worlds with malware scanning on. */
  scanning?: true;
  /** Needs the second, labelled link (otherLinkId). */
  two?: true;
}

const CASES: Case[] = [
  { operation: "clients.list", api: () => ({ method: "GET", path: "/api/clients" }), cli: () => ["issue", "--list-clients"] },
  { operation: "clients.profile", api: () => ({ method: "GET", path: "/api/clients/acme/profile" }), cli: () => ["files", "profile", "acme"] },
  { operation: "clients.profile", title: "unknown client", kind: "not-found", api: () => ({ method: "GET", path: "/api/clients/nobody/profile" }), cli: () => ["files", "profile", "nobody"] },
  {
    operation: "clients.updateProfile",
    api: () => ({ method: "POST", path: "/api/clients/acme/profile", body: { displayName: "ACME Corp.", contacts: ["buyer@acme.example"], archived: false } }),
    cli: () => ["files", "profile", "acme", "--name", "ACME Corp.", "--contact", "buyer@acme.example", "--unarchive"],
  },
  {
    operation: "clients.updateProfile",
    title: "a bad address",
    kind: "bad-input",
    api: () => ({ method: "POST", path: "/api/clients/acme/profile", body: { contacts: ["not an address"] } }),
    cli: () => ["files", "profile", "acme", "--contact", "not an address"],
  },
  {
    operation: "links.issue",
    api: () => ({ method: "POST", path: "/api/clients/acme/links", body: { expires: "7d", mode: "folder", only: ["exports/"] } }),
    cli: () => ["issue", "acme", "--expires", "7d", "--mode", "folder", "--only", "exports/"],
  },
  {
    operation: "links.issue",
    title: "issue and send",
    api: () => ({ method: "POST", path: "/api/clients/acme/links", body: { expires: "1d", to: ["buyer@acme.example"], message: "Hello,\n\nthe files.", senderName: "Mia Jones" } }),
    cli: () => ["issue", "acme", "--expires", "1d", "--to", "buyer@acme.example", "--message", "Hello,\n\nthe files.", "--sender-name", "Mia Jones"],
  },
  { operation: "links.issue", title: "a bad expiry", kind: "bad-input", api: () => ({ method: "POST", path: "/api/clients/acme/links", body: { expires: "soon" } }), cli: () => ["issue", "acme", "--expires", "soon"] },
  { operation: "links.issue", title: "unknown client", kind: "not-found", api: () => ({ method: "POST", path: "/api/clients/nobody/links", body: { expires: "1d" } }), cli: () => ["issue", "nobody", "--expires", "1d"] },
  { operation: "links.issueAll", api: () => ({ method: "POST", path: "/api/links/issue-all", body: { expires: "1d" } }), cli: () => ["issue", "--all", "--expires", "1d"] },
  { operation: "links.list", api: () => ({ method: "GET", path: "/api/links?client=acme" }), cli: () => ["links", "list", "acme"] },
  {
    operation: "links.list",
    title: "search by label, one page",
    two: true,
    api: () => ({ method: "GET", path: "/api/links?search=INVOICES&limit=1000" }),
    cli: () => ["links", "list", "--search", "INVOICES", "--limit", "1000"],
  },
  {
    operation: "links.issue",
    title: "with a label",
    api: () => ({ method: "POST", path: "/api/clients/acme/links", body: { expires: "7d", label: "Q1 exports", recipients: ["jane@acme.example"] } }),
    cli: () => ["issue", "acme", "--expires", "7d", "--label", "Q1 exports", "--recipient", "jane@acme.example"],
  },
  {
    operation: "links.edit",
    api: (p) => ({ method: "POST", path: `/api/links/${p.linkId}/edit`, body: { label: "March <invoices>", recipients: ["jane@acme.example", "Bob"] } }),
    cli: (p) => ["links", "edit", p.linkId, "--label", "March <invoices>", "--recipient", "jane@acme.example", "--recipient", "Bob"],
  },
  {
    operation: "links.edit",
    title: "a label with a control character",
    kind: "bad-input",
    api: (p) => ({ method: "POST", path: `/api/links/${p.linkId}/edit`, body: { label: "bad\u0007bell" } }),
    cli: (p) => ["links", "label", p.linkId, "bad\u0007bell"],
  },
  {
    operation: "links.revokeMany",
    two: true,
    api: (p) => ({ method: "POST", path: "/api/links/revoke", body: { linkIds: [p.linkId, p.otherLinkId] } }),
    cli: (p) => ["links", "revoke", p.linkId, p.otherLinkId],
  },
  {
    operation: "links.revokeMany",
    title: "one unknown",
    kind: "partial",
    api: (p) => ({ method: "POST", path: "/api/links/revoke", body: { linkIds: [p.linkId, "AAAAAAAAAAAAAAAAAAAAAA"] } }),
    cli: (p) => ["links", "revoke", p.linkId, "AAAAAAAAAAAAAAAAAAAAAA"],
  },
  { operation: "links.list", title: "a bad status", kind: "bad-input", api: () => ({ method: "GET", path: "/api/links?status=lost" }), cli: () => ["links", "list", "--status", "lost"] },
  { operation: "links.get", api: (p) => ({ method: "GET", path: `/api/links/${p.linkId}` }), cli: (p) => ["links", "show", p.linkId] },
  { operation: "links.get", title: "unknown link", kind: "not-found", api: () => ({ method: "GET", path: "/api/links/AAAAAAAAAAAAAAAAAAAAAA" }), cli: () => ["links", "show", "AAAAAAAAAAAAAAAAAAAAAA"] },
  { operation: "links.activity", api: (p) => ({ method: "GET", path: `/api/links/${p.linkId}/activity` }), cli: (p) => ["links", "activity", p.linkId] },
  {
    operation: "links.send",
    api: (p) => ({ method: "POST", path: `/api/links/${p.linkId}/send`, body: { to: ["buyer@acme.example"], senderName: "Mia Jones" } }),
    cli: (p) => ["links", "send", p.linkId, "--to", "buyer@acme.example", "--sender-name", "Mia Jones"],
  },
  {
    operation: "links.send",
    title: "no sender name",
    kind: "bad-input",
    api: (p) => ({ method: "POST", path: `/api/links/${p.linkId}/send`, body: { to: ["buyer@acme.example"] } }),
    cli: (p) => ["links", "send", p.linkId, "--to", "buyer@acme.example"],
  },
  { operation: "links.send", title: "no recipient", kind: "bad-input", api: (p) => ({ method: "POST", path: `/api/links/${p.linkId}/send`, body: {} }), cli: (p) => ["links", "send", p.linkId] },
  { operation: "links.revoke", api: (p) => ({ method: "POST", path: `/api/links/${p.linkId}/revoke` }), cli: (p) => ["links", "revoke", p.linkId] },
  { operation: "links.revoke", title: "malformed id", kind: "not-found", api: () => ({ method: "POST", path: "/api/links/nope/revoke" }), cli: () => ["links", "revoke", "nope"] },
  { operation: "links.revokeAll", api: () => ({ method: "POST", path: "/api/clients/acme/links/revoke" }), cli: () => ["links", "revoke", "--client", "acme"] },
  {
    operation: "links.revokeId",
    api: () => ({ method: "POST", path: "/api/revocations", body: { linkId: HAND_SIGNED, until: "1d" } }),
    cli: () => ["links", "revoke", HAND_SIGNED, "--until", "1d"],
  },
  {
    operation: "brand.set",
    api: () => ({ method: "POST", path: "/api/brand", body: { name: "Acme Ltd", color: "#0b5", contact: "support@acme.example" } }),
    cli: () => ["brand", "set", "--name", "Acme Ltd", "--color", "#0b5", "--contact", "support@acme.example"],
  },
  { operation: "brand.set", title: "a bad colour", kind: "bad-input", api: () => ({ method: "POST", path: "/api/brand", body: { color: "blue-ish" } }), cli: () => ["brand", "set", "--color", "blue-ish"] },
  { operation: "brand.show", api: () => ({ method: "GET", path: "/api/brand" }), cli: () => ["brand", "show"] },
  {
    operation: "mail.setSettings",
    api: () => ({ method: "POST", path: "/api/mail/settings", body: { address: "ops@acme.example", displayName: "Mia Jones", notifications: false } }),
    cli: () => ["mail", "settings", "--address", "ops@acme.example", "--name", "Mia Jones", "--no-notifications"],
  },
  { operation: "mail.setSettings", title: "a bad address", kind: "bad-input", api: () => ({ method: "POST", path: "/api/mail/settings", body: { address: "not an address" } }), cli: () => ["mail", "settings", "--address", "not an address"] },
  { operation: "mail.settings", api: () => ({ method: "GET", path: "/api/mail/settings" }), cli: () => ["mail", "settings"] },
  { operation: "keys.status", api: () => ({ method: "GET", path: "/api/keys" }), cli: () => ["keys", "status"] },
  { operation: "mail.settings", title: "someone else's, as an admin", api: () => ({ method: "GET", path: "/api/mail/settings?user=root" }), cli: () => ["mail", "settings", "--user", "root"] },
  { operation: "links.legacy", api: () => ({ method: "GET", path: "/api/links/legacy" }), cli: () => ["links", "legacy"] },
  { operation: "links.prune", api: () => ({ method: "POST", path: "/api/revocations/prune" }), cli: () => ["links", "prune"] },
  {
    operation: "links.renew",
    api: (p) => ({ method: "POST", path: `/api/links/${p.linkId}/renew`, body: { expires: "3d", revokeOld: true } }),
    cli: (p) => ["links", "renew", p.linkId, "--expires", "3d", "--revoke-old"],
  },
  {
    operation: "requests.create",
    api: () => ({ method: "POST", path: "/api/clients/acme/requests", body: { expires: "7d", maxFileSize: "2GB", maxFiles: 3, note: "The signed contract, please" } }),
    cli: () => ["requests", "new", "acme", "--expires", "7d", "--max-file-size", "2GB", "--max-files", "3", "--note", "The signed contract, please"],
  },
  {
    operation: "requests.create",
    title: "a bad size",
    kind: "bad-input",
    api: () => ({ method: "POST", path: "/api/clients/acme/requests", body: { expires: "7d", maxTotal: "lots" } }),
    cli: () => ["requests", "new", "acme", "--expires", "7d", "--max-total", "lots"],
  },
  { operation: "requests.create", title: "unknown client", kind: "not-found", api: () => ({ method: "POST", path: "/api/clients/nobody/requests", body: { expires: "1d" } }), cli: () => ["requests", "new", "nobody", "--expires", "1d"] },
  { operation: "requests.list", api: () => ({ method: "GET", path: "/api/requests?client=acme&status=open" }), cli: () => ["requests", "ls", "acme", "--status", "open"] },
  { operation: "requests.get", api: (p) => ({ method: "GET", path: `/api/requests/${p.requestId}` }), cli: (p) => ["requests", "show", p.requestId] },
  { operation: "requests.get", title: "a link that is no request", kind: "not-found", api: (p) => ({ method: "GET", path: `/api/requests/${p.linkId}` }), cli: (p) => ["requests", "show", p.linkId] },
  { operation: "requests.close", api: (p) => ({ method: "POST", path: `/api/requests/${p.requestId}/close` }), cli: (p) => ["requests", "close", p.requestId] },
  {
    operation: "tokens.create",
    person: true,
    api: () => ({ method: "POST", path: "/api/tokens", body: { name: "ci-deploy", role: "operator", expires: "90d" } }),
    cli: () => ["tokens", "create", "ci-deploy", "--role", "operator", "--expires", "90d"],
  },
  {
    operation: "tokens.create",
    title: "a taken name",
    person: true,
    kind: "conflict",
    api: () => ({ method: "POST", path: "/api/tokens", body: { name: "contract", role: "operator", expires: "1d" } }),
    cli: () => ["tokens", "create", "contract", "--role", "operator", "--expires", "1d"],
  },
  {
    operation: "files.createClient",
    api: () => ({ method: "POST", path: "/api/clients", body: { client: "initech", displayName: "Initech", contacts: ["bill@initech.example"] } }),
    cli: () => ["files", "new", "initech", "--name", "Initech", "--contact", "bill@initech.example"],
  },
  { operation: "files.createClient", title: "a taken name", kind: "conflict", api: () => ({ method: "POST", path: "/api/clients", body: { client: "acme" } }), cli: () => ["files", "new", "acme"] },
  { operation: "files.createClient", title: "a reserved name", kind: "bad-input", api: () => ({ method: "POST", path: "/api/clients", body: { client: "_links" } }), cli: () => ["files", "new", "_links"] },
  { operation: "files.list", api: () => ({ method: "GET", path: "/api/clients/acme/files" }), cli: () => ["files", "ls", "acme"] },
  { operation: "files.list", title: "unknown client", kind: "not-found", api: () => ({ method: "GET", path: "/api/clients/nobody/files" }), cli: () => ["files", "ls", "nobody"] },
  {
    operation: "files.delete",
    api: () => ({ method: "POST", path: "/api/clients/globex/files/delete", body: { path: "invoice.txt" } }),
    cli: () => ["files", "rm", "globex", "invoice.txt"],
  },
  {
    operation: "files.delete",
    title: "a folder",
    api: () => ({ method: "POST", path: "/api/clients/acme/files/delete", body: { path: "exports", folder: true } }),
    cli: () => ["files", "rm", "acme", "exports", "--recursive"],
  },
  { operation: "files.delete", title: "unknown file", kind: "not-found", api: () => ({ method: "POST", path: "/api/clients/acme/files/delete", body: { path: "nothing.txt" } }), cli: () => ["files", "rm", "acme", "nothing.txt"] },
  { operation: "files.scan", scanning: true, api: () => ({ method: "POST", path: "/api/files/scan", body: { client: "acme" } }), cli: () => ["files", "scan", "acme"] },
  { operation: "files.scan", title: "every client", scanning: true, api: () => ({ method: "POST", path: "/api/files/scan", body: { all: true, rescan: true } }), cli: () => ["files", "scan", "--all", "--rescan"] },
  { operation: "files.scan", title: "scanning off", kind: "unavailable", api: () => ({ method: "POST", path: "/api/files/scan", body: { client: "acme" } }), cli: () => ["files", "scan", "acme"] },
  { operation: "files.scan", title: "neither client nor all", kind: "bad-input", scanning: true, api: () => ({ method: "POST", path: "/api/files/scan", body: {} }), cli: () => ["files", "scan"] },
  { operation: "tokens.list", person: true, api: () => ({ method: "GET", path: "/api/tokens" }), cli: () => ["tokens", "ls"] },
  { operation: "tokens.revoke", person: true, api: () => ({ method: "POST", path: "/api/tokens/ci-deploy/revoke" }), cli: () => ["tokens", "revoke", "ci-deploy"] },
  { operation: "tokens.revoke", title: "unknown token", person: true, kind: "not-found", api: () => ({ method: "POST", path: "/api/tokens/nobody/revoke" }), cli: () => ["tokens", "revoke", "nobody"] },
  { operation: "users.add", person: true, api: () => ({ method: "POST", path: "/api/users", body: { name: "nina", role: "operator", handover: "link" } }), cli: () => ["users", "add", "nina", "--role", "operator", "--link"] },
  { operation: "users.add", person: true, title: "a taken name", kind: "conflict", api: () => ({ method: "POST", path: "/api/users", body: { name: "nina", role: "operator", handover: "link" } }), cli: () => ["users", "add", "nina", "--role", "operator", "--link"] },
  { operation: "users.add", person: true, title: "a bad role", kind: "bad-input", api: () => ({ method: "POST", path: "/api/users", body: { name: "olga", role: "boss", handover: "link" } }), cli: () => ["users", "add", "olga", "--role", "boss", "--link"] },
  { operation: "users.list", person: true, api: () => ({ method: "GET", path: "/api/users" }), cli: () => ["users", "list"] },
  { operation: "users.setRole", person: true, api: () => ({ method: "POST", path: "/api/users/nina/role", body: { role: "admin" } }), cli: () => ["users", "role", "nina", "admin"] },
  { operation: "users.setRole", person: true, title: "unknown user", kind: "not-found", api: () => ({ method: "POST", path: "/api/users/nobody/role", body: { role: "admin" } }), cli: () => ["users", "role", "nobody", "admin"] },
  { operation: "users.disable", person: true, api: () => ({ method: "POST", path: "/api/users/nina/disable" }), cli: () => ["users", "disable", "nina"] },
  { operation: "users.enable", person: true, api: () => ({ method: "POST", path: "/api/users/nina/enable" }), cli: () => ["users", "enable", "nina"] },
  { operation: "users.signOut", person: true, api: () => ({ method: "POST", path: "/api/users/nina/sign-out" }), cli: () => ["users", "sign-out", "nina"] },
  { operation: "users.resetPassword", person: true, api: () => ({ method: "POST", path: "/api/users/nina/password", body: { handover: "link" } }), cli: () => ["users", "passwd", "nina", "--link"] },
  { operation: "users.resetTwoFactor", person: true, api: () => ({ method: "POST", path: "/api/users/nina/two-factor/reset" }), cli: () => ["users", "reset-2fa", "nina"] },
  { operation: "users.remove", person: true, api: () => ({ method: "POST", path: "/api/users/nina/remove" }), cli: () => ["users", "remove", "nina"] },
  { operation: "audit.list", api: () => ({ method: "GET", path: "/api/audit?user=nobody&since=7d" }), cli: () => ["audit", "--user", "nobody", "--since", "7d"] },
  { operation: "audit.list", title: "a bad instant", kind: "bad-input", api: () => ({ method: "GET", path: "/api/audit?since=soon" }), cli: () => ["audit", "--since", "soon"] },
];

/**
 * The document with what is random in it masked: link ids (and the signatures over them), delivery
 * ids, outbox file names, the world's directory; a user's last sign-in (only the API door signs in). Lists of links come in issue order, and both worlds issue at the same
 * instant, so lists are compared as sets.
 */
function normalized(document: unknown, dir: string): unknown {
  const text = JSON.stringify(document)
    .split(dir)
    .join("<dir>")
    .replace(/Signature=[^&"]+/g, "Signature=<signature>")
    // A custom policy names the link id (file requests' links): masked with it.
    .replace(/Policy=[^&"]+/g, "Policy=<policy>")
    .replace(/sst_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/g, "<api token>")
    .replace(/token=[A-Za-z0-9_-]+/g, "token=<token>")
    .replace(/portal\/outbox\/[^)"]+\.eml/g, "portal/outbox/<message>.eml")
    .replace(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])/g, (id) => (id === "AAAAAAAAAAAAAAAAAAAAAA" ? id : "<id>"));
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted).sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
    // Ids are random; the API world's own token was last used by the API calls themselves.
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).filter(([key]) => key !== "lastUsedAt" && key !== "lastSignInAt").map(([key, inner]) => [key, key === "id" || key === "messageId" ? "<delivery>" : sorted(inner)]));
    return value;
  };
  return sorted(JSON.parse(text));
}

/** A signed-in session of PERSON: its cookie, and the CSRF token its POSTs send. */
async function personSession(w: World): Promise<Record<string, string>> {
  const signedIn = await w.app.request("/sign-in", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ username: PERSON.name, password: PERSON.password }).toString() });
  const cookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0]!;
  const { csrfToken } = (await (await w.app.request("/api/session", { headers: { cookie } })).json()) as { csrfToken: string };
  return { cookie, "x-csrf-token": csrfToken };
}

let apiWorld: World;
let cliWorld: World;
let apiScanning: World;
let cliScanning: World;

beforeAll(async () => {
  [apiWorld, cliWorld, apiScanning, cliScanning] = await Promise.all([world(), world(), world({ scanning: true }), world({ scanning: true })]);
});
afterAll(async () => {
  await Promise.all([apiWorld?.cleanup(), cliWorld?.cleanup(), apiScanning?.cleanup(), cliScanning?.cleanup()]);
});

describe("every operation has both doors", () => {
  it.each(OPERATIONS.map((operation) => [operation.name, operation] as const))("%s: one API route, a CLI command and a contract case", (name, operation: AnyOperation) => {
    if (operation.api === false) {
      // The command line's door only (delivery.remind, which a scheduler runs): no route; its own tests run the command.
      expect(API_ROUTES.some((route) => route.operation === operation)).toBe(false);
      // A command of the table, or a local command that is its door (rotate-keys runs keys.rotate).
      expect(COMMANDS.some((command) => command.operation === operation || (isLocalCommand(command) && command.runs === operation))).toBe(true);
      return;
    }
    expect(API_ROUTES.filter((route) => route.operation === operation)).toHaveLength(1);
    if (operation.cli === false) {
      // The API's door only (the uploads family): no command, and its cases below run at the API.
      expect(COMMANDS.some((command) => command.operation === operation)).toBe(false);
      expect(API_ONLY_CASES.some((c) => c === name)).toBe(true);
      return;
    }
    expect(COMMANDS.some((command) => command.operation === operation)).toBe(true);
    expect(CASES.some((c) => c.operation === name && c.kind === undefined)).toBe(true);
  });

  it("names every operation once, and every state change writes an audit entry", () => {
    expect(new Set(OPERATIONS.map((o) => o.name)).size).toBe(OPERATIONS.length);
    for (const operation of OPERATIONS) if (operation.mutates) expect(typeof operation.audit, operation.name).toBe("function");
  });
});

describe("the API's body is the CLI's --json output", () => {
  it.each(CASES.map((c) => [`${c.operation}${c.title ? ` (${c.title})` : ""}`, c] as const))("%s", async (_, c) => {
    const [api, cli] = c.scanning ? [apiScanning, cliScanning] : [apiWorld, cliWorld];
    const none = { linkId: "", otherLinkId: "", requestId: "" };
    const [apiIds, cliIds] = c.scanning ? [none, none] : await Promise.all([prepare(api, c.two), prepare(cli, c.two)]);
    const request = c.api(apiIds);
    const credentials = c.person ? await personSession(api) : { authorization: `Bearer ${api.token}` };
    const response = await api.app.request(request.path, {
      method: request.method,
      headers: { ...credentials, ...(request.body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
    });
    const apiDocument = (await response.json()) as Record<string, unknown>;

    let stdout = "";
    const code = await runCommand([...c.cli(cliIds), "--json", "--by", c.person ? PERSON.name : ACTOR], {
      io: { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true } },
      services: cli.services,
    });
    const cliDocument = JSON.parse(stdout) as Record<string, unknown>;

    if (c.kind) {
      expect(apiDocument.error, JSON.stringify(apiDocument)).toMatchObject({ kind: c.kind });
      expect(response.status).toBe(HTTP_STATUS[c.kind]);
      expect(code).toBe(EXIT_CODE[c.kind]);
    } else {
      expect(response.status, JSON.stringify(apiDocument)).toBeLessThan(300);
      expect(code, stdout).toBe(0);
      const operation = OPERATIONS.find((o) => o.name === c.operation)!;
      expect(operation.result.safeParse(apiDocument).success, JSON.stringify(operation.result.safeParse(apiDocument).error?.issues)).toBe(true);
    }
    expect(normalized(cliDocument, cli.dir)).toEqual(normalized(apiDocument, api.dir));
  });
});

describe("the audit trail", () => {
  it("has an entry for each state change the API made, by who made it", () => {
    const events = apiWorld.log.events().filter((e) => e.by === ACTOR).map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(["link-issued", "link-sent", "link-revoked", "client-links-revoked", "link-renewed", "client-profile-changed", "link-id-revoked", "revocation-list-pruned", "links-issued", "client-created", "files-deleted"]));
    expect(apiScanning.log.events().map((e) => e.event)).toContain("files-scanned");
    const people = apiWorld.log.events().filter((e) => e.by === PERSON.name).map((e) => e.event);
    expect(people).toEqual(expect.arrayContaining(["token-created", "token-revoked"]));
  });

  it("is in the store, the same at both doors but for the door (api, cli)", async () => {
    const summary = async (w: World) =>
      (await w.services.auditLog.page({ user: ACTOR }, { limit: 500 })).events.map((e) => `${e.event} ${e.outcome}`).sort();
    const [api, cli] = await Promise.all([summary(apiWorld), summary(cliWorld)]);
    expect(api.length).toBeGreaterThan(10);
    expect(api).toEqual(cli);
    const vias = new Set((await apiWorld.services.auditLog.page({ user: ACTOR }, { limit: 500 })).events.map((e) => e.actor.via));
    expect([...vias].sort()).toEqual(["api", "cli"]);
  });
});

/**
 * The uploads family has the API's door only (the command line uploads from disk with files put):
 * its JSON steps run here at the API, each answer checked against the operation's result schema and
 * each refusal against its kind's status. What this does not cover: the part PUT itself (bytes to
 * the signed part URL, not an operation's JSON), which test/files/files-api.test.ts sends.
 */
const API_ONLY_CASES = ["uploads.start", "uploads.parts", "uploads.complete", "uploads.abort"];

describe("the uploads family at the API", () => {
  const call = async (path: string, body: unknown) => {
    const response = await apiWorld.app.request(path, { method: "POST", headers: { authorization: `Bearer ${apiWorld.token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const schemaOf = (name: string) => OPERATIONS.find((o) => o.name === name)!.result;

  it("start, parts, PUT, complete and abort answer their documents; refusals have their kinds", async () => {
    const content = "uploaded through the contract\n";
    const started = await call("/api/uploads", { client: "acme", path: "contract/upload.txt", size: content.length });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(schemaOf("uploads.start").safeParse(started.body).success).toBe(true);
    const upload = started.body.upload as string;

    const parts = await call("/api/uploads/parts", { upload, client: "acme", partNumbers: [1] });
    expect(parts.status).toBe(200);
    expect(schemaOf("uploads.parts").safeParse(parts.body).success).toBe(true);
    const part = (parts.body.parts as { url: string; length: number }[])[0]!;
    const put = await apiWorld.app.request(new URL(part.url).pathname + new URL(part.url).search, { method: "PUT", headers: { "content-length": String(part.length) }, body: content });
    const { etag } = (await put.json()) as { etag: string };

    const completed = await call("/api/uploads/complete", { upload, client: "acme", parts: [{ partNumber: 1, etag }] });
    expect(completed.status, JSON.stringify(completed.body)).toBe(201);
    expect(completed.body).toEqual({ client: "acme", path: "contract/upload.txt", size: content.length, replaced: false });

    const again = await call("/api/uploads", { client: "acme", path: "contract/upload.txt", size: 1 });
    expect(again.body.error).toMatchObject({ kind: "conflict" });
    expect(again.status).toBe(HTTP_STATUS.conflict);

    const other = await call("/api/uploads", { client: "acme", path: "contract/dropped.txt", size: 3 });
    const aborted = await call("/api/uploads/abort", { upload: other.body.upload, client: "acme" });
    expect(aborted.body).toEqual({ aborted: true, client: "acme", path: "contract/dropped.txt" });
    expect(schemaOf("uploads.abort").safeParse(aborted.body).success).toBe(true);

    const cases: [string, unknown, ErrorKind][] = [
      ["/api/uploads", { client: "nobody", path: "x.txt", size: 1 }, "not-found"],
      ["/api/uploads", { client: "acme", path: "x.txt", size: -1 }, "bad-input"],
      ["/api/uploads/parts", { upload: "forged.token", client: "acme", partNumbers: [1] }, "bad-input"],
      ["/api/uploads/parts", { upload: other.body.upload, client: "globex", partNumbers: [1] }, "forbidden"],
    ];
    for (const [path, body, kind] of cases) {
      const refused = await call(path, body);
      expect(refused.body.error, `${path} ${JSON.stringify(body)}`).toMatchObject({ kind });
      expect(refused.status).toBe(HTTP_STATUS[kind]);
    }
  });
});
