// IP-restricted links are refused on a stack whose distribution serves IPv6 (one rule: lib/publishing/terms.ts).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config.js";
import { InvalidRequestError } from "../../lib/errors.js";
import { Publisher } from "../../lib/publishing/publisher.js";
import { validateTerms } from "../../lib/publishing/terms.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { runTool } from "../support/run-tool.js";
import { rsaSigningKey } from "../support/vectors.js";

const now = new Date("2030-01-01T00:00:00Z");
const terms = { expiresAt: new Date("2030-01-08T00:00:00Z"), ipRange: "203.0.113.0/24" };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ipv6-ip-range-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("validateTerms", () => {
  it("refuses an IP range when the distribution serves IPv6, saying why and what to do", () => {
    expect(() => validateTerms(terms, now, 366 * 86_400_000, { ipv6Enabled: true })).toThrow(InvalidRequestError);
    expect(() => validateTerms(terms, now, 366 * 86_400_000, { ipv6Enabled: true })).toThrow(/serves IPv6.*signed-share:ipv6/);
    expect(validateTerms(terms, now, 366 * 86_400_000, { ipv6Enabled: false }).ipRange).toBe("203.0.113.0/24");
    expect(validateTerms({ expiresAt: terms.expiresAt }, now, 366 * 86_400_000, { ipv6Enabled: true }).ipRange).toBeUndefined();
  });

  it("the publisher (portal and tools) refuses before writing anything", async () => {
    const store = new LocalObjectStore(dir);
    await store.put("client_files/acme/a.txt", "a");
    const publisher = new Publisher({ store, prefix: "client_files", publicUrl: "https://files.example.com", signingKey: async () => rsaSigningKey, clock: () => now, ipv6Enabled: true });
    await expect(publisher.publish({ client: "acme", issuedBy: "t", ...terms })).rejects.toThrow(/serves IPv6/);
    const listed = await store.list({ prefix: "" });
    expect(listed.objects.map((o) => o.key)).toEqual(["client_files/acme/a.txt"]);
  });
});

describe("the setting", () => {
  it("comes from the stack output ipv6Enabled (a JSON boolean) or SHARE_IPV6, and is off by default", async () => {
    const outputs = { bucketName: "files-0a1b2c3", publicUrl: "https://files.example.com", ipv6Enabled: true };
    await writeFile(join(dir, "stack.json"), JSON.stringify(outputs));
    expect(loadConfig({ env: {}, configFile: "stack.json", cwd: dir }).ipv6Enabled).toBe(true);
    expect(loadConfig({ env: { SHARE_IPV6: "false" }, configFile: "stack.json", cwd: dir }).ipv6Enabled).toBe(false);
    expect(loadConfig({ env: {}, cwd: dir }).ipv6Enabled).toBe(false);
    expect(() => loadConfig({ env: { SHARE_IPV6: "yes" }, cwd: dir })).toThrow(/SHARE_IPV6 must be true or false/);
  });

  it("`signed-share issue --ip` on an IPv6 stack exits 2 with the reason", async () => {
    await writeFile(join(dir, "stack.json"), JSON.stringify({ bucketName: "files-0a1b2c3", publicUrl: "https://files.example.com", region: "eu-central-1", ipv6Enabled: true }));
    const result = await runTool("issue.ts", ["acme", "--expires", "7d", "--ip", "203.0.113.0/24", "--config", "stack.json"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/IP-restricted links are refused on this stack: its distribution serves IPv6/);
  });
});
