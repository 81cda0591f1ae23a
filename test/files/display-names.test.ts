import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config.js";
import { validateProfileChanges } from "../../lib/files/client-profiles.js";
import { createPublishing } from "../../lib/publishing/create-publishing.js";
import { validateClientName } from "../../lib/links/layout.js";
import { readText } from "../../lib/storage/read-text.js";
import { asUser, issueThroughForm, OPERATOR, portal, postJson, session, START, storeWithUsers, type TestPortal, type TestStore } from "../portal/fixture.js";
import { rsaSigningKey } from "../support/vectors.js";
import { clientFilesOn } from "./subjects.js";

/** A display name that would be markup if it were not escaped. */
const DISPLAY = `<b>ACME</b> & Söhne "Ltd"`;
const ESCAPED = `&lt;b&gt;ACME&lt;/b&gt; &amp; Söhne &quot;Ltd&quot;`;

describe("display names: refused like client names", () => {
  it.each([
    ["a right-to-left override", "ACME\u202Egnp.exe"],
    ["an isolate", "ACME\u2067x\u2069"],
    ["an Arabic letter mark", "ACME\u061C"],
    ["a newline", "ACME\nCorp"],
    ["a C1 control", "ACME\u0085Corp"],
    ["DEL", "ACME\u007f"],
  ])("refuses %s", (_what, name) => {
    expect(() => validateProfileChanges({ displayName: name })).toThrow(/display name contains a (bidirectional )?control character \(U\+[0-9A-F]{4}\)/);
  });

  it("keeps unicode, punctuation and markup-like text (escaped where it is shown)", () => {
    expect(validateProfileChanges({ displayName: `  ${DISPLAY} 日本 ` })).toEqual({ displayName: `${DISPLAY} 日本` });
  });

  it("client names refuse the same bidirectional controls (one rule, lib/pages/visible-name.ts)", () => {
    expect(() => validateClientName("acme\u061C")).toThrow(/bidirectional control/);
    expect(() => validateClientName("acme\u202E")).toThrow(/bidirectional control/);
  });
});

describe("display names in the portal and on the published page", () => {
  let base: TestStore;
  let p: TestPortal;
  let s: { cookie: string; token: string };

  beforeAll(async () => {
    base = await storeWithUsers();
    // The publisher as the portal and the tools build it (createPublishing), so the profile's name reaches the page.
    const config = loadConfig({ env: { SHARE_DATA_DIR: base.dir, SHARE_PUBLIC_URL: "https://files.example.com" } });
    const publishing = createPublishing(config, { clock: () => START, store: base.store });
    p = portal(base, { files: clientFilesOn(base.store), listingCacheMs: 0, publisher: publishing.publisher(async () => rsaSigningKey) });
    s = await session(p, OPERATOR);
    const saved = await p.app.request("/api/clients/acme-corp/profile", postJson(s, { displayName: DISPLAY }));
    expect(saved.status).toBe(200);
  });
  afterAll(async () => {
    await base.cleanup();
  });

  it("the clients list shows the display name (escaped) with the folder name beside it, and finds the client by either", async () => {
    const list = await (await p.app.request("/clients", asUser(s.cookie))).text();
    expect(list).toContain(`<a href="/clients/acme-corp">${ESCAPED}</a><span class="muted client-folder"> acme-corp</span>`);
    expect(list).not.toContain("<b>ACME</b>");
    expect(list).toContain(`<a href="/clients/globex">globex</a>`); // no profile: the folder name
    expect(await (await p.app.request("/clients?q=s%C3%B6hne", asUser(s.cookie))).text()).toContain('href="/clients/acme-corp"');
    expect(await (await p.app.request("/clients?q=acme-c", asUser(s.cookie))).text()).toContain('href="/clients/acme-corp"');
  });

  it("the client page's title, breadcrumb and heading show the display name; the folder name stays visible", async () => {
    const page = await (await p.app.request("/clients/acme-corp", asUser(s.cookie))).text();
    expect(page).toMatch(new RegExp(`<title>${ESCAPED.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    expect(page).toContain(`<h1>${ESCAPED}</h1>`);
    expect(page).toContain(`<span aria-current="page">${ESCAPED}</span>`);
    expect(page).toContain("Folder: <code>acme-corp</code>");
    expect(page).not.toContain("<b>ACME</b>");
  });

  it("a display name saved before the rule (bidi in the stored profile) is shown with the control made visible", async () => {
    await base.store.put("portal/clients/globex.json", JSON.stringify({ client: "globex", displayName: "Globex\u202Efdp.exe", contacts: [], archived: false, createdAt: "2026-01-01T00:00:00Z", createdBy: "x", updatedAt: "2026-01-01T00:00:00Z", updatedBy: "x" }));
    const page = await (await p.app.request("/clients/globex", asUser(s.cookie))).text();
    expect(page).toContain("<h1>Globex[U+202E]fdp.exe</h1>");
    await base.store.delete("portal/clients/globex.json");
  });

  it("the published page's title and heading carry the display name, escaped", async () => {
    const { linkId } = await issueThroughForm(p, s, "acme-corp");
    const record = await p.deps.services.publisher.records.get("acme-corp", linkId);
    const html = (await readText(base.store, record!.pageKey))!;
    expect(html).toContain(`<title>Files for ${ESCAPED}</title>`);
    expect(html).toContain(`<h1>Files for ${ESCAPED}</h1>`);
  });

  it("a client without a profile keeps its folder name on the published page", async () => {
    const { linkId } = await issueThroughForm(p, s, "globex");
    const record = await p.deps.services.publisher.records.get("globex", linkId);
    expect(await readText(base.store, record!.pageKey)).toContain("<h1>Files for globex</h1>");
  });
});
