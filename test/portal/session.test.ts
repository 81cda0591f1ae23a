import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserStore } from "../../lib/users/user-store.js";
import { OPERATOR, SESSION_COOKIE, cookiesFrom, csrfTokenOf, form, portal, signIn, storeWithUsers, type TestStore } from "./fixture.js";

const MINUTE = 60 * 1000;
let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());

async function signedIn(overrides = {}) {
  const p = portal(base, overrides);
  const { cookie } = await signIn(p, OPERATOR);
  if (!cookie) throw new Error("sign-in failed");
  return { p, cookie };
}

/** GET /clients with the cookie; returns the status and the refreshed cookie, if any. */
async function visit(p: ReturnType<typeof portal>, cookie: string) {
  const response = await p.app.request("/clients", { headers: { cookie } });
  const refreshed = cookiesFrom(response).get(SESSION_COOKIE);
  return { response, cookie: refreshed ? `${SESSION_COOKIE}=${refreshed}` : cookie };
}

describe("signed-out visitors", () => {
  it("are redirected from pages to the sign-in page, which brings them back", async () => {
    const response = await portal(base).app.request("/");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-in?next=%2F");
  });

  it("get 401 JSON when they ask for JSON", async () => {
    const response = await portal(base).app.request("/", { headers: { accept: "application/json" } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { kind: "unauthenticated", message: expect.stringContaining("sign in first") } });
  });
});

describe("session expiry", () => {
  it("ends a session idle for 30 minutes", async () => {
    const { p, cookie } = await signedIn();
    p.advance(29 * MINUTE);
    const active = await visit(p, cookie);
    expect(active.response.status).toBe(200);
    p.advance(30 * MINUTE);
    const idle = await visit(p, active.cookie);
    expect(idle.response.status).toBe(303);
    expect(cookiesFrom(idle.response).get(SESSION_COOKIE)).toBe("");
  });

  it("keeps an active session, and ends it 12 hours after sign-in however active", async () => {
    const { p, cookie } = await signedIn();
    let current = cookie;
    for (let elapsed = 20; elapsed < 12 * 60; elapsed += 20) {
      p.advance(20 * MINUTE);
      const result = await visit(p, current);
      expect(result.response.status).toBe(200);
      current = result.cookie;
    }
    p.advance(20 * MINUTE);
    expect((await visit(p, current)).response.status).toBe(303);
  });

  it("enforces idle expiry from the server's clock even if the browser keeps the old cookie", async () => {
    const { p, cookie } = await signedIn();
    p.advance(31 * MINUTE);
    expect((await visit(p, cookie)).response.status).toBe(303);
  });
});

describe("tampered cookies", () => {
  it("treats a cookie with a changed payload as signed out and clears it", async () => {
    const { p, cookie } = await signedIn();
    const [payload, mac] = cookie.slice(SESSION_COOKIE.length + 1).split(".");
    const session = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...session, role: "admin" })).toString("base64url");
    const response = await p.app.request("/", { headers: { cookie: `${SESSION_COOKIE}=${forged}.${mac}` } });
    expect(response.status).toBe(303);
    expect(cookiesFrom(response).get(SESSION_COOKIE)).toBe("");
  });

  it("treats garbage and a cookie signed with another secret as signed out", async () => {
    const { cookie } = await signedIn({ sessionSecret: "another-secret-another-secret-another" });
    const p = portal(base);
    expect((await p.app.request("/", { headers: { cookie } })).status).toBe(303);
    expect((await p.app.request("/", { headers: { cookie: `${SESSION_COOKIE}=garbage` } })).status).toBe(303);
  });
});

describe("signing out", () => {
  it("clears the cookie, redirects to sign-in, and the old cookie no longer works", async () => {
    const { p, cookie } = await signedIn();
    const token = await csrfTokenOf(p, cookie);
    const response = await p.app.request("/sign-out", form({ _csrf: token }, {}, cookie));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-in");
    expect(cookiesFrom(response).get(SESSION_COOKIE)).toBe("");
    expect((await visit(p, cookie)).response.status).toBe(303);
  });
});

describe("changes to the local account", () => {
  const password = "temporary-password-123";

  it("ends the sessions of a removed account", async () => {
    await base.users.add("leaver", "operator", password);
    const p = portal(base);
    const { cookie } = await signIn(p, { name: "leaver", password });
    expect((await visit(p, cookie!)).response.status).toBe(200);
    await base.users.remove("leaver");
    expect((await visit(p, cookie!)).response.status).toBe(303);
  });

  it("ends sessions started before a password change", async () => {
    await base.users.add("changer", "operator", password);
    const p = portal(base);
    const { cookie } = await signIn(p, { name: "changer", password });
    p.advance(MINUTE);
    await new UserStore(base.store, p.clock).setPassword("changer", "another-password-456");
    expect((await visit(p, cookie!)).response.status).toBe(303);
  });
});
