// Local mode end to end: issue a link, open its page, download two files through the local edge
// (one whole, one as a Range request in two parts), send one tampered signature and one request
// after revoking another link; then `links activity --json` and `links list --json` show it all,
// and no signature appears in their output or in the stored summaries.
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type LocalConfig } from "../../lib/config.js";
import { startLocalMode, type RunningLocalMode } from "../../portal/local/local-mode.js";
import { runInProcess } from "../support/run-command.js";
import { quietLogger } from "../../portal/logger.js";

const unescapeHtml = (text: string) => text.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

describe("download activity in local mode", { timeout: 180_000 }, () => {
  let dataDir: string;
  let running: RunningLocalMode;
  let env: Record<string, string>;
  let link: { linkId: string; url: string };
  let fileUrls: Map<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "activity-local-"));
    env = { SHARE_DATA_DIR: dataDir };
    running = await startLocalMode(loadConfig({ env: { ...env, PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: "activity-password-1" } }) as LocalConfig, { logger: quietLogger });
    const issued = await runInProcess(["issue", "acme-corp", "--expires", "1d", "--json"], { env });
    expect(issued.code, issued.stderr).toBe(0);
    link = JSON.parse(issued.stdout).link;
  });
  afterAll(async () => {
    await running?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("serves the page and the files; a tampered signature is refused", async () => {
    const page = await fetch(link.url, { headers: { "user-agent": "activity-test/1.0 (e2e)" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    fileUrls = new Map([...html.matchAll(/href="(http[^"]+)"/g)].map((m) => unescapeHtml(m[1]!)).filter((u) => !u.includes("/_links/")).map((u) => [decodeURIComponent(new URL(u).pathname.split("/").slice(2).join("/")), u]));
    const csv = fileUrls.get("report-2026-q3.csv")!;
    const json = fileUrls.get("exports/orders 2026-09 (final).json")!;
    expect(csv).toContain(`l=${link.linkId}`);
    expect((await fetch(csv)).status).toBe(200);
    const first = await fetch(json, { headers: { range: "bytes=0-9" } });
    expect(first.status).toBe(206);
    await first.arrayBuffer();
    const rest = await fetch(json, { headers: { range: "bytes=10-" } });
    expect(rest.status).toBe(206);
    await rest.arrayBuffer();
    const tampered = await fetch(csv.replace(/Signature=(.)/, (_m, c: string) => `Signature=${c === "A" ? "B" : "A"}`));
    expect(tampered.status).toBe(403);
    await tampered.arrayBuffer();
  });

  it("links activity --json lists the page view, both downloads (the ranged one complete once both parts are in) and the denied request, oldest first", async () => {
    const result = await runInProcess(["links", "activity", link.linkId, "--json"], { env });
    expect(result.code, result.stderr).toBe(0);
    const activity = JSON.parse(result.stdout);
    expect(activity.events.map((e: { kind: string; file: string | null; status: number; outcome: string }) => [e.kind, e.file, e.status, e.outcome])).toEqual([
      ["page", null, 200, "complete"],
      ["file", "report-2026-q3.csv", 200, "complete"],
      ["file", "exports/orders 2026-09 (final).json", 206, "partial"],
      ["file", "exports/orders 2026-09 (final).json", 206, "partial"],
      ["file", "report-2026-q3.csv", 403, "denied"],
    ]);
    expect(activity.events[2].range).toEqual({ start: 0, end: 9 });
    expect(activity.events[0]).toMatchObject({ viewer: "127.0.0.0/24", userAgent: "activity-test/1.0 (e2e)" });
    expect(activity.events[4].reason).toBe("signature, expiry, key or address refused");
    expect(activity.totals).toMatchObject({ downloads: 3, pageViews: 1, denied: 1, filesComplete: ["exports/orders 2026-09 (final).json", "report-2026-q3.csv"] });
    expect(activity.completeness).toMatch(/^Activity up to .* UTC\. The local edge writes its log as it serves each request\.$/);
    const signature = new URL(link.url).searchParams.get("Signature")!;
    expect(result.stdout).not.toContain(signature);
    expect(result.stdout).not.toContain("Signature=");
  });

  it("a revoked link's request is denied by the guard, with that reason", async () => {
    const revoke = await runInProcess(["links", "revoke", link.linkId], { env });
    expect(revoke.code, revoke.stderr).toBe(0);
    const refused = await fetch(fileUrls.get("README.txt")!);
    expect(refused.status).toBe(403);
    await refused.arrayBuffer();
    const result = await runInProcess(["links", "activity", link.linkId, "--json"], { env });
    const last = JSON.parse(result.stdout).events.at(-1);
    expect(last).toMatchObject({ file: "README.txt", status: 403, outcome: "denied", reason: expect.stringContaining("edge guard") });
  });

  it("links list gains downloads and last download, in the table and in --json; the stored summaries hold no signature", async () => {
    const json = await runInProcess(["links", "list", "--json"], { env });
    expect(json.code, json.stderr).toBe(0);
    const [listed] = JSON.parse(json.stdout).links;
    expect(listed).toMatchObject({ linkId: link.linkId, downloads: 3, lastDownloadAt: expect.stringMatching(/^\d{4}-.*Z$/), filesComplete: 2 });
    const table = await runInProcess(["links", "list"], { env });
    expect(table.stdout).toMatch(/downloads\s+last download/);
    expect(table.stdout).toMatch(/\s3\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    const summaries = join(dataDir, "portal", "activity", "acme-corp");
    const stored = readdirSync(summaries).map((name) => readFileSync(join(summaries, name), "utf8")).join("");
    expect(stored).toContain(link.linkId);
    expect(stored).not.toContain(new URL(link.url).searchParams.get("Signature")!);
    expect(stored).not.toContain("127.0.0");
  });

  it("the local edge's log is in the v2 layout, one JSON line per request", () => {
    const base = join(dataDir, "activity-logs", "AWSLogs", "aws-account-id=000000000000", "CloudFront", "DistributionId=LOCALEDGE");
    const years = readdirSync(base);
    expect(years[0]).toMatch(/^year=\d{4}$/);
    const files = readdirSync(base, { recursive: true }).map(String).filter((p) => p.endsWith(".log"));
    expect(files[0]).toMatch(/^year=\d{4}\/month=\d{2}\/day=\d{2}\/hour=\d{2}\/LOCALEDGE\.\d{4}-\d{2}-\d{2}-\d{2}\.[\w-]+\.log$/);
    const first = JSON.parse(readFileSync(join(base, files[0]!), "utf8").split("\n")[0]!);
    expect(Object.keys(first)).toEqual(expect.arrayContaining(["date", "time", "c-ip", "cs-uri-stem", "cs-uri-query", "sc-status", "sc-bytes", "x-edge-request-id"]));
  });

  it("AWS mode without activity logs: links activity exits 2 saying how to turn them on", async () => {
    const result = await runInProcess(["links", "activity", link.linkId], { env: { SHARE_BUCKET: "files-bucket", SHARE_PUBLIC_URL: "https://files.example.com", AWS_REGION: "eu-west-1" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("signed-share:activityLogs true");
    expect(result.stderr).toContain("SHARE_ACTIVITY_LOG_BUCKET");
  });

  it("activity of an unknown link: exit 3, a malformed id too (it names no link)", async () => {
    expect((await runInProcess(["links", "activity", "AAAAAAAAAAAAAAAAAAAAAA"], { env })).code).toBe(3);
    expect((await runInProcess(["links", "activity", "nope"], { env })).code).toBe(3);
  });
});
