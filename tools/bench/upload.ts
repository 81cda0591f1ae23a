import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile, mkdtemp, rm, open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Row } from "../table.js";

const PASSWORD = "bench-upload-password-1";
const MIB = 1024 * 1024;

/** Resident set size of a process in MiB (Linux /proc). */
async function rssMiB(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => undefined);
  const kb = status && /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) / 1024 : undefined;
}

/**
 * Memory and speed of local-mode uploads: `npm start` in its own process receives a 1 GiB upload
 * (BENCH_UPLOAD_MB to change) through the same API the portal's browser uses, then the same bytes
 * through a file request (the client's way: through the local edge, which forwards the upload API
 * to the portal), three parts in flight each; the process's RSS is sampled every 100 ms. Parts stream
 * to disk, so RSS should stay flat (within 50 MB). Reference, in the same run and interleaved with the
 * uploads (`rounds` rounds, best of each): writing the same bytes straight to a file in the same
 * directory; throughput is given as a ratio to it.
 */
export async function benchUpload(rounds = 3): Promise<Row[]> {
  const total = Number(process.env.BENCH_UPLOAD_MB ?? 1024) * MIB;
  const work = await mkdtemp(join(tmpdir(), "bench-upload-"));
  const loader = pathToFileURL(join(__dirname, "..", "..", "node_modules", "tsx", "dist", "loader.mjs")).href;
  const child = spawn(process.execPath, ["--import", loader, "--no-warnings", join(__dirname, "..", "..", "portal", "local", "main.ts")], {
    env: { ...process.env, SHARE_DATA_DIR: join(work, "data"), PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: PASSWORD },
    stdio: ["ignore", "pipe", "ignore"],
  });
  try {
    let startOutput = "";
    const portal = await new Promise<string>((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => {
        startOutput += d.toString();
        const url = /portal\s+(http:\/\/\S+)/.exec(startOutput)?.[1];
        if (url && startOutput.includes("Press Ctrl+C")) resolve(url);
      });
      child.once("exit", (code) => reject(new Error(`the portal exited with ${code}`)));
    });
    const signIn = await fetch(`${portal}/sign-in`, { method: "POST", body: new URLSearchParams({ username: "admin", password: PASSWORD }), redirect: "manual" });
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const { csrfToken } = (await (await fetch(`${portal}/api/session`, { headers: { cookie } })).json()) as { csrfToken: string };
    const api = async (path: string, body: unknown) => {
      const response = await fetch(`${portal}${path}`, { method: "POST", headers: { cookie, "x-csrf-token": csrfToken, "content-type": "application/json" }, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return response.json() as Promise<Record<string, unknown>>;
    };
    await api("/api/clients", { client: "bench" });

    const edge = /edge\s+(http:\/\/\S+)/.exec(startOutput)?.[1];
    const chunk = randomBytes(16 * MIB);

    /** Sends `total` bytes in parts, three in flight, sampling the portal process's RSS; returns seconds and peak. */
    const measure = async (upload: () => Promise<{ partCount: number; url(n: number): Promise<{ url: string; length: number }>; complete(parts: { partNumber: number; etag: string }[]): Promise<void> }>) => {
      const baseline = (await rssMiB(child.pid!)) ?? 0;
      let peak = baseline;
      const sampler = setInterval(() => void rssMiB(child.pid!).then((rss) => (peak = Math.max(peak, rss ?? 0))), 100);
      const started = performance.now();
      const session = await upload();
      const numbers = Array.from({ length: session.partCount }, (_, i) => i + 1);
      const parts: { partNumber: number; etag: string }[] = [];
      let next = 0;
      const worker = async () => {
        while (next < numbers.length) {
          const n = numbers[next++]!;
          const part = await session.url(n);
          const response = await fetch(part.url, { method: "PUT", body: chunk.subarray(0, part.length) });
          if (!response.ok) throw new Error(`part ${n}: ${response.status}`);
          parts.push({ partNumber: n, etag: response.headers.get("etag")! });
        }
      };
      await Promise.all([worker(), worker(), worker()]);
      await session.complete(parts);
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      peak = Math.max(peak, (await rssMiB(child.pid!)) ?? 0);
      return { seconds, baseline, peak };
    };

    const viaApi = (path: string) =>
      measure(async () => {
        const start = (await api("/api/uploads", { client: "bench", path, size: total })) as { upload: string; partCount: number };
        return {
          partCount: start.partCount,
          url: async (n) => ((await api("/api/uploads/parts", { upload: start.upload, client: "bench", partNumbers: [n] })) as { parts: { url: string; length: number }[] }).parts[0]!,
          complete: async (parts) => void (await api("/api/uploads/complete", { upload: start.upload, client: "bench", parts })),
        };
      });

    // A file request: the client's way in, through the local edge (signature, guard, forwarded to the portal).
    const viaRequest = async () => {
      const created = await fetch(`${portal}/clients/bench/requests`, { method: "POST", headers: { cookie }, body: new URLSearchParams({ _csrf: csrfToken, expires: "1d" }), redirect: "manual" });
      const requestPage = await (await fetch(`${portal}${created.headers.get("location")}`, { headers: { cookie } })).text();
      const link = new URL(/<textarea id="request-url"[^>]*>([^<]+)<\/textarea>/.exec(requestPage)![1]!.trim().replace(/&amp;/g, "&"));
      const call = async (action: string, body: unknown) => {
        const response = await fetch(`${link.origin}${link.pathname.replace(/\.html$/, `/upload/${action}`)}${link.search}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
        if (!response.ok) throw new Error(`${action}: ${response.status} ${await response.text()}`);
        return response.json() as Promise<Record<string, unknown>>;
      };
      return measure(async () => {
        const start = (await call("files", { path: "big.bin", size: total, batch: "0".repeat(32) })) as { upload: string; partCount: number };
        return {
          partCount: start.partCount,
          url: async (n) => ((await call("parts", { upload: start.upload, partNumbers: [n] })) as { parts: { url: string; length: number }[] }).parts[0]!,
          complete: async (parts) => void (await call("complete", { upload: start.upload, parts })),
        };
      });
    };

    const reference = async () => {
      const started = performance.now();
      const handle = await open(join(work, "reference.bin"), "w");
      for (let written = 0; written < total; written += chunk.length) await handle.write(chunk.subarray(0, Math.min(chunk.length, total - written)));
      await handle.close();
      await rm(join(work, "reference.bin"));
      return (performance.now() - started) / 1000;
    };
    // Interleaved rounds, best time of each and highest peak: a busy neighbour on the machine then skews no side alone.
    type Measured = { seconds: number; baseline: number; peak: number };
    const best = (a: Measured | undefined, b: Measured): Measured => (a ? { seconds: Math.min(a.seconds, b.seconds), baseline: Math.min(a.baseline, b.baseline), peak: Math.max(a.peak, b.peak) } : b);
    let ops: Measured | undefined;
    let request: Measured | undefined;
    let refSeconds = Infinity;
    for (let round = 0; round < rounds; round++) {
      refSeconds = Math.min(refSeconds, await reference());
      ops = best(ops, await viaApi(`big-${round}.bin`));
      await api("/api/clients/bench/files/delete", { path: `big-${round}.bin` });
      request = best(request, await viaRequest());
    }
    const refRate = total / MIB / refSeconds;
    const row = (measure: string, m: { seconds: number; baseline: number; peak: number }) => ({
      measure,
      "MiB/s": total / MIB / m.seconds,
      "× plain write": total / MIB / m.seconds / refRate,
      "portal RSS before MiB": Math.round(m.baseline),
      "portal RSS peak MiB": Math.round(m.peak),
      "RSS growth MiB": Math.round(m.peak - m.baseline),
    });

    return [
      row(`upload of ${Math.round(total / MIB)} MiB through the portal (local mode, 3 parts in flight), best of ${rounds}`, ops!),
      row(`file request: ${Math.round(total / MIB)} MiB through the local edge${edge ? "" : " (edge address not printed)"} to the portal (3 parts in flight), best of ${rounds}`, request!),
      { measure: `reference: the same bytes written straight to a file, best of ${rounds}, interleaved`, "MiB/s": refRate, "× plain write": 1 },
    ];
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve).once("error", resolve));
    await rm(work, { recursive: true, force: true });
  }
}
