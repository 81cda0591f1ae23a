// `remind` reads real download activity: in local mode the local edge's access log tells it that
// one e-mailed link was fully downloaded (the issuer is told once; its recipients get no reminder)
// and that another was not opened (its recipients are reminded).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type LocalConfig } from "../../lib/config.js";
import { startLocalMode, type RunningLocalMode } from "../../portal/local/local-mode.js";
import { runTool } from "../support/run-tool.js";
import { runInProcess } from "../support/run-command.js";
import { quietLogger } from "../../portal/logger.js";

const unescapeHtml = (text: string) => text.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

interface Outcome {
  linkId: string;
  event: string;
  status: string;
  to?: string[];
}

describe("remind with download activity (local mode)", { timeout: 180_000 }, () => {
  let dataDir: string;
  let running: RunningLocalMode;
  let env: Record<string, string>;
  const issue = async (client: string) => {
    const result = await runInProcess(["issue", client, "--expires", "1d", "--to", `buyer@${client}.example`, "--reply-to", "ops@example.com", "--json"], { env });
    expect(result.code, result.stderr).toBe(0);
    return (JSON.parse(result.stdout) as { link: { linkId: string; url: string } }).link;
  };
  const remind = async () => {
    const result = await runTool("remind.ts", ["--json"], { env });
    expect(result.code, result.stderr).toBe(0);
    return (JSON.parse(result.stdout) as { outcomes: Outcome[] }).outcomes;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "remind-activity-"));
    env = { SHARE_DATA_DIR: dataDir, PORTAL_SENDER_NAME: "Example Ops" };
    running = await startLocalMode(loadConfig({ env: { ...env, PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: "remind-password-1" } }) as LocalConfig, { logger: quietLogger });
  });
  afterAll(async () => {
    await running?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("tells the issuer once that every file was downloaded, and reminds only the recipients of the unopened link", async () => {
    const downloaded = await issue("acme-corp");
    const unopened = await issue("globex");
    const html = await (await fetch(downloaded.url)).text();
    const files = [...html.matchAll(/href="(http[^"]+)"/g)].map((m) => unescapeHtml(m[1]!)).filter((u) => !u.includes("/_links/") && u.includes(`l=${downloaded.linkId}`));
    expect(files.length).toBeGreaterThan(0);
    for (const url of new Set(files)) {
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      await response.arrayBuffer();
    }

    const first = await remind();
    const sent = first.filter((o) => o.status === "sent").map((o) => [o.linkId, o.event, o.to]);
    expect(sent).toEqual(
      expect.arrayContaining([
        [downloaded.linkId, "all-files", ["ops@example.com"]],
        [unopened.linkId, "reminder", ["buyer@globex.example"]],
      ]),
    );
    expect(sent).toHaveLength(2);
    expect(first.filter((o) => o.linkId === downloaded.linkId && o.event === "reminder")).toEqual([]);

    expect((await remind()).filter((o) => o.status === "sent")).toEqual([]);
  });
});
