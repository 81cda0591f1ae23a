// Issue 21.9: the local edge logged about one complete download in ten as aborted (the response's
// `close` can come before its `finish` when the viewer hangs up right after the last byte), so activity
// showed files as missing and `remind` reminded clients who had everything.
import { execFile } from "node:child_process";
import { request } from "node:http";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EdgeAccessLog } from "../../lib/edge/access-log.js";
import type { RunningEdge } from "../../lib/edge/edge-server.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { edgeWithPublisher, pageLinks } from "../publish/helpers.js";

const run = promisify(execFile);
const PREFIX = "client_files";
const DOWNLOADS = 200;
const SIZE = 64 * 1024;
const BIG = 16 * 1024 * 1024;

describe("the local edge logs a complete download as complete", () => {
  let dir: string;
  let edge: RunningEdge;
  let log: EdgeAccessLog;
  let fileUrl: string;
  let bigUrl: string;
  const logged = async (stem: string) => {
    await log.flushed();
    const files = (await readdir(join(dir, "logs"), { recursive: true })).map(String).filter((f) => f.endsWith(".log"));
    return (await Promise.all(files.map((f) => readFile(join(dir, "logs", f), "utf8"))))
      .join("")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, string>)
      .filter((line) => line["cs-uri-stem"] === stem);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "complete-downloads-"));
    const store = new LocalObjectStore(join(dir, "data"));
    await store.put(`${PREFIX}/acme/big.bin`, Buffer.alloc(BIG, 0x42), { contentType: "application/octet-stream" });
    await store.put(`${PREFIX}/acme/report.bin`, Buffer.alloc(SIZE, 0x41), { contentType: "application/octet-stream" });
    log = new EdgeAccessLog({ dir: join(dir, "logs"), clock: () => new Date(), retentionMs: 86_400_000 });
    const started = await edgeWithPublisher(store, { edge: { accessLog: log } });
    edge = started.edge;
    const publisher = started.publisher;
    const link = await publisher.publish({ client: "acme", issuedBy: "test", expiresAt: new Date(Date.now() + 86_400_000) });
    const links = pageLinks(await (await fetch(link.url)).text());
    fileUrl = links.find((url) => url.includes("/acme/report.bin?"))!;
    bigUrl = links.find((url) => url.includes("/acme/big.bin?"))!;
    expect(fileUrl).toBeDefined();
    expect(bigUrl).toBeDefined();
  });
  afterAll(async () => {
    await edge?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`downloads one file ${DOWNLOADS} times with curl: ${DOWNLOADS} complete entries, none aborted`, async () => {
    // One curl process per download (each closes its connection after the last byte), four at a time,
    // started by one xargs: a process start from this worker costs more CPU than the download.
    const downloads = run("xargs", ["-d", "\n", "-n", "1", "-P", "4", "curl", "-sS", "--fail", "-o", "/dev/null", "-w", "%{http_code} %{size_download}\\n"]);
    downloads.child.stdin!.end(`${fileUrl}\n`.repeat(DOWNLOADS));
    const answers = (await downloads).stdout.trimEnd().split("\n");
    expect(answers).toEqual(Array.from({ length: DOWNLOADS }, () => `200 ${SIZE}`));
    await log.flushed();
    const lines = await logged("/acme/report.bin");
    expect(lines).toHaveLength(DOWNLOADS);
    const results = lines.map((line) => `${line["sc-status"]} ${line["x-edge-response-result-type"]} ${line["x-edge-detailed-result-type"]}`);
    expect(results).toEqual(Array.from({ length: DOWNLOADS }, () => "200 Miss Miss"));
  }, 120_000);

  it("still logs a download the viewer cuts off as aborted", async () => {
    await new Promise<void>((resolve, reject) => {
      const req = request(bigUrl, (res) => {
        res.once("data", () => {
          req.destroy();
          resolve();
        });
      });
      req.on("error", reject);
      req.end();
    });
    await expect.poll(async () => (await logged("/acme/big.bin")).length).toBe(1);
    const [line] = await logged("/acme/big.bin");
    expect(line).toMatchObject({ "sc-status": "200", "x-edge-response-result-type": "Error", "x-edge-detailed-result-type": "ClientCommError" });
    expect(Number(line!["sc-bytes"])).toBeLessThan(BIG);
  });
});
