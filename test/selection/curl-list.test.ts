import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readText } from "../../lib/storage/read-text.js";
import { curlListEntry } from "../../lib/pages/curl-list.js";
import { Publisher } from "../../lib/publishing/publisher.js";
import { rsaSigningKey } from "../support/vectors.js";
import { CLIENT, FILES, PREFIX, selectionFixture } from "./fixture.js";

const hasCurl = ["/usr/bin/curl", "/bin/curl"].some((path) => existsSync(path));

/** The page for many files' download list, run by curl itself against the local edge (docs/links.md#pages-for-many-files). */
describe("the download list for curl --config", () => {
  let fx: Awaited<ReturnType<typeof selectionFixture>>;
  let out: string;

  beforeAll(async () => {
    fx = await selectionFixture();
    out = await mkdtemp(join(tmpdir(), "curl-list-"));
  });
  afterAll(async () => {
    await fx?.close();
    await rm(out, { recursive: true, force: true });
  });

  it("quotes as curl's config format wants, and leaves out a name it cannot write", () => {
    expect(curlListEntry('a "b"\\c.txt', "https://x/a?l=1")).toBe('url = "https://x/a?l=1"\noutput = "a \\"b\\"\\\\c.txt"\n');
    expect(curlListEntry("tab\there.txt", "https://x/t")).toContain('output = "tab\\there.txt"');
    expect(curlListEntry("bell\u0007.txt", "https://x/b")).toMatch(/^# left out: a name with a control character/);
  });

  it.skipIf(!hasCurl)("folder mode with a selection: a section per sub-folder signature and one for a file signed alone, each run by curl", async () => {
    const publisher = new Publisher({ store: fx.store, prefix: PREFIX, publicUrl: fx.edge.url, signingKey: async () => rsaSigningKey, clock: () => new Date(), manyFilesThreshold: 2 });
    const only = ["exports/2025/", "exports/2026/", "README.txt"];
    const record = await publisher.publish({ client: CLIENT, expiresAt: fx.expiresAt(), issuedBy: "t", mode: "folder", only });
    const text = (await readText(fx.store, record.pageObjects![1]!))!;
    expect(text.match(/^next$/gm)).toHaveLength(2);
    expect(text.match(/^get$/gm)).toHaveLength(2);
    const list = join(out, "selection.txt");
    await writeFile(list, text);
    const dir = join(out, "selection");
    await mkdir(dir);
    await promisify(execFile)("curl", ["--silent", "--show-error", "--config", list], { cwd: dir });
    for (const path of ["exports/2025/summary.csv", "exports/2026/summary.csv", "README.txt"]) expect(await readFile(join(dir, path), "utf8"), path).toBe(FILES[path]);
    expect(existsSync(join(dir, "invoices"))).toBe(false);
  });

  it.skipIf(!hasCurl).each(["per-file", "folder"] as const)("%s: saves every file under its own path with curl --config", async (mode) => {
    const publisher = new Publisher({ store: fx.store, prefix: PREFIX, publicUrl: fx.edge.url, signingKey: async () => rsaSigningKey, clock: () => new Date(), manyFilesThreshold: 2 });
    const record = await publisher.publish({ client: CLIENT, expiresAt: fx.expiresAt(), issuedBy: "t", mode });
    const list = join(out, `${mode}.txt`);
    await writeFile(list, (await readText(fx.store, record.pageObjects![1]!))!);
    const dir = join(out, mode);
    await mkdir(dir);
    await promisify(execFile)("curl", ["--silent", "--show-error", "--config", list], { cwd: dir });
    for (const [path, body] of Object.entries(FILES)) expect(await readFile(join(dir, path), "utf8"), path).toBe(body);
  });
});
