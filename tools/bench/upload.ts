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
 * Memory of a local-mode upload: `npm start`'s portal in its own process receives a 1 GiB upload
 * (BENCH_UPLOAD_MB to change) through the same API the browser uses, three parts in flight; its RSS
 * is sampled every 100 ms. The portal streams parts to disk, so RSS should stay flat (within 50 MB).
 * Reference, in the same run and interleaved with the uploads (three rounds, best of each): writing
 * the same bytes straight to a file in the same directory.
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
    const portal = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const url = /portal\s+(http:\/\/\S+)/.exec(out)?.[1];
        if (url && out.includes("Press Ctrl+C")) resolve(url);
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

    const baseline = (await rssMiB(child.pid!)) ?? 0;
    let peak = baseline;
    const sampler = setInterval(() => void rssMiB(child.pid!).then((rss) => (peak = Math.max(peak, rss ?? 0))), 100);
    const chunk = randomBytes(16 * MIB);
    const upload = async (path: string) => {
      const start = (await api("/api/uploads", { client: "bench", path, size: total })) as { upload: string; partCount: number; partSize: number };
      const numbers = Array.from({ length: start.partCount }, (_, i) => i + 1);
      const parts: { partNumber: number; etag: string }[] = [];
      let next = 0;
      const worker = async () => {
        while (next < numbers.length) {
          const n = numbers[next++]!;
          const [part] = ((await api("/api/uploads/parts", { upload: start.upload, client: "bench", partNumbers: [n] })) as { parts: { url: string; length: number }[] }).parts;
          const response = await fetch(part!.url, { method: "PUT", body: chunk.subarray(0, part!.length) });
          if (!response.ok) throw new Error(`part ${n}: ${response.status}`);
          parts.push({ partNumber: n, etag: response.headers.get("etag")! });
        }
      };
      await Promise.all([worker(), worker(), worker()]);
      await api("/api/uploads/complete", { upload: start.upload, client: "bench", parts });
    };
    const reference = async () => {
      const handle = await open(join(work, "reference.bin"), "w");
      for (let written = 0; written < total; written += chunk.length) await handle.write(chunk.subarray(0, Math.min(chunk.length, total - written)));
      await handle.close();
      await rm(join(work, "reference.bin"));
    };
    // Interleaved rounds, best of each: a busy neighbour on the machine then skews no side alone.
    let uploadSeconds = Infinity;
    let refSeconds = Infinity;
    for (let round = 0; round < rounds; round++) {
      let started = performance.now();
      await reference();
      refSeconds = Math.min(refSeconds, (performance.now() - started) / 1000);
      started = performance.now();
      await upload(`big-${round}.bin`);
      uploadSeconds = Math.min(uploadSeconds, (performance.now() - started) / 1000);
      await api("/api/clients/bench/files/delete", { path: `big-${round}.bin` });
    }
    clearInterval(sampler);
    peak = Math.max(peak, (await rssMiB(child.pid!)) ?? 0);

    return [
      {
        measure: `upload of ${Math.round(total / MIB)} MiB through the portal (local mode, 3 parts in flight), best of ${rounds}`,
        "MiB/s": total / MIB / uploadSeconds,
        ratio: refSeconds / uploadSeconds,
        "portal RSS before MiB": Math.round(baseline),
        "portal RSS peak MiB": Math.round(peak),
        "RSS growth MiB": Math.round(peak - baseline),
      },
      { measure: `reference: the same bytes written straight to a file, best of ${rounds}, interleaved`, "MiB/s": total / MIB / refSeconds, ratio: 1 },
    ];
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve).once("error", resolve));
    await rm(work, { recursive: true, force: true });
  }
}
