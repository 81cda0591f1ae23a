import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { createApp, type PortalDeps } from "../../portal/app.js";
import { UserStore } from "../../portal/auth/user-store.js";
import type { LogFields, Logger } from "../../portal/logger.js";

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

/** A local object store on a fresh temp directory with one operator and one admin. */
export async function storeWithUsers() {
  const dir = await mkdtemp(join(tmpdir(), "portal-test-"));
  const store = new LocalObjectStore(dir);
  const users = new UserStore(store, () => START);
  await users.add(OPERATOR.name, "operator", OPERATOR.password);
  await users.add(ADMIN.name, "admin", ADMIN.password);
  return { store, users, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export type TestStore = Awaited<ReturnType<typeof storeWithUsers>>;

/** A portal app over the given store, with its own clock and logger. */
export function portal(base: TestStore, overrides: Partial<PortalDeps> = {}) {
  const time = testClock();
  const log = memoryLogger();
  const deps: PortalDeps = {
    store: base.store,
    users: base.users,
    sessionSecret: SECRET,
    clock: time.clock,
    logger: log.logger,
    secureCookies: false,
    ...overrides,
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

/** The CSRF token of a session, read from the sign-out form of the home page. */
export async function csrfTokenOf(p: TestPortal, cookie: string): Promise<string> {
  const html = await (await p.app.request("/", { headers: { cookie } })).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error("no CSRF token on the home page");
  return token;
}
