import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LinkRecord } from "../../lib/links/link-record.js";
import { pageLinks } from "../publish/helpers.js";
import { runInProcess } from "../support/run-command.js";
import { CLIENT, selectionFixture, toolEnv } from "./fixture.js";

describe("signed-share issue CLIENT --only PATH", () => {
  let fx: Awaited<ReturnType<typeof selectionFixture>>;
  const issue = (...args: string[]) => runInProcess(["issue", ...args], { env: toolEnv(fx) });
  beforeAll(async () => {
    fx = await selectionFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it("issues a per-file link for exactly the chosen files and says what it covers", async () => {
    const result = await issue(CLIENT, "--expires", "1d", "--only", "exports/2025/summary.csv", "--only", "README.txt");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`${CLIENT}: 2 files of "exports/2025/summary.csv", "README.txt", `);
    const links = pageLinks(await (await fetch(result.stdout.trim())).text());
    expect(links.map((l) => decodeURIComponent(new URL(l).pathname)).sort()).toEqual([`/${CLIENT}/README.txt`, `/${CLIENT}/exports/2025/summary.csv`]);
  });

  it("issues a folder-mode link for a sub-folder, kept in the record (--json)", async () => {
    const result = await issue(CLIENT, "--expires", "1d", "--mode", "folder", "--only", "invoices", "--json");
    expect(result.code, result.stderr).toBe(0);
    const record = (JSON.parse(result.stdout) as { link: LinkRecord }).link;
    expect(record).toMatchObject({ mode: "folder", selection: ["invoices/"], fileCount: 2 });
  });

  it.each([
    [["--only", "nope.txt"], 3, /not found: client "acme corp" has no file or folder "nope.txt" to share; --only takes paths inside/],
    [["--only", "../other/secret.txt"], 2, /selection entry "..\/other\/secret.txt" has a \. or \.\. segment/],
    [["--only", "/etc/passwd"], 2, /starts with \//],
    [["--only", "_links/"], 2, /reserved folder/],
  ])("refuses %j with exit %i", async (extra, code, message) => {
    const before = (await fx.publisher.records.list(CLIENT)).length;
    const result = await issue(CLIENT, "--expires", "1d", ...extra);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
    expect((await fx.publisher.records.list(CLIENT)).length).toBe(before);
  });

  it("refuses --only with --all (exit 2)", async () => {
    const result = await issue("--all", "--expires", "1d", "--only", "exports/");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--only does not go with signed-share issue --all");
  });
});
