import { mkdtemp, readdir, readFile, rm, mkdir, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, test } from "vitest";
import { EdgeAccessLog, pruneLocalLogs } from "../../lib/edge/access-log.js";
import { LOCAL_LOG_BASE } from "../../lib/activity/log-layout.js";
import { loadConfig } from "../../lib/config.js";
import { requestAddress } from "../../lib/net/request-address.js";

const dirs: string[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((r) => server.close(r));
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function logLines(dir: string): Promise<Record<string, string>[]> {
  const files = (await readdir(dir, { recursive: true })).map(String).filter((f) => f.endsWith(".log"));
  const text = (await Promise.all(files.map((f) => readFile(join(dir, f), "utf8")))).join("");
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

describe("the local edge's access log", () => {
  test("a download the viewer cuts off is logged as CloudFront logs it: 200, response result Error, ClientCommError", async () => {
    const dir = await mkdtemp(join(tmpdir(), "edge-log-"));
    dirs.push(dir);
    const log = new EdgeAccessLog({ dir, clock: () => new Date("2026-11-30T10:15:00Z"), retentionMs: 86_400_000 });
    const big = Buffer.alloc(8 * 1024 * 1024, 1);
    const server = createServer((req, res) => {
      log.track(req, res, requestAddress(req.socket.remoteAddress, undefined, false));
      res.setHeader("Content-Length", big.length);
      res.writeHead(200);
      // Streamed with back-pressure, as the edge serves objects.
      pipeline(Readable.from(Array.from({ length: 128 }, (_, i) => big.subarray(i * 65536, (i + 1) * 65536))), res).catch(() => undefined);
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => {
      const req = request({ port, path: "/acme/big.bin?l=Zm9vYmFyYmF6cXV4MTIzND&Signature=abc", headers: { "user-agent": 'curl/8 "quoted" \u00e9' } }, (res) => {
        res.once("data", () => {
          req.destroy();
          resolve();
        });
      });
      req.end();
    });
    await expect.poll(async () => (await logLines(dir)).length).toBe(1);
    const [line] = await logLines(dir);
    expect(line).toMatchObject({
      date: "2026-11-30",
      time: "10:15:00",
      "c-ip": "127.0.0.1",
      "cs-method": "GET",
      "cs-uri-stem": "/acme/big.bin",
      "cs-uri-query": "l=Zm9vYmFyYmF6cXV4MTIzND&Signature=abc",
      "sc-status": "200",
      "x-edge-result-type": "Miss",
      "x-edge-response-result-type": "Error",
      "x-edge-detailed-result-type": "ClientCommError",
      "sc-content-len": String(big.length),
      "cs(User-Agent)": "curl/8%20%22quoted%22%20%C3%A9",
      "sc-range-start": "-",
    });
    expect(Number(line!["sc-bytes"])).toBeLessThan(big.length);
    expect((await readdir(join(dir, LOCAL_LOG_BASE, "DistributionId=LOCALEDGE"), { recursive: true })).map(String)).toContain("year=2026/month=11/day=30/hour=10");
  });

  test("hour partitions older than the retention are removed; newer ones stay", async () => {
    const dir = await mkdtemp(join(tmpdir(), "edge-log-"));
    dirs.push(dir);
    const hour = (h: string) => join(dir, LOCAL_LOG_BASE, "DistributionId=LOCALEDGE", "year=2026", "month=11", h.slice(0, 6), h.slice(7));
    for (const h of ["day=01/hour=00", "day=29/hour=23", "day=30/hour=09"]) {
      await mkdir(hour(h), { recursive: true });
      await writeFile(join(hour(h), "x.log"), "{}\n");
    }
    expect(await pruneLocalLogs(dir, new Date("2026-11-30T00:00:00Z"))).toBe(2);
    expect((await readdir(join(dir, LOCAL_LOG_BASE, "DistributionId=LOCALEDGE", "year=2026", "month=11"))).sort()).toEqual(["day=01", "day=29", "day=30"]);
    expect(await readdir(hour("day=30/hour=09"))).toEqual(["x.log"]);
    expect(await readdir(join(dir, LOCAL_LOG_BASE, "DistributionId=LOCALEDGE", "year=2026", "month=11", "day=01"))).toEqual([]);
    expect(await pruneLocalLogs(join(dir, "missing"), new Date())).toBe(0);
  });
});

describe("viewer address source and activity settings", () => {
  test("X-Forwarded-For only when the proxy is trusted, its last entry; a mapped IPv4 peer as IPv4", () => {
    expect(requestAddress("::ffff:10.0.0.5", "203.0.113.9, 198.51.100.2", false)).toBe("10.0.0.5");
    expect(requestAddress("::ffff:10.0.0.5", "203.0.113.9, 198.51.100.2", true)).toBe("198.51.100.2");
    expect(requestAddress("10.0.0.5", undefined, true)).toBe("10.0.0.5");
  });

  test("defaults, choices and refusals", () => {
    const local = loadConfig({ env: {} });
    expect(local.activity).toEqual({ viewerAddress: "truncated", retentionMs: 90 * 86_400_000 });
    expect(local.portal.edgeTrustProxy).toBe(false);
    expect(loadConfig({ env: { SHARE_VIEWER_ADDRESS: "none", SHARE_ACTIVITY_RETENTION: "30d", EDGE_TRUST_PROXY: "true" } })).toMatchObject({ activity: { viewerAddress: "none", retentionMs: 30 * 86_400_000 }, portal: { edgeTrustProxy: true } });
    const aws = { SHARE_BUCKET: "files-bucket", SHARE_PUBLIC_URL: "https://files.example.com" };
    expect(loadConfig({ env: { ...aws, SHARE_DISTRIBUTION_ID: "E2QWRUHEXAMPLE", SHARE_ACTIVITY_LOG_BUCKET: "logs-bucket" } })).toMatchObject({ activityLogs: { bucket: "logs-bucket" } });
    expect(() => loadConfig({ env: { SHARE_VIEWER_ADDRESS: "partial" } })).toThrow(/SHARE_VIEWER_ADDRESS must be full, truncated or none/);
    expect(() => loadConfig({ env: { SHARE_ACTIVITY_RETENTION: "forever" } })).toThrow(/SHARE_ACTIVITY_RETENTION must be a positive duration/);
    expect(() => loadConfig({ env: { SHARE_ACTIVITY_LOG_BUCKET: "logs-bucket" } })).toThrow(/SHARE_ACTIVITY_LOG_BUCKET needs SHARE_BUCKET/);
    expect(() => loadConfig({ env: { ...aws, SHARE_ACTIVITY_LOG_BUCKET: "logs-bucket" } })).toThrow(/SHARE_DISTRIBUTION_ID is required with SHARE_ACTIVITY_LOG_BUCKET/);
    expect(() => loadConfig({ env: { ...aws, SHARE_DISTRIBUTION_ID: "E2QWRUHEXAMPLE", SHARE_ACTIVITY_LOG_BUCKET: "logs-bucket", SHARE_ACTIVITY_LOG_PREFIX: "no-slash" } })).toThrow(/SHARE_ACTIVITY_LOG_PREFIX must be the key prefix/);
  });

  test("the stack output activityLogBucketName supplies SHARE_ACTIVITY_LOG_BUCKET", async () => {
    const dir = await mkdtemp(join(tmpdir(), "stack-"));
    dirs.push(dir);
    await writeFile(join(dir, "stack.json"), JSON.stringify({ bucketName: "files-bucket", publicUrl: "https://d1.cloudfront.net", distributionId: "E2QWRUHEXAMPLE", activityLogBucketName: "activity-logs-0a1b2c3" }));
    expect(loadConfig({ env: {}, configFile: join(dir, "stack.json") })).toMatchObject({ mode: "aws", activityLogs: { bucket: "activity-logs-0a1b2c3" } });
  });
});
