import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair, localKeyPairId } from "../../lib/keys/generate.js";
import { Publisher } from "../../lib/publish/publisher.js";
import { loadPrivateKey } from "../../lib/signing/key-material.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { createApp } from "../../portal/app.js";
import { UserStore } from "../../portal/auth/user-store.js";
import type { Logger } from "../../portal/logger.js";
import { startPortal } from "../../portal/server.js";
import type { Row } from "./measure.js";

const USERS = 50;
const FILES = 200;
const CLIENT = "bench-client";
const PREFIX = "client_files";
const PASSWORD = "bench-password-0123456789";
/** Upper bound on requests per user, so that the loop ends even if the clock misbehaves. */
const MAX_REQUESTS_PER_USER = 200_000;
/** Per request: a hung request counts as an error instead of stalling the run. */
const REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_PORTAL_SECONDS = 30;

type Kind = "GET /clients" | "GET /clients/:client" | "POST issue link" | "GET issued page";
/** Four page views to one issue (whose redirect target, the issued page, is a fifth page view). */
const CYCLE: Kind[] = ["GET /clients", "GET /clients/:client", "GET /clients", "GET /clients/:client", "POST issue link"];

const quiet: Logger = { info() {}, warn() {}, error() {} };

/** True when the command line names --seconds (the suite's own default is longer than the other suites'). */
export function secondsGiven(argv: readonly string[] = process.argv): boolean {
  return argv.some((arg) => arg === "--seconds" || arg.startsWith("--seconds="));
}

/**
 * 50 signed-in users browse the clients page and a 200-file client's page and issue links for it,
 * against the portal served in-process on 127.0.0.1 over a local store in a temp directory.
 */
export async function benchPortal(seconds: number): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), "bench-portal-"));
  try {
    const store = new LocalObjectStore(dir);
    const clock = () => new Date();
    const pair = generateKeyPair("rsa");
    const key = { keyPairId: localKeyPairId(), privateKey: loadPrivateKey(pair.privateKeyPem) };
    await seed(store);
    const users = new UserStore(store, clock);
    const names = Array.from({ length: USERS }, (_, i) => `bench-user-${String(i).padStart(2, "0")}`);
    for (let i = 0; i < names.length; i += 10) await Promise.all(names.slice(i, i + 10).map((name) => users.add(name, "operator", PASSWORD)));

    const app = createApp({
      store,
      users,
      publisher: new Publisher({ store, prefix: PREFIX, publicUrl: "https://files.example.com", signingKey: async () => key, clock }),
      keys: { status: async () => ({ keyPairId: key.keyPairId, type: "rsa", store: "memory" }) },
      sessionSecret: "bench-session-secret-0123456789abcdef",
      clock,
      logger: quiet,
      secureCookies: false,
    });
    const close = await startPortal(app, 0, "127.0.0.1");
    try {
      const base = `http://127.0.0.1:${close.port}`;
      const sessions = [];
      for (let i = 0; i < names.length; i += 10) sessions.push(...(await Promise.all(names.slice(i, i + 10).map((name) => signIn(base, name)))));
      // Warm-up outside the measurement: first renders, JIT.
      await Promise.all(sessions.slice(0, 5).map((s, i) => run(base, s, Date.now() + 1000, new Recorder(), i)));
      const recorder = new Recorder();
      const started = performance.now();
      const deadline = Date.now() + seconds * 1000;
      // Users start at different points of the cycle, so that their issues do not all arrive at once.
      await Promise.all(sessions.map((s, i) => run(base, s, deadline, recorder, i)));
      return recorder.rows((performance.now() - started) / 1000);
    } finally {
      await close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function seed(store: LocalObjectStore): Promise<void> {
  const files = Array.from({ length: FILES }, (_, i) => `${PREFIX}/${CLIENT}/${["reports", "exports/2026", "data/raw", "misc"][i % 4]}/file-${String(i).padStart(3, "0")}.csv`);
  for (let i = 0; i < files.length; i += 20) await Promise.all(files.slice(i, i + 20).map((key, j) => store.put(key, `row,${i + j}\n`.repeat(50))));
  for (const other of ["acme-corp", "globex", "initech"]) await store.put(`${PREFIX}/${other}/README.txt`, `files for ${other}\n`);
}

interface BenchSession {
  cookie: string;
  token: string;
}

async function signIn(base: string, name: string): Promise<BenchSession> {
  const response = await fetch(`${base}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username: name, password: PASSWORD }),
  });
  await response.arrayBuffer();
  const cookie = response.headers.getSetCookie().map((line) => line.split(";", 1)[0]!).find((pair) => pair.startsWith("signed-share-session="));
  if (response.status !== 303 || !cookie) throw new Error(`${name} could not sign in (${response.status})`);
  const { csrfToken } = (await (await fetch(`${base}/api/session`, { headers: { cookie } })).json()) as { csrfToken: string };
  return { cookie, token: csrfToken };
}

/** One user's loop: the cycle of page views and issues until the deadline (or the request cap). */
async function run(base: string, s: BenchSession, deadline: number, recorder: Recorder, phase: number): Promise<void> {
  for (let i = 0; i < MAX_REQUESTS_PER_USER && Date.now() < deadline; i++) {
    const kind = CYCLE[(i + phase) % CYCLE.length]!;
    if (kind === "POST issue link") {
      const issued = await timed(recorder, kind, 303, () =>
        fetch(`${base}/clients/${CLIENT}/links`, {
          method: "POST",
          redirect: "manual",
          headers: { cookie: s.cookie, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ _csrf: s.token, expiry: "7d", mode: "per-file" }),
        }),
      );
      const location = issued?.headers.get("location");
      if (location && Date.now() < deadline) await timed(recorder, "GET issued page", 200, () => fetch(`${base}${location}`, { headers: { cookie: s.cookie } }));
    } else {
      const path = kind === "GET /clients" ? "/clients" : `/clients/${CLIENT}`;
      await timed(recorder, kind, 200, () => fetch(`${base}${path}`, { headers: { cookie: s.cookie } }));
    }
  }
}

async function timed(recorder: Recorder, kind: Kind, expected: number, send: () => Promise<Response>): Promise<Response | undefined> {
  const started = performance.now();
  try {
    const response = await withTimeout(send());
    await response.arrayBuffer(); // the whole body, as a browser would read it
    const ok = response.status === expected;
    recorder.add(kind, performance.now() - started, ok);
    return ok ? response : undefined;
  } catch {
    recorder.add(kind, performance.now() - started, false);
    return undefined;
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("request timed out")), REQUEST_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

class Recorder {
  private readonly samples = new Map<Kind, number[]>();
  private readonly errors = new Map<Kind, number>();

  add(kind: Kind, ms: number, ok: boolean): void {
    if (!this.samples.has(kind)) this.samples.set(kind, []);
    this.samples.get(kind)!.push(ms);
    if (!ok) this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }

  rows(elapsedSeconds: number): Row[] {
    const rows: Row[] = [];
    let total = 0;
    let errors = 0;
    for (const kind of ["GET /clients", "GET /clients/:client", "POST issue link", "GET issued page"] as const) {
      const ms = (this.samples.get(kind) ?? []).sort((a, b) => a - b);
      total += ms.length;
      errors += this.errors.get(kind) ?? 0;
      rows.push({ request: kind, requests: ms.length, "req/s": ms.length / elapsedSeconds, "p50 ms": percentile(ms, 0.5), "p99 ms": percentile(ms, 0.99), errors: this.errors.get(kind) ?? 0 });
    }
    rows.push({ request: `all (${USERS} users, ${FILES}-file client)`, requests: total, "req/s": total / elapsedSeconds, "p50 ms": undefined, "p99 ms": undefined, errors });
    return rows;
  }
}

function percentile(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

export const portalSuite = {
  title: "Portal: 50 signed-in users on 127.0.0.1 (4 page views : 1 issue of a 200-file client), keep-alive",
  run: (seconds: number) => benchPortal(secondsGiven() ? seconds : DEFAULT_PORTAL_SECONDS),
};
