import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INDEX_PAGE_PATH_PATTERN, matchesPathPattern } from "../../lib/edge/response-headers.js";
import { clientFileKey } from "../../lib/files/file-path.js";
import { RESERVED_SEGMENTS } from "../../lib/names/reserved-names.js";
import { PAGE_SCRIPT_COMMON, SMALL_PAGE_SCRIPT } from "../../lib/pages/download-all-script.js";
import { InvalidRequestError } from "../../lib/errors.js";
import { validateClientName } from "../../lib/links/layout.js";
import { parseSelection } from "../../lib/publishing/selection.js";
import { ZIP_ENTRY_NAME_SCRIPT } from "../../lib/pages/zip-entry-name.js";
import { clientFilesOn } from "../files/subjects.js";
import { uploadThroughApi } from "../files/upload-helper.js";
import { DAY, OPERATOR, portal, postJson, PREFIX, session, START, storeWithUsers, type TestPortal, type TestStore } from "../portal/fixture.js";

/** Issue 21, item 3: CloudFront's `/*\/_links/*` matches nested folders too, so `<client>/reports/_links/x.html` got the index-page policy. */
describe("reserved names as any segment of a client file path", () => {
  let base: TestStore;
  let p: TestPortal;
  let s: { cookie: string; token: string };

  beforeAll(async () => {
    base = await storeWithUsers();
    p = portal(base, { files: clientFilesOn(base.store) });
    s = await session(p, OPERATOR);
    expect((await p.app.request("/api/clients", postJson(s, { client: "nested" }))).status).toBe(201);
  });
  afterAll(() => base.cleanup());

  it("the CDN's index-page pattern does match a nested _links folder: that is why the name is reserved everywhere", () => {
    expect(matchesPathPattern(INDEX_PAGE_PATH_PATTERN, "/nested/reports/_links/x.html")).toBe(true);
  });

  it.each(["reports/_links/x.html", "a/b/_links/c/d.html", "_links/x.html", "reports/_LINKS/x.html", "_Links", "x/.~tmp-123"])(
    "an upload through the API to %s is refused before anything is stored",
    async (path) => {
      const response = await uploadThroughApi(p, (body) => postJson(s, body), "nested", path, Buffer.from("<script>alert(1)</script>"));
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/reserved/);
      expect(await base.store.list({ prefix: `${PREFIX}/nested/`, maxKeys: 10 }).then((page) => page.objects.map((o) => o.key))).toEqual([`${PREFIX}/nested/`]);
    },
  );

  it("files put checks every name with the same function, so a folder of that name anywhere is refused", () => {
    for (const path of ["reports/_links/x.html", "deep/er/_links/index.html"]) {
      expect(() => clientFileKey(PREFIX, "nested", path)).toThrow(InvalidRequestError);
      expect(() => clientFileKey(PREFIX, "nested", path)).toThrow(/reserved folder name _links/);
    }
    expect(clientFileKey(PREFIX, "nested", "reports/links/_link.html")).toBe(`${PREFIX}/nested/reports/links/_link.html`);
  });

  it("every reserved segment, at any depth, is refused in uploads and selections", () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z0-9 ()-]{1,8}$/), { maxLength: 4 }),
        fc.constantFrom(...RESERVED_SEGMENTS.filter((r) => r.refuses === "everything" && r.where === "any-segment")),
        fc.boolean(),
        (folders, reserved, upper) => {
          const name = reserved.match === "prefix" ? `${reserved.name}x` : reserved.name;
          const segment = upper ? name.toUpperCase() : name;
          const path = [...folders, segment, "page.html"].join("/");
          expect(() => clientFileKey(PREFIX, "nested", path)).toThrow(/reserved/);
          expect(() => parseSelection([`${[...folders, segment].join("/")}/`])).toThrow(/reserved/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("received/ (where file requests land) is refused for new files directly under the client's folder only, and links may still share it", () => {
    for (const path of ["received/x.pdf", "Received/a/b.txt", "RECEIVED/x"]) expect(() => clientFileKey(PREFIX, "nested", path), path).toThrow(/reserved folder name received/);
    expect(clientFileKey(PREFIX, "nested", "reports/received/x.pdf")).toBe(`${PREFIX}/nested/reports/received/x.pdf`);
    expect(parseSelection(["received/"])).toEqual(["received/"]);
  });

  it.each(["_rotation-probe.txt", "_links", "_anything", ".signed-share", ".hidden"])("the client name %s is refused: it would sit beside the product's own objects", async (client) => {
    expect(() => validateClientName(client)).toThrow(/reserved|starts with/);
    const response = await p.app.request("/api/clients", postJson(s, { client }));
    expect(response.status).toBe(400);
  });

  it("a folder link over a client holding a nested _links file is refused; a per-file link leaves the file off", async () => {
    await base.store.put(`${PREFIX}/planted/report.pdf`, "%PDF-1.7\n");
    await base.store.put(`${PREFIX}/planted/reports/_links/x.html`, "<script>alert(document.domain)</script>");
    const terms = { client: "planted", expiresAt: new Date(START.getTime() + DAY), issuedBy: "t" };
    await expect(p.deps.services.publisher.publish({ ...terms, mode: "folder" })).rejects.toThrow(/reports\/_links\/x\.html.*reserved folder name _links.*files rm planted/);
    await expect(p.deps.services.publisher.publish({ ...terms, mode: "folder", only: ["reports/"] })).rejects.toThrow(/reserved folder name _links/);
    const record = await p.deps.services.publisher.publish({ ...terms, mode: "per-file" });
    expect(record.fileCount).toBe(1);
    expect(record.skipped?.examples).toEqual([{ key: `${PREFIX}/planted/reports/_links/x.html`, reason: expect.stringMatching(/reserved folder name _links/) }]);
    const page = await base.store.get(record.pageKey);
    let html = "";
    for await (const chunk of page!.body) html += String(chunk);
    expect(html).toContain("report.pdf");
    expect(html).not.toContain("_links/x.html");
    // The operator can still delete it, by the path the refusal names.
    await clientFilesOn(base.store).deleteFile("planted", "reports/_links/x.html");
    await expect(p.deps.services.publisher.publish({ ...terms, mode: "folder" })).resolves.toMatchObject({ fileCount: 1 });
  });
});

/** The index page's "Download all (.zip)" run outside a browser: the names it hands to client-zip. */
async function zipEntryNames(paths: string[]): Promise<string[]> {
  const names: string[] = [];
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  let click: () => void = () => undefined;
  const element = (attributes: Record<string, string> = {}) => ({
    hidden: true,
    disabled: false,
    set textContent(text: string) {
      if (/^Done|could not/.test(text)) finished();
    },
    getAttribute: (name: string) => attributes[name] ?? null,
    addEventListener: (_event: string, handler: () => void) => (click = handler),
    click() {},
    remove() {},
  });
  const links = paths.map((path) => element({ "data-path": path, href: `https://files.example.com/x?l=1`, "data-size": "1", "data-modified": "2026-01-01T00:00:00Z" }));
  const elements: Record<string, ReturnType<typeof element>> = { zip: element({ "data-name": "c-files.zip", "data-t-done": "Done", "data-t-failed": "could not: {error}" }), "zip-button": element(), "zip-status": element() };
  // The page's own part of its script (client-zip is stubbed below).
  runInNewContext(`${PAGE_SCRIPT_COMMON}\n${SMALL_PAGE_SCRIPT}`, {
    document: { getElementById: (id: string) => elements[id], querySelectorAll: (selector: string) => (selector === "a[data-path]" ? links : []), createElement: () => element(), body: { appendChild() {} }, documentElement: { lang: "en" } },
    window: {},
    ReadableStream: class {},
    URL: { createObjectURL: () => "blob:x", revokeObjectURL() {} },
    setTimeout: () => 0,
    fetch: async () => ({ ok: true, status: 200 }),
    downloadZip: (entries: AsyncIterable<{ name: string }>) => ({
      blob: async () => {
        for await (const entry of entries) names.push(entry.name);
        return {};
      },
    }),
  });
  click();
  await done;
  return names;
}

describe("the in-browser zip's entry names", () => {
  const zipEntryName = runInNewContext(`${ZIP_ENTRY_NAME_SCRIPT}; zipEntryName`) as (path: string) => string;

  it("never climb out of the folder the zip is unpacked in: no .., no leading /, no drive letter", async () => {
    expect(await zipEntryNames(["../../.bashrc", "/etc/passwd", "C:/Windows/win.ini", "c:evil.txt", "a\\..\\..\\b.txt", "./x//y", "reports/q1.csv", "ünï 日本 #1.txt"])).toEqual([
      ".bashrc",
      "etc/passwd",
      "C_/Windows/win.ini",
      "c_evil.txt",
      "a/b.txt",
      "x/y",
      "reports/q1.csv",
      "ünï 日本 #1.txt",
    ]);
  });

  it("for any path: a relative name with no . or .. or empty segment, no backslash, no drive; a clean path is kept as it is", () => {
    const segment = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom("..", ".", "", "C:", "c:x", "\\", "..\\..", "/"));
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), fc.constantFrom("/", "\\"), (segments, separator) => {
        const path = segments.join(separator);
        const name = zipEntryName(path);
        expect(name).not.toMatch(/^[/\\]|^[A-Za-z]:|\\/);
        for (const part of name.split("/")) expect(["", ".", ".."]).not.toContain(part);
        const clean = path !== "" && !/\\/.test(path) && !/^[A-Za-z]:/.test(path) && path.split("/").every((p) => p !== "" && p !== "." && p !== "..");
        if (clean) expect(name).toBe(path);
      }),
      { numRuns: 2000 },
    );
  });
});
