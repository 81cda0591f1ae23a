import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN,
  DAY,
  HOSTILE_CLIENT,
  OPERATOR,
  START,
  asUser,
  issueThroughForm,
  portal,
  postForm,
  session,
  storeWithUsers,
  type TestStore,
} from "./fixture.js";

let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());

describe("GET /", () => {
  it("sends a signed-in user to the clients page", async () => {
    const p = portal(base);
    const s = await session(p);
    const response = await p.app.request("/", asUser(s.cookie));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/clients");
  });
});

describe("GET /clients", () => {
  it("redirects a signed-out visitor to sign-in and back", async () => {
    const response = await portal(base).app.request("/clients?q=acme");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-in?next=%2Fclients%3Fq%3Dacme");
  });

  it("lists every client with its files, size and active links, and marks the nav", async () => {
    const p = portal(base);
    const s = await session(p);
    await issueThroughForm(p, s, "globex");
    const html = await (await p.app.request("/clients", asUser(s.cookie))).text();
    expect(html).toContain('<a href="/clients" aria-current="page">Clients</a>');
    const row = (client: string) => new RegExp(`<a href="/clients/${client}">[^<]*</a></th>(.*?)</tr>`).exec(html)?.[1] ?? "";
    expect(row("acme-corp")).toMatch(/data-label="Files">4<.*data-label="Size">90 B<.*data-label="Active links">0</);
    expect(row("globex")).toMatch(/data-label="Files">1<.*data-label="Active links"><a href="\/links\?client=globex&amp;status=active">1<\/a>/);
  });

  it("filters by name on the server, case-insensitively", async () => {
    const p = portal(base);
    const s = await session(p);
    const html = await (await p.app.request("/clients?q=ACME", asUser(s.cookie))).text();
    expect(html).toContain('href="/clients/acme-corp"');
    expect(html).not.toContain('href="/clients/globex"');
    expect(html).toContain('value="ACME"');
    expect(html).toContain("1 client matches “ACME”.");
  });

  it("escapes a client name that looks like markup", async () => {
    const p = portal(base);
    const s = await session(p);
    const html = await (await p.app.request("/clients", asUser(s.cookie))).text();
    expect(html).not.toContain(HOSTILE_CLIENT);
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;co");
    expect(html).toContain(`href="/clients/${encodeURIComponent(HOSTILE_CLIENT)}"`);
  });

  it("shows the Keys link to admins only", async () => {
    const p = portal(base);
    const operatorPage = await (await p.app.request("/clients", asUser((await session(p, OPERATOR)).cookie))).text();
    const adminPage = await (await p.app.request("/clients", asUser((await session(p, ADMIN)).cookie))).text();
    expect(operatorPage).not.toContain('href="/keys"');
    expect(adminPage).toContain('href="/keys"');
  });
});

describe("GET /clients/:client", () => {
  it("shows the nested file tree with sizes and dates", async () => {
    const p = portal(base);
    const s = await session(p);
    const response = await p.app.request("/clients/acme-corp", asUser(s.cookie));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<span class="tree__folder">reports/</span> <span class="muted">2 files</span></label></summary><ul><li><details open=""><summary><label class="tree__pick"><input type="checkbox" name="only" value="reports/2026/" form="issue-form" data-folder=""/> <span class="tree__folder">2026/</span>');
    expect(html).toMatch(/ q1\.csv<\/label><span class="tree__meta">24 B · <time datetime="[^"]+">\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC<\/time>/);
    expect(html).toContain('/> &lt;img src=x onerror=alert(1)&gt; &amp; notes.txt</label>');
  });

  it("offers 1/7/30/90-day presets with 7 days chosen, a custom UTC time, the mode, and optional IP range and start", async () => {
    const p = portal(base);
    const s = await session(p);
    const html = await (await p.app.request("/clients/acme-corp", asUser(s.cookie))).text();
    expect(html).toContain('<form method="post" action="/clients/acme-corp/links"');
    expect(html).toContain("<legend>Link expires after</legend>");
    for (const preset of ["1d", "30d", "90d", "custom"]) expect(html).toMatch(new RegExp(`<input type="radio" name="expiry" value="${preset}"/>`));
    expect(html).toContain('<input type="radio" name="expiry" value="7d" checked=""/>');
    expect(html).toContain('<label for="expires-at">Custom expiry (UTC)</label>');
    expect(html).toContain('type="datetime-local" min="2026-03-02T09:00"');
    expect(html).toContain('<input type="radio" name="mode" value="per-file" checked=""/>');
    expect(html).toContain('<input type="radio" name="mode" value="folder"/>');
    expect(html).toContain('<label for="ip">Client IP range</label>');
    expect(html).toContain('<label for="not-before">Works from (UTC)</label>');
    expect(html).toMatch(/<input type="hidden" name="_csrf" value="[^"]+"\/>/);
  });

  it("answers 404 for an unknown client", async () => {
    const p = portal(base);
    const s = await session(p);
    const response = await p.app.request("/clients/nobody", asUser(s.cookie));
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Unknown client");
  });

  it("answers 400 for a name that cannot be a client folder", async () => {
    const p = portal(base);
    const s = await session(p);
    expect((await p.app.request("/clients/_links", asUser(s.cookie))).status).toBe(400);
  });
});

describe("POST /clients/:client/links", () => {
  it("issues a link and redirects to its page with the link, a QR code, the UTC expiry and a message", async () => {
    const p = portal(base, { senderName: "Olivia Newton" });
    const s = await session(p);
    const { linkId, location } = await issueThroughForm(p, s, "acme-corp", { expiry: "30d", mode: "folder" });
    const record = await p.deps.services.publisher.records.get("acme-corp", linkId);
    expect(record).toMatchObject({ client: "acme-corp", issuedBy: OPERATOR.name, mode: "folder", fileCount: 4, expiresAt: new Date(START.getTime() + 30 * DAY).toISOString() });

    const page = await p.app.request(location, asUser(s.cookie));
    expect(page.status).toBe(200);
    const html = await page.text();
    const escapedUrl = record!.url.replaceAll("&", "&amp;");
    expect(html).toContain(`<input id="issued-link" type="text" readonly="" value="${escapedUrl}"`);
    expect(html).toContain('<button type="button" class="button" data-copy="issued-link" hidden="">Copy link</button>');
    expect(html).toMatch(/<script src="\/static\/copy\.js\?v=[^"]+" defer=""><\/script>/);
    expect(html).toMatch(/<div class="qr" role="img" aria-label="QR code of the link for acme-corp"><svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(html).toContain("<time datetime=\"2026-04-01T09:00:00.000Z\">2026-04-01 09:00 UTC</time>");
    expect(html).toMatch(new RegExp(`here are your files from Olivia Newton \\(4 files, 90 B\\):\n\n${escapedUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\n\nThe link works until Wednesday, April 1, 2026 at 09:00 (AM )?UTC\\.`));
    expect(p.log.events()).toContainEqual(expect.objectContaining({ event: "link-issued", client: "acme-corp", linkId, by: OPERATOR.name }));
  });

  it("takes a custom expiry and start as UTC, and the IP range", async () => {
    const p = portal(base);
    const s = await session(p);
    const { linkId } = await issueThroughForm(p, s, "acme-corp", { expiry: "custom", expiresAt: "2026-03-20T17:30", notBefore: "2026-03-03T08:00", ip: "203.0.113.7" });
    expect(await p.deps.services.publisher.records.get("acme-corp", linkId)).toMatchObject({
      expiresAt: "2026-03-20T17:30:00.000Z",
      notBefore: "2026-03-03T08:00:00.000Z",
      ipRange: "203.0.113.7/32",
    });
  });

  it.each<[Record<string, string>, string]>([
    [{ expiry: "custom", expiresAt: "" }, "expiresAt: enter the custom expiry"],
    [{ expiry: "5d" }, "expiry: choose 1, 7, 30 or 90 days"],
    [{ expiry: "7d", mode: "everything" }, "mode: must be per-file or folder"],
    [{ expiry: "7d", ip: "300.1.2.3" }, "IP range"],
    [{ expiry: "custom", expiresAt: "2026-03-01T00:00" }, "is not in the future"],
    [{ expiry: "custom", expiresAt: "2028-01-01T00:00" }, "more than the maximum"],
    [{ expiry: "7d", notBefore: "2026-03-20T00:00" }, "must be before the expiry"],
  ])("refuses %j with 400, says why, and keeps the values", async (fields, message) => {
    const p = portal(base);
    const s = await session(p);
    const before = (await p.deps.services.publisher.records.list("acme-corp")).length;
    const response = await p.app.request("/clients/acme-corp/links", postForm(s, fields));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(new RegExp(`<p class="alert alert--error" role="alert" id="issue-error">[^<]*${message.replace(/[()]/g, "\\$&")}`));
    if (fields["ip"]) expect(html).toContain(`value="${fields["ip"]}"`);
    expect(await p.deps.services.publisher.records.list("acme-corp")).toHaveLength(before);
  });

  it("answers 404 for an unknown client and writes nothing", async () => {
    const p = portal(base);
    const s = await session(p);
    const response = await p.app.request("/clients/nobody/links", postForm(s, { expiry: "7d" }));
    expect(response.status).toBe(404);
    expect(await p.deps.services.publisher.records.list("nobody")).toEqual([]);
  });

  it("on a client with no files, says so on the client's page, above the form, and issues nothing", async () => {
    await base.store.put("client_files/empty-co/", "");
    const p = portal(base);
    const s = await session(p);
    const response = await p.app.request("/clients/empty-co/links", postForm(s, { expiry: "7d" }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("<h1>empty-co</h1>");
    expect(html).toMatch(/<p class="alert alert--error" role="alert" id="issue-error">Nothing issued: empty-co has no files to share yet\. Upload files first/);
    expect(html).not.toContain("folder markers");
    expect(await p.deps.services.publisher.records.list("empty-co")).toEqual([]);
  });

  it("refuses a cross-site POST with 403 even with a valid token", async () => {
    const p = portal(base);
    const s = await session(p);
    const response = await p.app.request("/clients/globex/links", postForm(s, { expiry: "7d" }, { "sec-fetch-site": "cross-site", origin: "https://evil.example" }));
    expect(response.status).toBe(403);
  });

  it("refuses a POST without the CSRF token with 403", async () => {
    const p = portal(base);
    const s = await session(p);
    const response = await p.app.request("/clients/globex/links", postForm({ ...s, token: "" }, { expiry: "7d" }));
    expect(response.status).toBe(403);
  });

  it("sends a signed-out POST to sign-in without issuing", async () => {
    const p = portal(base);
    const response = await p.app.request("/clients/globex/links", { method: "POST", body: new URLSearchParams({ expiry: "7d" }), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-in?next=%2F");
  });
});
