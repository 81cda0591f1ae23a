import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog } from "../../lib/audit/audit-log.js";
import type { AuditEvent } from "../../lib/audit/audit-entry.js";
import { loadConfig } from "../../lib/config.js";
import { LocalKeyStore } from "../../lib/keys/local-key-store.js";
import { createServices } from "../../lib/ops/compose.js";
import { createKeyRotation } from "../../lib/keys/rotation/from-config.js";
import { LocalKeyGroupAdmin } from "../../lib/keys/local-key-group.js";
import type { Actor, AnyOperation, RunContext } from "../../lib/ops/operation.js";
import { UploadTokens } from "../../lib/files/upload-session.js";
import { Readable } from "node:stream";
import { OPERATIONS } from "../../lib/ops/registry.js";
import { runOperation } from "../../lib/ops/run.js";
import type { Services } from "../../lib/ops/services.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import type { ObjectStore } from "../../lib/storage/object-store.js";
import { AUDIT_PREFIX } from "../../lib/audit/audit-key.js";
import { rsaTestKey } from "../support/vectors.js";
import { ClamdScanner } from "../../lib/scanning/scanner.js";
import type { ClamdClient } from "../../lib/scanning/clamd-client.js";
import { Scanning } from "../../lib/scanning/scanning.js";

const NOW = new Date("2026-03-02T09:00:00Z");
const ACTOR: Actor = { name: "auditor", role: "admin", via: "cli" };

/**
 * Writes an operation may make without it being a change of state anyone did: caches a read fills.
 * Anything else written means the operation changed state, and then it must have written an audit event.
 */
const CACHES = [/^portal\/link-index\//, /^portal\/activity\//, /^portal\/activity-summaries\//, /^portal\/link-activity\//];

/** A store that remembers the keys written (put, create, delete) since the last `take()`. */
function recording(store: ObjectStore) {
  let written: string[] = [];
  const wrapped: ObjectStore = Object.assign(Object.create(store) as ObjectStore, {
    put: (key: string, body: Uint8Array | string, options?: object) => (written.push(key), store.put(key, body, options)),
    create: (key: string, body: Uint8Array | string, options?: object) => (written.push(key), store.create(key, body, options)),
    delete: (key: string) => (written.push(key), store.delete(key)),
  });
  return { store: wrapped, take: () => ([written, written = []][0] as string[]) };
}

interface Prepared {
  linkId: string;
  otherLinkId: string;
  requestId?: string;
  /** uploads.start's session, the ETag of its one part once sent, and a second upload to abort. */
  upload?: string;
  etag?: string;
  otherUpload: string;
}

/** The uploads family's door, as the portal's API gives it (lib/ops/operation.ts UploadDoor). */
const uploadTokens = new UploadTokens("every-operation-audited-secret");
const CONTEXT: RunContext = { uploads: { tokens: uploadTokens, partUrl: (grant) => `http://portal.test/api/uploads/part?t=${grant}` } };
const UPLOADED = "audit\n";

/**
 * One input per operation, run in this order on one world. An operation missing here fails the test:
 * whoever adds an operation adds its case, and with it the proof that it writes its audit event.
 */
const SAMPLES: Record<string, (p: Prepared) => Record<string, unknown>> = {
  "clients.list": () => ({}),
  "clients.profile": () => ({ client: "acme" }),
  "clients.updateProfile": () => ({ client: "acme", displayName: "ACME" }),
  "links.issue": () => ({ client: "acme", expires: "2d" }),
  "links.issueAll": () => ({ expires: "1d" }),
  "links.list": () => ({}),
  "links.get": (p) => ({ linkId: p.linkId }),
  "links.activity": (p) => ({ linkId: p.linkId }),
  "links.send": (p) => ({ linkId: p.linkId, to: ["buyer@acme.example"], senderName: "Audit Tester" }),
  "links.renew": (p) => ({ linkId: p.otherLinkId, expires: "3d" }),
  "links.edit": (p) => ({ linkId: p.otherLinkId, label: "Audited label", recipients: ["jane@acme.example"] }),
  "links.revokeMany": (p) => ({ linkIds: [p.linkId] }),
  "links.revoke": (p) => ({ linkId: p.linkId }),
  "links.revokeAll": () => ({ client: "globex" }),
  "links.revokeId": () => ({ linkId: "hand-signed-link-id-for-audit-0001", until: "1d" }),
  "links.prune": () => ({}),
  "links.legacy": () => ({}),
  "users.list": () => ({}),
  "users.add": () => ({ name: "nina", role: "operator", handover: "link" }),
  "users.setRole": () => ({ name: "nina", role: "admin" }),
  "users.disable": () => ({ name: "nina" }),
  "users.enable": () => ({ name: "nina" }),
  "users.signOut": () => ({ name: "nina" }),
  "users.resetPassword": () => ({ name: "nina", handover: "password" }),
  "users.resetTwoFactor": () => ({ name: "nina" }),
  "users.remove": () => ({ name: "nina" }),
  "audit.list": () => ({}),
  "brand.show": () => ({}),
  "brand.set": () => ({ name: "Example Ltd", color: "#1d4ed8" }),
  "requests.create": () => ({ client: "acme", expires: "7d" }),
  "requests.list": () => ({}),
  "requests.get": (p) => ({ requestId: p.requestId }),
  "requests.close": (p) => ({ requestId: p.requestId }),
  "files.createClient": () => ({ client: "initech", displayName: "Initech" }),
  "files.list": () => ({ client: "acme" }),
  "files.delete": () => ({ client: "globex", path: "invoice.txt" }),
  "files.scan": () => ({ client: "acme" }),
  "tokens.create": () => ({ name: "ci-deploy", role: "operator", expires: "30d" }),
  "tokens.list": () => ({}),
  "tokens.revoke": () => ({ name: "ci-deploy" }),
  "delivery.remind": () => ({}),
  "mail.settings": () => ({}),
  "mail.setSettings": () => ({ address: "auditor@example.com", notifications: false }),
  "keys.status": () => ({}),
  "keys.rotate": () => ({ mode: "keep-old", keyType: "ecdsa", propagationWait: "0" }),
  "uploads.start": () => ({ client: "acme", path: "uploaded.txt", size: UPLOADED.length }),
  "uploads.parts": (p) => ({ upload: p.upload, client: "acme", partNumbers: [1] }),
  "uploads.complete": (p) => ({ upload: p.upload, client: "acme", parts: [{ partNumber: 1, etag: p.etag }] }),
  "uploads.abort": (p) => ({ upload: p.otherUpload, client: "acme" }),
};

let dir: string;
let services: Services;
let take: () => string[];
let audit: AuditLog;
let prepared: Prepared;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "every-op-audited-"));
  const data = join(dir, "data");
  for (const [path, body] of Object.entries({ "acme/report.csv": "a,b\n", "globex/invoice.txt": "due\n" })) {
    await mkdir(join(data, "client_files", path, ".."), { recursive: true });
    await writeFile(join(data, "client_files", path), body);
  }
  const keyStore = new LocalKeyStore(join(data, "keys"));
  await keyStore.activate({ keyPairId: rsaTestKey.keyPairId, type: "rsa", privateKeyPem: rsaTestKey.privatePem, createdAt: NOW.toISOString() });
  const config = loadConfig({ env: { SHARE_DATA_DIR: data, SHARE_PUBLIC_URL: "https://files.example.com" } });
  const rec = recording(new LocalObjectStore(data));
  take = rec.take;
  // A scanner that finds every file clean, so that files.scan has something to do.
  const scanner = new ClamdScanner(rec.store as never, { description: "clamd://audit", scan: async (body: AsyncIterable<Uint8Array>) => { for await (const _ of body); return { infected: false }; } } as unknown as ClamdClient, () => NOW);
  await new LocalKeyGroupAdmin(join(data, "keys")).writeTrusted([rsaTestKey.keyPairId]);
  // Key rotation with no edge to probe (local mode skips the probes when none answers).
  const keyRotation = createKeyRotation(config, { store: rec.store, keyStore, fetch: () => Promise.reject(new Error("no edge in this test")) });
  services = createServices(config, { clock: () => NOW, store: rec.store, keyStore, keyRotation, scanning: new Scanning({ store: rec.store as never, scanner }) });
  audit = services.auditLog;
  // Another admin, so that the sample user may be made admin and disabled.
  await services.users.add("root", "admin", "root-password-123", { by: "test" });
  await runOperation(OPERATIONS.find((o) => o.name === "files.scan")!, services, { all: true }, ACTOR);
  const issue = OPERATIONS.find((o) => o.name === "links.issue")!;
  const one = (await runOperation(issue, services, { client: "acme", expires: "2d" }, ACTOR)) as { link: { linkId: string } };
  const two = (await runOperation(issue, services, { client: "acme", expires: "2d" }, ACTOR)) as { link: { linkId: string } };
  await runOperation(issue, services, { client: "globex", expires: "2d" }, ACTOR);
  const other = (await runOperation(OPERATIONS.find((o) => o.name === "uploads.start")!, services, { client: "acme", path: "dropped.txt", size: 3 }, ACTOR, CONTEXT)) as { upload: string };
  prepared = { linkId: one.link.linkId, otherLinkId: two.link.linkId, otherUpload: other.upload };
  take();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function eventsWritten(keys: string[]): Promise<AuditEvent[]> {
  return (await audit.page({}, { limit: 500 })).events.filter((event) => keys.includes(`${AUDIT_PREFIX}${event.id}.json`));
}

describe("every state-changing operation writes an audit event", () => {
  it.each(OPERATIONS.map((operation) => [operation.name, operation] as const))("%s", async (name, operation: AnyOperation) => {
    const sample = SAMPLES[name];
    expect(sample, `add a sample input for ${name} to SAMPLES`).toBeDefined();
    const result = await runOperation(operation, services, sample!(prepared), ACTOR, CONTEXT).catch((error: Error) => {
      throw new Error(`${name} failed on its sample input: ${error.message}`);
    });
    if (name === "requests.create") prepared.requestId = (result as { requestId: string }).requestId;
    if (name === "uploads.start") prepared.upload = (result as { upload: string }).upload;
    const written = take();
    const changes = written.filter((key) => !key.startsWith(AUDIT_PREFIX) && !CACHES.some((cache) => cache.test(key)));
    const events = await eventsWritten(written.filter((key) => key.startsWith(AUDIT_PREFIX)));
    if (changes.length > 0 || operation.mutates) {
      expect(events.length, `${name} changed ${changes.slice(0, 3).join(", ")} and wrote no audit event`).toBeGreaterThan(0);
      expect(events.every((event) => event.actor.name === ACTOR.name && event.operation === name)).toBe(true);
    } else {
      expect(events).toEqual([]);
    }
    if (name === "uploads.parts") {
      // The part's bytes, as the PUT to its URL sends them (not an operation): then uploads.complete has its ETag.
      const session = uploadTokens.openSession(prepared.upload, NOW);
      if (!session.ok) throw new Error("the upload session does not open");
      prepared.etag = await services.files!.uploadPart(session.value, 1, Readable.from([Buffer.from(UPLOADED)]), UPLOADED.length);
      take();
    }
  });
});
