// Local mode with SHARE_SCANNER pointing at a real clamd: a clean and an infected file go through `files put`,
// `files ls --json`, `files scan`, `issue` and the local edge, and in Chromium the client's page never shows
// the infected file while its URL, signed by the folder link, is refused.
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig, type LocalConfig } from "../../lib/config.js";
import { startLocalMode, type RunningLocalMode } from "../../portal/local/local-mode.js";
import { EICAR, EICAR_SIGNATURE } from "../../tools/bench/clamd-daemon.js";
import { hasChromium, launchChromium } from "../support/browser.js";
import { runTool } from "../support/run-tool.js";
import { memoryLogger } from "../portal/fixture.js";

const clamd = inject("clamd");

describe.skipIf(!clamd)("local mode with clamd: upload, ls, scan, issue, the edge", () => {
  let dir: string;
  let local: RunningLocalMode;
  let env: NodeJS.ProcessEnv;
  let browser: Browser | undefined;
  let record: { url: string; fileCount: number; held?: { count: number; examples: { key: string; reason: string }[] } };
  const tool = (name: string, args: string[]) => runTool(name, args, { env });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "scan-local-"));
    env = { SHARE_DATA_DIR: join(dir, "data"), SHARE_SCANNER: clamd!.unixUrl, SHARE_SCAN_ALERTS_TO: "security@example.com" };
    const config = loadConfig({ env: { ...env, PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: "admin-password-12345" } }) as LocalConfig;
    local = await startLocalMode(config, { logger: memoryLogger().logger });
    await writeFile(join(dir, "report.csv"), "month,total\n2026-09,42\n");
    await writeFile(join(dir, "eicar.com"), EICAR);
    if (hasChromium) browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await local?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("files put scans each file as it is stored and prints the verdict", async () => {
    expect((await tool("files.ts", ["new", "initech"])).code).toBe(0);
    const put = await tool("files.ts", ["put", "initech", join(dir, "report.csv"), join(dir, "eicar.com"), "--json"]);
    expect(put.code, put.stderr).toBe(0);
    expect(JSON.parse(put.stdout).stored).toEqual([
      expect.objectContaining({ path: "report.csv", scan: "clean" }),
      expect.objectContaining({ path: "eicar.com", scan: "infected", scanDetail: EICAR_SIGNATURE }),
    ]);
  }, 60_000);

  it("files scan scans a file copied in by hand; files ls --json gives every file its scan", async () => {
    await copyFile(join(dir, "report.csv"), join(dir, "data", "client_files", "initech", "copied.csv"));
    const scan = await tool("files.ts", ["scan", "initech"]);
    expect(scan.code, scan.stderr).toBe(1); // the infected file is still there
    expect(scan.stderr).toContain("initech: 1 of 3 files to scan");
    expect(scan.stderr).toMatch(/infected: initech\/eicar\.com \(Signed-Share\.Test\.EICAR\.UNOFFICIAL\)/);
    const ls = await tool("files.ts", ["ls", "initech", "--json"]);
    expect(JSON.parse(ls.stdout).files.map((f: { path: string; scan: string }) => `${f.path}:${f.scan}`)).toEqual(["copied.csv:clean", "eicar.com:infected", "report.csv:clean"]);
  }, 60_000);

  it("issue leaves the infected file off the page, counted and named", async () => {
    const issued = await tool("issue.ts", ["initech", "--expires", "1d", "--mode", "folder", "--json"]);
    expect(issued.code, issued.stderr).toBe(0);
    record = JSON.parse(issued.stdout).link;
    expect(record.fileCount).toBe(2);
    expect(record.held).toEqual({ count: 1, examples: [{ key: "client_files/initech/eicar.com", reason: `infected: ${EICAR_SIGNATURE}` }] });
    const plain = await tool("issue.ts", ["initech", "--expires", "1d"]);
    expect(plain.stderr).toMatch(/1 file\(s\) left off the page because their malware scan does not say clean: "client_files\/initech\/eicar.com"/);
  }, 60_000);

  it("the edge serves the clean files and refuses the infected one, though the folder link's signature covers it", async () => {
    const page = await fetch(record.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("report.csv");
    expect(html).not.toContain("eicar");
    const clean = new URL(record.url);
    clean.pathname = "/initech/report.csv";
    expect((await fetch(clean)).status).toBe(200);
    const infected = new URL(record.url);
    infected.pathname = "/initech/eicar.com";
    const refused = await fetch(infected);
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain("EICAR");
  });

  it.skipIf(!hasChromium)("in Chromium: the client's page never lists the infected file, and its URL is refused", async () => {
    const context = await browser!.newContext();
    const tab = await context.newPage();
    const response = await tab.goto(record.url);
    expect(response?.status()).toBe(200);
    const text = (await tab.textContent("body")) ?? "";
    expect(text).toContain("report.csv");
    expect(text).toContain("copied.csv");
    expect(text).not.toContain("eicar");
    const hrefs = await tab.$$eval("a[href]", (links) => links.map((a) => a.getAttribute("href") ?? ""));
    expect(hrefs.some((href) => href.includes("eicar"))).toBe(false);
    const infected = new URL(record.url);
    infected.pathname = "/initech/eicar.com";
    const refused = await tab.goto(infected.href);
    expect(refused?.status()).toBe(403);
    expect((await tab.textContent("body")) ?? "").not.toContain("EICAR-STANDARD");
    await context.close();
  });

  it("told security@example.com about the infected file once (the outbox), across the CLI runs and the portal", async () => {
    const { readdir, readFile } = await import("node:fs/promises");
    const outbox = join(dir, "data", "portal", "outbox");
    const entries = await Promise.all((await readdir(outbox)).filter((name) => name.endsWith(".json")).map(async (name) => JSON.parse(await readFile(join(outbox, name), "utf8"))));
    const alerts = entries.filter((entry) => entry.kind === "alert");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ to: ["security@example.com"], subject: "Infected file held back for initech" });
  });
});
