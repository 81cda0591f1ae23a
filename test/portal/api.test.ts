import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY, OPERATOR, START, asUser, portal, postJson, session, storeWithUsers, type TestStore } from "./fixture.js";

let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());

async function json(response: Response) {
  return (await response.json()) as Record<string, any>;
}

describe("/api without a session", () => {
  it.each([
    ["GET", "/api/clients"],
    ["GET", "/api/clients/acme-corp/files"],
    ["POST", "/api/clients/acme-corp/links"],
    ["GET", "/api/links"],
    ["POST", "/api/links/AAAAAAAAAAAAAAAAAAAAAA/revoke"],
  ])("answers 401 JSON to %s %s", async (method, path) => {
    const response = await portal(base).app.request(path, { method, ...(method === "POST" ? { body: "{}", headers: { "content-type": "application/json" } } : {}) });
    expect(response.status).toBe(401);
    expect(await json(response)).toEqual({ error: { kind: "unauthenticated", message: expect.stringContaining("sign in first") } });
  });
});

describe("GET /api/session", () => {
  it("returns the user and the CSRF token for later POSTs", async () => {
    const p = portal(base);
    const s = await session(p);
    expect(await json(await p.app.request("/api/session", asUser(s.cookie)))).toEqual({ user: { name: OPERATOR.name, role: "operator", source: "local" }, csrfToken: s.token });
  });
});

describe("GET /api/clients and files", () => {
  it("lists clients with counts, sizes and active links", async () => {
    const p = portal(base);
    const s = await session(p);
    const body = await json(await p.app.request("/api/clients", asUser(s.cookie)));
    expect(body.clients).toContainEqual({ client: "acme-corp", fileCount: 4, bytes: 90, countComplete: true, activeLinks: expect.any(Number), archived: false });
    expect(body.next).toBeUndefined();
  });

  it("pages clients, files and links by cursor", async () => {
    const p = portal(base);
    const s = await session(p);
    const first = await json(await p.app.request("/api/clients?limit=1", asUser(s.cookie)));
    expect(first.clients).toHaveLength(1);
    const second = await json(await p.app.request(`/api/clients?limit=1&cursor=${encodeURIComponent(first.next)}`, asUser(s.cookie)));
    expect(second.clients[0].client > first.clients[0].client).toBe(true);
    const files = await json(await p.app.request("/api/clients/acme-corp/files?limit=3", asUser(s.cookie)));
    expect(files.files).toHaveLength(3);
    const rest = await json(await p.app.request(`/api/clients/acme-corp/files?limit=3&cursor=${encodeURIComponent(files.next)}`, asUser(s.cookie)));
    expect(rest.files).toHaveLength(1);
    expect(rest.next).toBeUndefined();
    for (let i = 0; i < 3; i++) await p.app.request("/api/clients/globex/links", postJson(s, { expires: "7d" }));
    const links = await json(await p.app.request("/api/links?client=globex&limit=2", asUser(s.cookie)));
    expect(links.links).toHaveLength(2);
    const older = await json(await p.app.request(`/api/links?client=globex&limit=2&cursor=${encodeURIComponent(links.next)}`, asUser(s.cookie)));
    expect(older.links.length).toBeGreaterThan(0);
    expect(new Set([...links.links, ...older.links].map((l: { linkId: string }) => l.linkId)).size).toBe(links.links.length + older.links.length);
    expect((await p.app.request("/api/links?limit=0", asUser(s.cookie))).status).toBe(400);
    expect((await p.app.request("/api/links?cursor=nonsense", asUser(s.cookie))).status).toBe(400);
  });

  it("lists a client's files, and 404 for an unknown client", async () => {
    const p = portal(base);
    const s = await session(p);
    const body = await json(await p.app.request("/api/clients/acme-corp/files", asUser(s.cookie)));
    expect(body.files).toContainEqual({ path: "reports/2026/q1.csv", size: 24, lastModified: expect.stringMatching(/Z$/), scan: "off" });
    const missing = await p.app.request("/api/clients/nobody/files", asUser(s.cookie));
    expect(missing.status).toBe(404);
    const missingText = await missing.text();
    expect(JSON.parse(missingText).error).toEqual({ kind: "not-found", message: 'there is no client folder "nobody"' });
    expect(missingText).not.toContain(base.dir); // never an internal storage path
    expect(missingText).not.toMatch(/client_files|\/tmp|dir:|s3:\/\//);
  });
});

describe("POST /api/clients/:client/links", () => {
  it("issues a link: 201 with the URL and the record", async () => {
    const p = portal(base);
    const s = await session(p);
    const response = await p.app.request(
      "/api/clients/acme-corp/links",
      postJson(s, { expires: "7d", mode: "folder", ip: "198.51.100.0/24", notBefore: "2026-03-03T00:00:00Z", hashAlgorithm: "SHA256" }),
    );
    expect(response.status).toBe(201);
    const body = await json(response);
    expect(body.url).toMatch(/^https:\/\/files\.example\.com\/acme-corp\/_links\/[A-Za-z0-9_-]{22}\.html\?l=[A-Za-z0-9_-]{22}&Policy=.*&Hash-Algorithm=SHA256$/);
    expect(body.link).toMatchObject({
      client: "acme-corp",
      url: body.url,
      issuedBy: OPERATOR.name,
      expiresAt: new Date(START.getTime() + 7 * DAY).toISOString(),
      notBefore: "2026-03-03T00:00:00.000Z",
      ipRange: "198.51.100.0/24",
      mode: "folder",
      hashAlgorithm: "SHA256",
      status: "scheduled", // its start is a day ahead: the edge refuses it until then
    });
    const scheduled = await json(await p.app.request("/api/links?status=scheduled", asUser(s.cookie)));
    expect(scheduled.links.map((l: { linkId: string }) => l.linkId)).toContain(body.link.linkId);
    const page = await (await p.app.request("/links?status=scheduled", asUser(s.cookie))).text();
    expect(page).toMatch(new RegExp(`<tr id="link-${body.link.linkId}">(?:(?!</tr>).)*badge--scheduled">scheduled<`));
    p.advance(DAY + 1000);
    const later = await session(p);
    expect((await json(await p.app.request("/api/links?status=active", asUser(later.cookie)))).links.map((l: { linkId: string }) => l.linkId)).toContain(body.link.linkId);
  });

  it("takes an ISO date as the expiry", async () => {
    const p = portal(base);
    const s = await session(p);
    const response = await p.app.request("/api/clients/globex/links", postJson(s, { expires: "2026-04-01T12:00:00Z" }));
    expect(response.status).toBe(201);
    expect((await json(response)).link.expiresAt).toBe("2026-04-01T12:00:00.000Z");
  });

  it.each([
    [{}, "expires", "expires: is required"],
    [{ expires: "soon" }, "expires", 'expires: "soon" is not a date'],
    [{ expires: "7d", mode: "all" }, "mode", "mode: must be per-file or folder"],
    [{ expires: "7d", hashAlgorithm: "MD5" }, "hashAlgorithm", "hashAlgorithm: must be SHA1 or SHA256"],
    [{ expires: "7d", notBefore: "tomorrow" }, "notBefore", "notBefore:"],
    [{ expires: "7d", ip: "10.0.0.0/33" }, "ip", "IP range"],
    [{ expires: "7d", colour: "blue" }, "colour", "colour: not a field of this request"],
    [{ expires: "400d" }, "expires", "more than the maximum"],
    ["not json", "body", "body: send a JSON object"],
  ])("refuses %j with 400 and an error that names the field", async (body, field, message) => {
    const p = portal(base);
    const s = await session(p);
    const response = await p.app.request("/api/clients/acme-corp/links", postJson(s, body));
    expect(response.status).toBe(400);
    const { error } = await json(response);
    expect(error).toMatchObject({ kind: "bad-input", field });
    expect(error.message).toContain(message);
  });

  it("answers 404 for an unknown client", async () => {
    const p = portal(base);
    const s = await session(p);
    expect((await p.app.request("/api/clients/nobody/links", postJson(s, { expires: "7d" }))).status).toBe(404);
  });

  it("refuses a POST without X-CSRF-Token, or from another site, with 403", async () => {
    const p = portal(base);
    const s = await session(p);
    const noToken = await p.app.request("/api/clients/globex/links", postJson({ ...s, token: "" }, { expires: "7d" }));
    expect(noToken.status).toBe(403);
    // Words for the API client, not the page's "Form expired"
    expect(await json(noToken)).toEqual({
      error: { kind: "forbidden", message: "CSRF token missing or invalid: send the X-CSRF-Token header with the csrfToken that GET /api/session returns for this session" },
    });
    const crossSite = await p.app.request("/api/clients/globex/links", postJson(s, { expires: "7d" }, { origin: "https://evil.example" }));
    expect(crossSite.status).toBe(403);
    expect(await json(crossSite)).toMatchObject({ error: { kind: "forbidden", message: expect.stringMatching(/^cross-site request refused/) } });
  });
});

describe("GET /api/links and POST /api/links/:linkId/revoke", () => {
  it("lists links by client with their status, revokes one, and lists it revoked", async () => {
    const p = portal(base);
    const s = await session(p);
    const issued = await json(await p.app.request("/api/clients/globex/links", postJson(s, { expires: "1d" })));
    const linkId = issued.link.linkId as string;

    const listed = await json(await p.app.request("/api/links?client=globex&status=active", asUser(s.cookie)));
    expect(listed.links.map((l: { linkId: string }) => l.linkId)).toContain(linkId);
    expect(listed.links.every((l: { client: string; status: string }) => l.client === "globex" && l.status === "active")).toBe(true);

    const revoked = await p.app.request(`/api/links/${linkId}/revoke`, postJson(s, {}));
    expect(revoked.status).toBe(200);
    expect(await json(revoked)).toMatchObject({ link: { linkId, status: "revoked", revoked: { by: OPERATOR.name } }, alreadyRevoked: false, invalidated: false });
    const after = await json(await p.app.request("/api/links?status=revoked", asUser(s.cookie)));
    expect(after.links.map((l: { linkId: string }) => l.linkId)).toContain(linkId);
  });

  it("answers 400 for an unknown status filter and 404 for an unknown link", async () => {
    const p = portal(base);
    const s = await session(p);
    const badStatus = await p.app.request("/api/links?status=lost", asUser(s.cookie));
    expect(badStatus.status).toBe(400);
    expect((await json(badStatus)).error).toEqual({ kind: "bad-input", field: "status", message: "status: must be one of scheduled, active, expired, revoked" });
    expect((await p.app.request("/api/links/AAAAAAAAAAAAAAAAAAAAAA/revoke", postJson(s, {}))).status).toBe(404);
    expect((await p.app.request("/api/links/nope/revoke", postJson(s, {}))).status).toBe(404);
  });
});
