import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LARGE_PER_FILE_SELECTION } from "../../lib/publishing/selection.js";
import { asUser, portal, postJson, session, storeWithUsers, PREFIX, type TestPortal, type TestStore } from "../portal/fixture.js";

let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());

/** The issue form POSTed with ticked `only` boxes, as a browser sends them. */
function issueForm(s: { cookie: string; token: string }, fields: Record<string, string>, only: string[]): RequestInit {
  const body = new URLSearchParams({ _csrf: s.token, ...fields });
  for (const path of only) body.append("only", path);
  return { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", cookie: s.cookie } };
}

async function recordOf(p: TestPortal, linkId: string) {
  return (await p.deps.services.publisher.records.get("acme-corp", linkId))!;
}

describe("choosing what a link covers in the portal", () => {
  it("shows a checkbox per folder and file, tied to the issue form, with the whole folder's count and size", async () => {
    const p = portal(base);
    const s = await session(p);
    const html = await (await p.app.request("/clients/acme-corp", asUser(s.cookie))).text();
    expect(html).toContain('<form method="post" action="/clients/acme-corp/links" class="form issue-form" id="issue-form"');
    expect(html).toMatch(/<input type="checkbox" name="only" value="reports\/" form="issue-form" data-folder=""/);
    expect(html).toMatch(/<input type="checkbox" name="only" value="reports\/2026\/q1.csv" form="issue-form" data-size="24"/);
    expect(html).toContain("value=\"exports/&lt;img src=x onerror=alert(1)&gt; &amp; notes.txt\"");
    expect(html).toMatch(/Covers the whole folder: 4 files, 90 B\./);
    expect(html).toMatch(/<script src="\/static\/selection\.js\?v=[\w-]+" defer=""><\/script>/);
  });

  it("issues a link for the ticked folder and file; the record keeps the selection", async () => {
    const p = portal(base);
    const s = await session(p);
    const response = await p.app.request("/clients/acme-corp/links", issueForm(s, { expiry: "7d" }, ["reports/2026/", "README.txt"]));
    expect(response.status).toBe(303);
    const linkId = /\/links\/([^/]+)\/issued/.exec(response.headers.get("location")!)![1]!;
    const record = await recordOf(p, linkId);
    expect(record).toMatchObject({ selection: ["reports/2026/", "README.txt"], fileCount: 3, mode: "per-file" });
    const page = (await base.store.get(record.pageKey))!;
    const html = await new Response(page.body as unknown as ReadableStream).text();
    expect(html).toContain("q1.csv");
    expect(html).not.toContain("notes.txt");
  });

  it("shows the form again with the boxes still ticked when a path is gone", async () => {
    const p = portal(base);
    const s = await session(p);
    const response = await p.app.request("/clients/acme-corp/links", issueForm(s, { expiry: "7d" }, ["reports/2026/", "gone.txt"]));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("has no file or folder &quot;gone.txt&quot; to share");
    expect(html).toMatch(/value="reports\/2026\/" form="issue-form" checked=""/);
  });

  it("refuses a path that leaves the folder, as a form error", async () => {
    const p = portal(base);
    const s = await session(p);
    const response = await p.app.request("/clients/acme-corp/links", issueForm(s, { expiry: "7d" }, ["../globex/invoice.html"]));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("has a . or .. segment");
  });

  it("takes `only` in the API, and 404 names a path that is not there", async () => {
    const p = portal(base);
    const s = await session(p);
    const ok = await p.app.request("/api/clients/acme-corp/links", postJson(s, { expires: "7d", mode: "folder", only: ["reports"] }));
    expect(ok.status).toBe(201);
    const body = (await ok.json()) as { link: { selection: string[]; fileCount: number } };
    expect(body.link).toMatchObject({ selection: ["reports/"], fileCount: 2 });
    const missing = await p.app.request("/api/clients/acme-corp/links", postJson(s, { expires: "7d", only: ["nope/"] }));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain('no file or folder "nope/"');
    const bad = await p.app.request("/api/clients/acme-corp/links", postJson(s, { expires: "7d", only: "reports/" }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^only: must be a list of paths/);
  });
});

describe("a large per-file selection", () => {
  let big: TestStore;
  beforeAll(async () => {
    big = await storeWithUsers();
    for (let i = 0; i <= LARGE_PER_FILE_SELECTION; i++) await big.store.put(`${PREFIX}/bulk/f${String(i).padStart(4, "0")}.txt`, "x");
  });
  afterAll(() => big.cleanup());

  it("is not issued until confirmed, with a warning that suggests folder mode; folder mode needs no confirmation", async () => {
    const p = portal(big);
    const s = await session(p);
    const warned = await p.app.request("/clients/bulk/links", issueForm(s, { expiry: "7d", mode: "per-file" }, []));
    expect(warned.status).toBe(400);
    const html = await warned.text();
    expect(html).toContain(`a per-file link for ${LARGE_PER_FILE_SELECTION + 1} files`);
    expect(html).toMatch(/<div class="alert alert--warning" id="large-warning" role="alert">/);
    expect(await p.deps.services.publisher.records.list("bulk")).toHaveLength(0);
    expect((await p.app.request("/clients/bulk/links", issueForm(s, { expiry: "7d", mode: "per-file", confirmLarge: "yes" }, []))).status).toBe(303);
    expect((await p.app.request("/clients/bulk/links", issueForm(s, { expiry: "7d", mode: "folder" }, []))).status).toBe(303);
    expect((await p.app.request("/clients/bulk/links", issueForm(s, { expiry: "7d", mode: "per-file" }, ["f0000.txt", "f0001.txt"]))).status).toBe(303);
  });
});
