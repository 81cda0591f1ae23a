import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Row } from "../table.js";
import { CLIENT, FILES, PASSWORD, USERS, userNames, type PortalReady, type PortalStats } from "./portal-server.js";
import { generateKeyPair } from "../../lib/keys/generate.js";
import { loadPrivateKey } from "../../lib/signing/key-material.js";
import { signUrl } from "../../lib/signing/signer.js";
import { ratePerSecond } from "./measure.js";

/** Upper bound on requests per user, so that the loop ends even if the clock misbehaves. */
const MAX_REQUESTS_PER_USER = 200_000;
/** Per request: a hung request counts as an error instead of stalling the run. */
const REQUEST_TIMEOUT_MS = 10_000;
/** The portal process must listen within this (it seeds 200 files and hashes 50 passwords). */
const START_TIMEOUT_MS = 120_000;
/** After stdin closes, the portal process gets this long to report and exit before SIGKILL. */
const STOP_TIMEOUT_MS = 10_000;
export const DEFAULT_PORTAL_SECONDS = 30;

type Kind = "GET /clients" | "GET /clients/:client" | "POST issue link" | "GET issued page";
/** Four page views to one issue (whose redirect target, the issued page, is a fifth page view). */
const CYCLE: Kind[] = ["GET /clients", "GET /clients/:client", "GET /clients", "GET /clients/:client", "POST issue link"];

/** True when the command line names --seconds (the suite's own default is longer than the other suites'). */
export function secondsGiven(argv: readonly string[] = process.argv): boolean {
  return argv.some((arg) => arg === "--seconds" || arg.startsWith("--seconds="));
}

/**
 * 50 signed-in users browse the clients page and a 200-file client's page and issue links for it,
 * against the portal served by its own process (tools/bench/portal-server.ts) on 127.0.0.1 over a
 * local store in a temp directory. The load generator stays in this process, so that its work
 * does not land on the portal's event loop, as in a deployment.
 */
export async function benchPortal(seconds: number): Promise<Row[]> {
  // The reference: URLs one core signs per second, measured here before the load (the sign bench's figure).
  const key = { keyPairId: "KBENCHMARK0000", privateKey: loadPrivateKey(generateKeyPair("rsa").privateKeyPem) };
  const dateLessThan = new Date(Date.now() + 7 * 86_400_000);
  const bareRate = ratePerSecond((i) => signUrl(`https://files.example.com/${CLIENT}/reports/file-${i}.csv?l=AAAAAAAAAAAAAAAAAAAAAA`, key, { dateLessThan }), 3);
  const portal = await startPortalProcess();
  try {
    const base = portal.url;
    const names = userNames();
    const sessions = [];
    for (let i = 0; i < names.length; i += 10) sessions.push(...(await Promise.all(names.slice(i, i + 10).map((name) => signIn(base, name)))));
    // Warm-up outside the measurement: first renders, JIT.
    await Promise.all(sessions.slice(0, 5).map((s, i) => run(base, s, Date.now() + 1000, new Recorder(), i)));
    portal.mark();
    const recorder = new Recorder();
    const started = performance.now();
    const deadline = Date.now() + seconds * 1000;
    // Users start at different points of the cycle, so that their issues do not all arrive at once.
    await Promise.all(sessions.map((s, i) => run(base, s, deadline, recorder, i)));
    const elapsed = (performance.now() - started) / 1000;
    const stats = await portal.stop();
    return recorder.rows(elapsed, stats, bareRate);
  } finally {
    await portal.stop().catch(() => undefined);
  }
}

interface PortalProcess {
  url: string;
  /** Starts the portal's CPU time count (the measurement begins). */
  mark(): void;
  /** Closes the portal's stdin and returns its figures; the process has exited when this resolves. */
  stop(): Promise<PortalStats | undefined>;
}

/** tools/bench/portal-server.ts in a child Node process (through tsx's loader, by path). */
async function startPortalProcess(): Promise<PortalProcess> {
  const root = join(__dirname, "..", "..");
  const loader = pathToFileURL(join(root, "node_modules", "tsx", "dist", "loader.mjs")).href;
  const child: ChildProcess = spawn(process.execPath, ["--import", loader, "--no-warnings", join(__dirname, "portal-server.ts"), ...(process.env.BENCH_PORTAL_SIGNING ? ["--signing", process.env.BENCH_PORTAL_SIGNING] : [])], {
    cwd: root,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  let out = "";
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (chunk: string) => {
    out += chunk;
    const parts = out.split("\n");
    out = parts.pop()!;
    lines.push(...parts.filter((line) => line.startsWith("{")));
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  exited.then(() => {
    for (const wake of waiters.splice(0)) wake();
  });
  const nextLine = async (timeoutMs: number): Promise<string | undefined> => {
    const until = Date.now() + timeoutMs;
    while (lines.length === 0 && child.exitCode === null && child.signalCode === null && Date.now() < until) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        timer = setTimeout(resolve, until - Date.now());
      });
      clearTimeout(timer);
    }
    return lines.shift();
  };

  const readyLine = await nextLine(START_TIMEOUT_MS);
  if (!readyLine) {
    child.kill("SIGKILL");
    throw new Error(`the bench portal process did not start (exit ${child.exitCode ?? child.signalCode ?? "none, killed after timeout"})`);
  }
  const ready = JSON.parse(readyLine) as PortalReady;
  if (!ready.url.startsWith("http://127.0.0.1:")) {
    child.kill("SIGKILL");
    throw new Error(`the bench portal process listens on ${ready.url}, not 127.0.0.1`);
  }
  let stopped: Promise<PortalStats | undefined> | undefined;
  return {
    url: ready.url,
    mark: () => void child.stdin!.write("mark\n"),
    stop: () =>
      (stopped ??= (async () => {
        child.stdin!.end();
        const killer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
        const line = await nextLine(STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(killer);
        return line ? (JSON.parse(line) as PortalStats) : undefined;
      })()),
  };
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

  rows(elapsedSeconds: number, portal: PortalStats | undefined, bareRate: number): Row[] {
    const rows: Row[] = [];
    let total = 0;
    let errors = 0;
    for (const kind of ["GET /clients", "GET /clients/:client", "POST issue link", "GET issued page"] as const) {
      const ms = (this.samples.get(kind) ?? []).sort((a, b) => a - b);
      total += ms.length;
      errors += this.errors.get(kind) ?? 0;
      rows.push({ request: kind, requests: ms.length, "req/s": ms.length / elapsedSeconds, "p50 ms": percentile(ms, 0.5), "p99 ms": percentile(ms, 0.99), errors: this.errors.get(kind) ?? 0 });
    }
    // Every issue signs the client's 200 files: the signatures a second that issuing reached, to one core's bare signing.
    const issued = (this.samples.get("POST issue link")?.length ?? 0) - (this.errors.get("POST issue link") ?? 0);
    const signatures = (issued * FILES) / elapsedSeconds;
    rows.push({ request: "bare signing on one core (reference)", "signatures/s": bareRate, "ratio to bare signing": 1 });
    rows.push({ request: "signatures of the issues", "signatures/s": signatures, "ratio to bare signing": signatures / bareRate });
    rows.push({
      request: `all (${USERS} users, ${FILES}-file client)`,
      requests: total,
      "req/s": total / elapsedSeconds,
      "p50 ms": undefined,
      "p99 ms": undefined,
      errors,
      "portal CPU %": portal ? (portal.cpuMs / (elapsedSeconds * 1000)) * 100 : undefined,
      "portal peak RSS MiB": portal ? Math.round(portal.peakRssMiB) : undefined,
    });
    return rows;
  }
}

function percentile(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

export const portalSuite = {
  title: "Portal (own process, download activity on) with 50 signed-in users on 127.0.0.1 (4 page views : 1 issue of a 200-file client), keep-alive; signatures/s of the issues against bare signing on one core in the same run",
  run: (seconds: number) => benchPortal(secondsGiven() ? seconds : DEFAULT_PORTAL_SECONDS),
};
