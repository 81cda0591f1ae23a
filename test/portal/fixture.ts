import { ApiTokens } from "../../lib/tokens/api-tokens.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalKeyStore } from "../../lib/keys/local-key-store.js";
import type { KeyStore } from "../../lib/keys/key-store.js";
import type { KeyRotation } from "../../lib/keys/rotation/from-config.js";
import { Publisher } from "../../lib/publishing/publisher.js";
import type { Clock } from "../../lib/clock.js";
import type { ObjectStore } from "../../lib/storage/object-store.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import type { LogActivitySource } from "../../lib/activity/link-activity-source.js";
import type { MailConfig } from "../../lib/config.js";
import { BrandStore } from "../../lib/brand/brand-store.js";
import { clientLook } from "../../lib/delivery/client-look.js";
import { MailSettingsStore } from "../../lib/delivery/mail-settings.js";
import type { ClientFiles } from "../../lib/files/client-files.js";
import { ClientProfiles } from "../../lib/files/client-profiles.js";
import type { Invalidator } from "../../lib/links/invalidator.js";
import type { Mailer } from "../../lib/mail/mailer.js";
import { SendLimiter } from "../../lib/mail/send-limit.js";
import { NO_GATE, type Services } from "../../lib/ops/services.js";
import type { DenyList } from "../../lib/revocation/deny-list.js";
import { Scanning } from "../../lib/scanning/scanning.js";
import { createApp, type PortalDeps } from "../../portal/app.js";
import { auditLog } from "../../portal/audit-log.js";
import { UserStore } from "../../lib/users/user-store.js";
import { SsoUsers } from "../../lib/users/sso-users.js";
import { AuditLog } from "../../lib/audit/audit-log.js";
import type { LogFields, Logger } from "../../portal/logger.js";
import { rsaSigningKey, rsaTestKey } from "../support/vectors.js";

export const OPERATOR = { name: "olivia", password: "operator-password-1" };
export const ADMIN = { name: "adam", password: "admin-password-12345" };
export const START = new Date("2026-03-02T09:00:00Z");
export const SECRET = "test-session-secret-0123456789abcdef";

/** A movable clock for expiry tests. */
export function testClock(start = START) {
  let now = start.getTime();
  return {
    clock: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

/** A logger that keeps every event, to assert what the portal logs. */
export function memoryLogger() {
  const lines: string[] = [];
  const push = (level: string) => (fields: LogFields) => lines.push(JSON.stringify({ level, ...fields }));
  const logger: Logger = { info: push("info"), warn: push("warn"), error: push("error") };
  return { logger, lines, events: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

export const PREFIX = "client_files";
export const PUBLIC_URL = "https://files.example.com";
export const DAY = 86_400_000;
/** A client whose name would be markup if it were not escaped. */
export const HOSTILE_CLIENT = `<img src=x onerror="alert(1)">&co`;
export const KEY_CREATED = new Date(START.getTime() - 12 * DAY);

/** Client folders (path under the prefix → body): nested folders, an odd file name, an HTML-like client name. */
export const CLIENT_FILES: Record<string, string> = {
  "acme-corp/README.txt": "Deliverables for ACME.\n",
  "acme-corp/reports/2026/q1.csv": "month,orders\n2026-01,10\n",
  "acme-corp/reports/2026/q2 (final).csv": "month,orders\n2026-04,12\n",
  "acme-corp/exports/<img src=x onerror=alert(1)> & notes.txt": "a name with markup\n",
  "globex/invoice.html": "<h1>Invoice</h1>\n",
  [`${HOSTILE_CLIENT}/file.txt`]: "hostile client\n",
};

export async function putClientFiles(store: ObjectStore, files: Record<string, string> = CLIENT_FILES): Promise<void> {
  for (const [path, body] of Object.entries(files)) await store.put(`${PREFIX}/${path}`, body);
}

/**
 * A local object store on a fresh temp directory with one operator, one admin and the client
 * folders above, and a local key store whose active key is the test RSA key.
 */
export async function storeWithUsers() {
  const dir = await mkdtemp(join(tmpdir(), "portal-test-"));
  const store = new LocalObjectStore(join(dir, "data"));
  const users = new UserStore(store, () => START);
  await users.add(OPERATOR.name, "operator", OPERATOR.password);
  await users.add(ADMIN.name, "admin", ADMIN.password);
  await putClientFiles(store);
  const keyStore = new LocalKeyStore(join(dir, "keys"));
  await keyStore.activate({ keyPairId: rsaTestKey.keyPairId, type: "rsa", privateKeyPem: rsaTestKey.privatePem, createdAt: KEY_CREATED.toISOString() });
  return { dir, store, users, keyStore, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The publisher the portal uses in tests: the test RSA key, the given clock and public URL. */
export function testPublisher(store: ObjectStore, clock: Clock, publicUrl = PUBLIC_URL): Publisher {
  return new Publisher({
    store,
    prefix: PREFIX,
    publicUrl,
    signingKey: async () => rsaSigningKey,
    clock,
    maxExpiryMs: 366 * DAY,
    hashAlgorithm: "SHA1",
    look: (client) => clientLook({ brand: new BrandStore(store, clock), profiles: new ClientProfiles(store, clock) }, client),
  });
}

export type TestStore = Awaited<ReturnType<typeof storeWithUsers>>;

/** What tests give instead of the configuration's services: a publisher of their own, files, activity, e-mail. */
export interface ServiceOverrides {
  store?: ObjectStore;
  publisher?: Publisher;
  files?: ClientFiles;
  activity?: LogActivitySource;
  /** E-mail: without it the portal sends none (no mailer). */
  delivery?: { mailer: Mailer; mail?: MailConfig; limiter?: SendLimiter };
  /** PORTAL_SENDER_NAME. */
  senderName?: string;
  denyList?: DenyList;
  invalidator?: Invalidator;
  /** Malware scanning; off when not given. */
  scanning?: Scanning;
  /** The local accounts (default: a store of its own over `store`). */
  users?: UserStore;
}

const TEST_MAIL: MailConfig = { transport: { kind: "outbox" }, from: "signed-share@localhost", ownDomains: ["localhost"], perUserPerHour: 100, remindBeforeMs: 2 * DAY };

/** The operations' services over a test store: what lib/ops/compose.ts builds from a configuration, from given parts. */
export function testServices(store: ObjectStore, clock: Clock, logger: Logger, overrides: ServiceOverrides = {}): Services {
  const publisher = overrides.publisher ?? testPublisher(store, clock);
  const mail = { ...(overrides.delivery?.mail ?? TEST_MAIL), ...(overrides.senderName ? { senderName: overrides.senderName } : {}) };
  const trail = new AuditLog(store, clock);
  return {
    clock,
    store,
    settings: { prefix: PREFIX, maxExpiryMs: 366 * DAY, ipv6Enabled: false, mail },
    catalog: publisher.catalog,
    records: publisher.records,
    publisher,
    ...(overrides.invalidator ? { invalidator: overrides.invalidator } : {}),
    ...(overrides.denyList ? { denyList: overrides.denyList } : {}),
    ...(overrides.activity ? { activity: overrides.activity } : {}),
    profiles: new ClientProfiles(store, clock),
    ...(overrides.files ? { files: overrides.files } : {}),
    ...(overrides.delivery ? { mailer: overrides.delivery.mailer } : {}),
    mailSettings: new MailSettingsStore(store, clock),
    brand: new BrandStore(store, clock),
    scanning: overrides.scanning ?? new Scanning({ store, offReason: "off: SHARE_SCANNER is not set, so files are shared without a malware scan" }),
    sendLimiter: overrides.delivery?.limiter ?? new SendLimiter(clock, mail.perUserPerHour),
    tokens: new ApiTokens(store, clock),
    audit: { record: async (entry) => { await trail.record(entry); await auditLog(logger).record(entry); } },
    auditLog: trail,
    users: overrides.users ?? new UserStore(store, clock),
    ssoUsers: new SsoUsers(store, clock),
    gate: NO_GATE,
  };
}

/** What keys.status reads (the Keys page), over the base's key store; these tests never rotate. */
function statusOnlyRotation(objects: ObjectStore, keyStore: KeyStore): KeyRotation {
  return { local: true, objects, keyStore: () => keyStore, open: () => Promise.reject(new Error("the portal tests do not rotate keys")) };
}

/** A portal app over the given store, with its own clock and logger. */
export function portal(base: TestStore, overrides: Partial<Omit<PortalDeps, "services">> & ServiceOverrides = {}) {
  const time = testClock();
  const log = memoryLogger();
  const { store, publisher, files, activity, delivery, senderName, denyList, invalidator, scanning, ...rest } = overrides;
  const clock = rest.clock ?? time.clock;
  const parts: ServiceOverrides = {
    ...(publisher ? { publisher } : {}),
    ...(files ? { files } : {}),
    ...(activity ? { activity } : {}),
    ...(delivery ? { delivery } : {}),
    ...(senderName ? { senderName } : {}),
    ...(denyList ? { denyList } : {}),
    ...(invalidator ? { invalidator } : {}),
    ...(scanning ? { scanning } : {}),
    users: rest.users ?? base.users,
  };
  const deps: PortalDeps = {
    services: { ...testServices(store ?? base.store, clock, log.logger, parts), keyRotation: statusOnlyRotation(store ?? base.store, base.keyStore) },
    users: base.users,
    sessionSecret: SECRET,
    clock,
    logger: log.logger,
    secureCookies: false,
    ...rest,
  };
  const app = createApp(deps);
  return { app, deps, ...time, log };
}

export type TestPortal = ReturnType<typeof portal>;

/** "name=value" pairs from a response's Set-Cookie headers (deleted cookies have an empty value). */
export function cookiesFrom(response: Response): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(";", 1)[0]!;
    const eq = pair.indexOf("=");
    cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return cookies;
}

export const SESSION_COOKIE = "signed-share-session";

export function form(fields: Record<string, string>, headers: Record<string, string> = {}, cookie?: string): RequestInit {
  return {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(cookie ? { cookie } : {}),
      ...headers,
    },
  };
}

/** Signs in through the form and returns the session cookie ("name=value") and the response. */
export async function signIn(p: TestPortal, user: { name: string; password: string }, headers: Record<string, string> = {}) {
  const response = await p.app.request("/sign-in", form({ username: user.name, password: user.password }, headers));
  const value = cookiesFrom(response).get(SESSION_COOKIE);
  return { response, cookie: value ? `${SESSION_COOKIE}=${value}` : undefined };
}

/** The CSRF token of a session, read from the sign-out form of the clients page. */
export async function csrfTokenOf(p: TestPortal, cookie: string): Promise<string> {
  const html = await (await p.app.request("/clients", { headers: { cookie } })).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error("no CSRF token on the clients page");
  return token;
}

/** A signed-in session: cookie and CSRF token. */
export async function session(p: TestPortal, user: { name: string; password: string } = OPERATOR) {
  const { cookie } = await signIn(p, user);
  if (!cookie) throw new Error(`${user.name} could not sign in`);
  return { cookie, token: await csrfTokenOf(p, cookie) };
}

/** Headers of a signed-in request. */
export function asUser(cookie: string, headers: Record<string, string> = {}): RequestInit {
  return { headers: { cookie, ...headers } };
}

/** A form POST of a signed-in session, with its CSRF token. */
export function postForm(s: { cookie: string; token: string }, fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit {
  return form({ _csrf: s.token, ...fields }, headers, s.cookie);
}

/** A JSON POST of a signed-in session, with its CSRF token in X-CSRF-Token. */
export function postJson(s: { cookie: string; token: string }, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { cookie: s.cookie, "content-type": "application/json", "x-csrf-token": s.token, ...headers },
  };
}

/** Issues a link through the client page's form; returns the link id and the issued page's path. */
export async function issueThroughForm(p: TestPortal, s: { cookie: string; token: string }, client: string, fields: Record<string, string> = { expiry: "7d" }) {
  const response = await p.app.request(`/clients/${encodeURIComponent(client)}/links`, postForm(s, fields));
  if (response.status !== 303) throw new Error(`issuing a link answered ${response.status}: ${await response.text()}`);
  const location = response.headers.get("location")!;
  const linkId = /^\/links\/([^/]+)\/issued/.exec(location)![1]!;
  return { linkId, location };
}
