import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY, OPERATOR, asUser, issueThroughForm, portal, postForm, session, storeWithUsers, type TestStore } from "./fixture.js";

let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());

describe("GET /links", () => {
  it("redirects a signed-out visitor to sign-in", async () => {
    const response = await portal(base).app.request("/links");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-in?next=%2Flinks");
  });

  it("lists links with status, client, issuer, dates and files, filtered by client and status", async () => {
    const p = portal(base);
    const s = await session(p);
    const shortLived = await issueThroughForm(p, s, "globex", { expiry: "1d" });
    const lasting = await issueThroughForm(p, s, "globex", { expiry: "30d" });
    await issueThroughForm(p, s, "acme-corp", { expiry: "7d" });
    p.advance(2 * DAY);
    const later = await session(p); // the first session ended while the clock moved on

    const html = await (await p.app.request("/links?client=globex", asUser(later.cookie))).text();
    expect(html).toContain('<a href="/links" aria-current="page">Links</a>');
    expect(html).toContain('<input id="filter-client" name="client" type="text" value="globex"');
    expect(html).not.toContain('<a href="/clients/acme-corp">');
    const row = (linkId: string) => new RegExp(`<tr id="link-${linkId}">((?:(?!</tr>).)*)</tr>`).exec(html)?.[1] ?? "";
    expect(row(shortLived.linkId)).toMatch(/badge--expired">expired<.*globex.*>olivia<.*2026-03-02 09:00 UTC.*2026-03-03 09:00 UTC.*data-label="Files">1 /);
    expect(row(lasting.linkId)).toContain('<span class="badge badge--active">active</span>');

    const expiredOnly = await (await p.app.request("/links?client=globex&status=expired", asUser(later.cookie))).text();
    expect(expiredOnly).toContain(shortLived.linkId);
    expect(expiredOnly).not.toContain(lasting.linkId);
  });
});

describe("revoking a link", () => {
  it("asks for confirmation with a POST form, then revokes, says so, and shows it revoked", async () => {
    const p = portal(base);
    const s = await session(p);
    const { linkId } = await issueThroughForm(p, s, "acme-corp");
    const record = (await p.deps.services.publisher.records.get("acme-corp", linkId))!;

    const confirm = await p.app.request(`/links/${linkId}/revoke`, asUser(s.cookie));
    expect(confirm.status).toBe(200);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain("Revoke this link?");
    expect(confirmHtml).toContain(`<form method="post" action="/links/${linkId}/revoke"`);
    expect(await p.deps.services.store.head(record.pageKey)).toBeDefined();

    const revoked = await p.app.request(`/links/${linkId}/revoke`, postForm(s, {}));
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get("location")).toBe(`/links?client=acme-corp&revoked=${linkId}`);
    expect(await p.deps.services.store.head(record.pageKey)).toBeUndefined();
    const after = await (await p.app.request(revoked.headers.get("location")!, asUser(s.cookie))).text();
    expect(after).toContain(`Link ${linkId} for acme-corp is revoked`);
    expect(after).toMatch(new RegExp(`badge--revoked">revoked</span>(?:(?!</tr>).)*revoked by ${OPERATOR.name}`));
    expect(p.log.events()).toContainEqual(expect.objectContaining({ event: "link-revoked", linkId, by: OPERATOR.name }));

    const issuedAgain = await (await p.app.request(`/links/${linkId}/issued`, asUser(s.cookie))).text();
    expect(issuedAgain).toContain("This link has been revoked");
  });

  it("answers 404 for an unknown or malformed link id", async () => {
    const p = portal(base);
    const s = await session(p);
    expect((await p.app.request("/links/AAAAAAAAAAAAAAAAAAAAAA/revoke", asUser(s.cookie))).status).toBe(404);
    expect((await p.app.request("/links/..%2F..%2Fusers/issued", asUser(s.cookie))).status).toBe(404);
    expect((await p.app.request("/links/AAAAAAAAAAAAAAAAAAAAAA/revoke", postForm(s, {}))).status).toBe(404);
  });

  it("refuses a cross-site revoke with 403 and leaves the link working", async () => {
    const p = portal(base);
    const s = await session(p);
    const { linkId } = await issueThroughForm(p, s, "globex");
    const response = await p.app.request(`/links/${linkId}/revoke`, postForm(s, {}, { "sec-fetch-site": "cross-site" }));
    expect(response.status).toBe(403);
    expect((await p.deps.services.publisher.records.get("globex", linkId))?.revoked).toBeUndefined();
  });
});

describe("the issued-link page", () => {
  it("names the client by its display name, escaped, and links to the client by its folder", async () => {
    const own = await storeWithUsers();
    try {
      const p = portal(own);
      const s = await session(p);
      await p.deps.services.profiles.save("globex", { displayName: "Globex <Labs>" }, "test");
      const { linkId } = await issueThroughForm(p, s, "globex", { expiry: "7d" });
      const html = await (await p.app.request(`/links/${linkId}/issued?client=globex`, asUser(s.cookie))).text();
      expect(html).toContain("<h1>Link for Globex &lt;Labs&gt;</h1>");
      expect(html).toContain('<a href="/clients/globex">Globex &lt;Labs&gt;</a>');
      expect(html).not.toContain("Link for globex");
    } finally {
      await own.cleanup();
    }
  });
});
