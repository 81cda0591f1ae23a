import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curlCommand, shellQuote } from "../../lib/pages/download-commands.js";
import { unescapeHtml } from "../publish/helpers.js";
import { CLIENT, FILES, selectionFixture } from "./fixture.js";

const run = promisify(execFile);

/** Every file under a directory, by its path relative to it. */
async function tree(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = join(entry.parentPath, entry.name);
      out.set(relative(dir, full), await readFile(full));
    }
  }
  return out;
}

/** The text of the page's command box, exactly as a client copies it. */
function commandBox(html: string): string {
  return unescapeHtml(/<textarea id="all-commands"[^>]*>([^<]*)<\/textarea>/.exec(html)![1]!);
}

describe("shellQuote", () => {
  it("gives sh back every string unchanged (printf of 200 arbitrary strings per run)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: "grapheme", minLength: 0, maxLength: 30 }).filter((s) => !s.includes("\u0000")), { minLength: 1, maxLength: 200 }), async (texts) => {
        const script = texts.map((t) => `printf '%s\\0' ${shellQuote(t)}`).join("\n");
        const { stdout } = await run("sh", ["-c", script], { encoding: "buffer" as BufferEncoding });
        expect((stdout as unknown as Buffer).toString("utf8").split("\u0000").slice(0, -1)).toEqual(texts);
      }),
      { numRuns: 5 },
    );
  });

  it("quotes a single quote as '\\''", () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(curlCommand({ path: "/abs", url: "u" })).toBe(`curl --create-dirs -fLo './abs' 'u'`);
  });
});

describe("the page's command box, run as printed with sh in an empty folder", () => {
  let fx: Awaited<ReturnType<typeof selectionFixture>>;
  let work: string;
  beforeAll(async () => {
    fx = await selectionFixture();
  });
  afterAll(async () => {
    await fx?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it.each(["per-file", "folder"] as const)("%s: saves every file under its own relative path, byte-identical, none overwritten", async (mode) => {
    const record = await fx.publisher.publish({ client: CLIENT, expiresAt: fx.expiresAt(), issuedBy: "t", mode });
    const box = commandBox(await (await fetch(record.url)).text());
    expect(box.split("\n")).toHaveLength(Object.keys(FILES).length);
    work = await mkdtemp(join(tmpdir(), "commands-"));
    await writeFile(join(work, "..commands.sh"), `${box}\n`);
    await run("sh", ["-e", "..commands.sh"], { cwd: work });
    await rm(join(work, "..commands.sh"));
    const saved = await tree(work);
    expect(new Map([...saved].sort())).toEqual(new Map(Object.entries(FILES).map(([p, body]) => [p, Buffer.from(body)] as const).sort()));
    expect(saved.get("exports/2025/summary.csv")!.toString()).not.toBe(saved.get("exports/2026/summary.csv")!.toString());
    await rm(work, { recursive: true, force: true });
  });

  it("lists commands for the selection only", async () => {
    const record = await fx.publisher.publish({ client: CLIENT, expiresAt: fx.expiresAt(), issuedBy: "t", only: ["exports/it's here.txt", "invoices/"] });
    const box = commandBox(await (await fetch(record.url)).text());
    work = await mkdtemp(join(tmpdir(), "commands-"));
    await writeFile(join(work, "..commands.sh"), `${box}\n`);
    await run("sh", ["-e", "..commands.sh"], { cwd: work });
    await rm(join(work, "..commands.sh"));
    expect([...(await tree(work)).keys()].sort()).toEqual(["exports/it's here.txt", "invoices/2026-01.pdf", "invoices/private/notes.txt"]);
  });
});
