import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rsaTestKey } from "../support/vectors.js";
import { ADMIN, OPERATOR, asUser, portal, session, storeWithUsers, type TestStore } from "./fixture.js";

let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());

describe("GET /keys", () => {
  it("redirects a signed-out visitor to sign-in", async () => {
    const response = await portal(base).app.request("/keys");
    expect(response.status).toBe(303);
  });

  it("refuses an operator with 403", async () => {
    const p = portal(base);
    const s = await session(p, OPERATOR);
    const response = await p.app.request("/keys", asUser(s.cookie));
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("This needs the admin role");
  });

  it("shows an admin the active key pair id, type, age, store and history, never the private key", async () => {
    const p = portal(base);
    const s = await session(p, ADMIN);
    const response = await p.app.request("/keys", asUser(s.cookie));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<a href="/keys" aria-current="page">Keys</a>');
    expect(html).toContain(`<dt>Key pair id</dt><dd><code>${rsaTestKey.keyPairId}</code></dd>`);
    expect(html).toContain("<dd>RSA-2048</dd>");
    expect(html).toContain("2026-02-18 09:00 UTC (12 days ago)");
    expect(html).toContain(`<code>${base.keyStore.location}</code>`);
    expect(html).toMatch(new RegExp(`<h2 id="history-title">Key history</h2>.*${rsaTestKey.keyPairId}.*badge--active">active<`));
    expect(html).not.toContain("PRIVATE KEY");
  });
});
