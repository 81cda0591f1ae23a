// The Users page and /api/users in process: admins only, add with a set-password link, the guards
// (not yourself, not the last admin), and SSO people listed with their provider and last sign-in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserStore } from "../../lib/users/user-store.js";
import { ADMIN, asUser, OPERATOR, portal, postForm, postJson, session, storeWithUsers, testClock, type TestPortal, type TestStore } from "./fixture.js";

let base: TestStore;
let p: TestPortal;
let admin: { cookie: string; token: string };
const time = testClock();

beforeAll(async () => {
  base = await storeWithUsers();
  // The account store on the portal's clock, so that "signed out everywhere" is after the session began.
  p = portal(base, { clock: time.clock, users: new UserStore(base.store, time.clock) });
  admin = await session(p, ADMIN);
  await p.deps.services.ssoUsers.signedIn("ann@example.com", "login.example.com", "operator");
});
afterAll(() => base.cleanup());

describe("the Users page", () => {
  it("lists local accounts and SSO people with provider and last sign-in", async () => {
    const html = await (await p.app.request("/users", asUser(admin.cookie))).text();
    expect(html).toContain(OPERATOR.name);
    expect(html).toContain("ann@example.com");
    expect(html).toContain("login.example.com");
  });

  it("adds a user with a one-time set-password link", async () => {
    const response = await p.app.request("/users", postForm(admin, { name: "nina", role: "operator", handover: "link" }));
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/http:\/\/localhost\/set-password\?user=nina&amp;token=[\w-]+/);
    expect((await p.deps.users.get("nina"))?.setupPendingUntil).toBeDefined();
  });

  it("refuses operators, at the page and the API", async () => {
    const operator = await session(p, OPERATOR);
    expect((await p.app.request("/users", asUser(operator.cookie))).status).toBe(403);
    expect((await p.app.request("/api/users", asUser(operator.cookie))).status).toBe(403);
    expect((await p.app.request("/api/users", postJson(operator, { name: "eve", role: "admin", handover: "link" }))).status).toBe(403);
  });

  it("an admin cannot disable themselves, nor leave the portal without an admin", async () => {
    const self = await p.app.request(`/users/local/${ADMIN.name}/disable`, postForm(admin, {}));
    expect(self.status).toBe(409);
    expect(await self.text()).toContain("ask another admin");
    const api = await p.app.request(`/api/users/${ADMIN.name}/role`, postJson(admin, { role: "operator" }));
    expect(api.status).toBe(409);
    expect((await p.deps.users.get(ADMIN.name))?.role).toBe("admin");
  });

  it("disables an SSO person and signs a local user out everywhere", async () => {
    expect((await p.app.request("/users/sso/ann%40example.com/disable", postForm(admin, {}))).status).toBe(200);
    expect((await p.deps.services.ssoUsers.get("ann@example.com"))?.disabled?.by).toBe(ADMIN.name);
    const operator = await session(p, OPERATOR);
    time.advance(1_000);
    expect((await p.app.request(`/users/local/${OPERATOR.name}/sign-out`, postForm(admin, {}))).status).toBe(200);
    time.advance(1_000);
    const after = await p.app.request("/clients", asUser(operator.cookie));
    expect(after.status).not.toBe(200);
  });
});
