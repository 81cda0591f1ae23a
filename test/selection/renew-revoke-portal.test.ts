import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY, asUser, portal, postForm, postJson, session, storeWithUsers, type TestPortal, type TestStore } from "../portal/fixture.js";

let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());

async function issue(p: TestPortal, s: { cookie: string; token: string }, client: string, body: Record<string, unknown> = { expires: "7d" }) {
  const response = await p.app.request(`/api/clients/${encodeURIComponent(client)}/links`, postJson(s, body));
  expect(response.status).toBe(201);
  return ((await response.json()) as { link: { linkId: string } }).link.linkId;
}

describe("issue again (renew)", () => {
  it("API: same client, selection, mode and IP range, a new expiry; the old one stays unless revokeOld", async () => {
    const p = portal(base);
    const s = await session(p);
    const old = await issue(p, s, "acme-corp", { expires: "1d", mode: "folder", only: ["reports/"], ip: "10.0.0.0/8" });
    const response = await p.app.request(`/api/links/${old}/renew`, postJson(s, { expires: "30d" }));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { url: string; link: Record<string, unknown>; renewedFrom: string; revokedOld: boolean };
    expect(body).toMatchObject({ renewedFrom: old, revokedOld: false });
    expect(body.link).toMatchObject({ client: "acme-corp", mode: "folder", selection: ["reports/"], ipRange: "10.0.0.0/8", renewedFrom: old, status: "active" });
    expect(body.link.expiresAt).toBe(new Date(p.clock().getTime() + 30 * DAY).toISOString());
    expect((await p.deps.services.publisher.records.get("acme-corp", old))?.revoked).toBeUndefined();

    const again = await p.app.request(`/api/links/${old}/renew`, postJson(s, { expires: "7d", revokeOld: true }));
    expect(again.status).toBe(201);
    expect(((await again.json()) as { revokedOld: boolean }).revokedOld).toBe(true);
    expect((await p.deps.services.publisher.records.get("acme-corp", old))?.revoked?.by).toBe("olivia");
  });

  it("API: 404 for an unknown link, 400 for a bad expiry or body", async () => {
    const p = portal(base);
    const s = await session(p);
    expect((await p.app.request("/api/links/AAAAAAAAAAAAAAAAAAAAAA/renew", postJson(s, { expires: "7d" }))).status).toBe(404);
    const old = await issue(p, s, "globex");
    const past = await p.app.request(`/api/links/${old}/renew`, postJson(s, { expires: "2000-01-01T00:00:00Z" }));
    expect(past.status).toBe(400);
    expect(((await past.json()) as { error: { message: string } }).error.message).toContain("not in the future");
    const extra = await p.app.request(`/api/links/${old}/renew`, postJson(s, { expires: "7d", only: ["x"] }));
    expect(extra.status).toBe(400);
  });

  it("portal: 'Issue again' on the links page, a form with presets and 'revoke the old link', then the issued page", async () => {
    const p = portal(base);
    const s = await session(p);
    const old = await issue(p, s, "acme-corp", { expires: "7d", only: ["README.txt"] });
    const list = await (await p.app.request("/links?client=acme-corp", asUser(s.cookie))).text();
    expect(list).toContain(`href="/links/${old}/renew?client=acme-corp">Issue again`);
    const form = await (await p.app.request(`/links/${old}/renew?client=acme-corp`, asUser(s.cookie))).text();
    expect(form).toContain("<code>README.txt</code>");
    expect(form).toContain('name="revokeOld" value="yes"');
    const response = await p.app.request(`/links/${old}/renew`, postForm(s, { client: "acme-corp", expiry: "90d", revokeOld: "yes" }));
    expect(response.status).toBe(303);
    const newId = /\/links\/([^/]+)\/issued/.exec(response.headers.get("location")!)![1]!;
    expect(newId).not.toBe(old);
    expect(await p.deps.services.publisher.records.get("acme-corp", newId)).toMatchObject({ selection: ["README.txt"], renewedFrom: old });
    expect((await p.deps.services.publisher.records.get("acme-corp", old))?.revoked).toBeDefined();
    const refused = await p.app.request(`/links/${newId}/renew`, postForm(s, { client: "acme-corp", expiry: "custom", expiresAt: "" }));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("enter the custom expiry");
  });
});

describe("revoke all links of a client", () => {
  it("API: revokes every active link of that client only, through the one-link path", async () => {
    const p = portal(base);
    const s = await session(p);
    const mine = [await issue(p, s, "acme-corp"), await issue(p, s, "acme-corp")];
    const other = await issue(p, s, "globex");
    const response = await p.app.request("/api/clients/acme-corp/links/revoke", postJson(s, {}));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { revoked: string[]; failed: unknown[] };
    expect(body.failed).toEqual([]);
    for (const id of mine) expect(body.revoked).toContain(id);
    for (const id of mine) expect((await p.deps.services.publisher.records.get("acme-corp", id))?.revoked?.reason).toBe("revoked by olivia");
    expect((await p.deps.services.publisher.records.get("globex", other))?.revoked).toBeUndefined();
    const none = await p.app.request("/api/clients/acme-corp/links/revoke", postJson(s, {}));
    expect(((await none.json()) as { revoked: string[] }).revoked).toEqual([]);
    expect((await p.app.request("/api/clients/..%2Fx/links/revoke", postJson(s, {}))).status).toBe(400);
  });

  it("API: needs the CSRF token", async () => {
    const p = portal(base);
    const s = await session(p);
    const response = await p.app.request("/api/clients/acme-corp/links/revoke", postJson({ ...s, token: "nope" }, {}));
    expect(response.status).toBe(403);
  });

  it("portal: a confirmation page listing the active links, then the links page says how many were revoked", async () => {
    const p = portal(base);
    const s = await session(p);
    const ids = [await issue(p, s, "globex"), await issue(p, s, "globex")];
    const client = await (await p.app.request("/clients/globex", asUser(s.cookie))).text();
    expect(client).toContain('href="/clients/globex/revoke-all"');
    const confirm = await (await p.app.request("/clients/globex/revoke-all", asUser(s.cookie))).text();
    for (const id of ids) expect(confirm).toContain(`<code>${id}</code>`);
    const response = await p.app.request("/clients/globex/revoke-all", postForm(s, {}));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/links\?client=globex&revokedAll=\d+$/);
    const list = await (await p.app.request(response.headers.get("location")!, asUser(s.cookie))).text();
    expect(list).toMatch(/\d+ links of globex revoked\./);
    for (const id of ids) expect((await p.deps.services.publisher.records.get("globex", id))?.revoked).toBeDefined();
  });
});
