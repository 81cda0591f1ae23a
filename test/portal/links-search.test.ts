// The Links page finds links (docs/portal.md#links): a search box that keeps its value, labels and
// recipients shown escaped, previous/next that keep the search, "Revoke selected" with one
// confirmation (CSRF as every form), and previous/next on the Clients page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ops } from "../../lib/ops/registry.js";
import { runOperation } from "../../lib/ops/run.js";
import { asUser, HOSTILE_CLIENT, issueThroughForm, portal, postForm, session, storeWithUsers, type TestPortal, type TestStore } from "./fixture.js";

let base: TestStore;
let p: TestPortal;
let s: { cookie: string; token: string };
const ids: Record<string, string> = {};
beforeAll(async () => {
  base = await storeWithUsers();
  p = portal(base);
  s = await session(p);
  // A minute apart, so that "newest first" is one order (links of the same millisecond sort by id).
  ids.first = (await issueThroughForm(p, s, "acme-corp", { expiry: "7d", label: "March invoices" })).linkId;
  p.advance(60_000);
  ids.second = (await issueThroughForm(p, s, "globex", { expiry: "7d", label: "March invoices, part 2" })).linkId;
  p.advance(60_000);
  ids.hostile = (await issueThroughForm(p, s, "globex", { expiry: "7d", label: `${HOSTILE_CLIENT} invoices` })).linkId;
  p.advance(60_000);
  ids.other = (await issueThroughForm(p, s, "acme-corp", { expiry: "7d" })).linkId;
  const actor = { name: "olivia", role: "operator" as const, via: "portal" as const };
  await runOperation(ops.links.edit, p.deps.services, { linkId: ids.other, recipients: ["Jane Roe <jane@roe.example>"] }, actor);
});
afterAll(() => base.cleanup());

const page = async (path: string) => (await p.app.request(path, asUser(s.cookie))).text();

describe("the Links page's search", () => {
  it("finds links by label, recipient and id, keeps the search in its box, and escapes labels", async () => {
    const html = await page("/links?q=invoices");
    expect(html).toContain('<input id="filter-search" name="q" type="search" value="invoices"');
    for (const id of [ids.first, ids.second, ids.hostile]) expect(html).toContain(`id="link-${id}"`);
    expect(html).not.toContain(`id="link-${ids.other}"`);
    expect(html).toContain("3 links matching “invoices”");
    expect(html).not.toContain('<img src=x onerror="alert(1)">');
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;co invoices");
    const byRecipient = await page("/links?q=jane%40roe");
    expect(byRecipient).toContain(`id="link-${ids.other}"`);
    expect(byRecipient).toContain("to Jane Roe &lt;jane@roe.example&gt;");
    expect(await page(`/links?q=${ids.second}`)).toContain(`id="link-${ids.second}"`);
  });

  it("pages a search with next and previous, keeping the search and the filters", async () => {
    const first = await page("/links?q=march&limit=1");
    expect(first).toContain(`id="link-${ids.second}"`);
    const next = /<a class="button" href="([^"]+)" rel="next">Older links<\/a>/.exec(first)?.[1]?.replace(/&amp;/g, "&");
    expect(next).toMatch(/^\/links\?q=march&limit=1&after=[^&]+&back=-$/);
    const second = await page(next!);
    expect(second).toContain(`id="link-${ids.first}"`);
    expect(second).toContain('value="march"');
    const previous = /<a class="button" href="([^"]+)" rel="prev">Newer links<\/a>/.exec(second)?.[1]?.replace(/&amp;/g, "&");
    expect(previous).toBe("/links?q=march&limit=1");
    expect(second).not.toContain('rel="next"');
  });

  it("refuses a search with a control character as bad input", async () => {
    const response = await p.app.request("/links?q=a%07b", asUser(s.cookie));
    expect(response.status).toBe(400);
  });
});

describe("Revoke selected", () => {
  it("confirms once with the ticked links listed, then revokes them all; without the CSRF token nothing happens", async () => {
    const chosen = [`${ids.first}/acme-corp`, `${ids.hostile}/globex`];
    const confirm = await page(`/links/revoke-selected?${chosen.map((c) => `link=${encodeURIComponent(c)}`).join("&")}`);
    expect(confirm).toContain("Revoke 2 links?");
    expect(confirm).toContain('<form method="post" action="/links/revoke-selected"');
    expect(confirm).toContain("March invoices");
    expect((await p.deps.services.records.get("acme-corp", ids.first!))?.revoked).toBeUndefined();

    const body = new URLSearchParams(chosen.map((c): [string, string] => ["link", c]));
    const forged = await p.app.request("/links/revoke-selected", { method: "POST", headers: { cookie: s.cookie, "content-type": "application/x-www-form-urlencoded" }, body: body.toString() });
    expect(forged.status).toBe(403);
    expect((await p.deps.services.records.get("acme-corp", ids.first!))?.revoked).toBeUndefined();

    body.set("_csrf", s.token);
    const done = await p.app.request("/links/revoke-selected", { ...postForm(s, {}), body: body.toString() });
    const html = await done.text();
    expect(done.status).toBe(200);
    expect(html).toContain("2 links revoked");
    expect((await p.deps.services.records.get("acme-corp", ids.first!))?.revoked?.by).toBe("olivia");
    expect((await p.deps.services.records.get("globex", ids.hostile!))?.revoked).toBeDefined();
    expect((await p.deps.services.records.get("globex", ids.second!))?.revoked).toBeUndefined();
  });
});

describe("the Clients page's pages", () => {
  it("has next and previous, keeping the search", async () => {
    const first = await page("/clients?q=o&limit=1");
    expect(first).toContain('value="o"');
    const next = /<a class="button" href="([^"]+)" rel="next">Next clients<\/a>/.exec(first)?.[1]?.replace(/&amp;/g, "&");
    expect(next).toMatch(/^\/clients\?q=o&limit=1&after=[^&]+&back=-$/);
    const second = await page(next!);
    expect(second).toContain('value="o"');
    expect(/<a class="button" href="([^"]+)" rel="prev">Previous clients<\/a>/.exec(second)?.[1]?.replace(/&amp;/g, "&")).toBe("/clients?q=o&limit=1");
  });
});
