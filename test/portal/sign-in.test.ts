import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, OPERATOR, SESSION_COOKIE, cookiesFrom, form, portal, signIn, storeWithUsers, type TestStore } from "./fixture.js";

let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());

describe("sign-in page", () => {
  it("shows a labelled user name and password form without an SSO button when OIDC is not configured", async () => {
    const response = await portal(base).app.request("/sign-in");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html.startsWith("<!doctype html><html lang=\"en\">")).toBe(true);
    expect(html).toContain('<label for="username">User name</label>');
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toContain('action="/sign-in"');
    expect(html).not.toContain("Sign in with SSO");
    expect(html).toContain("signed-share");
  });

  it("sends a signed-in user straight on", async () => {
    const p = portal(base);
    const { cookie } = await signIn(p, OPERATOR);
    const response = await p.app.request("/sign-in?next=/clients", { headers: { cookie: cookie! } });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/clients");
  });
});

describe("signing in with a local account", () => {
  it("starts a session and shows who is signed in", async () => {
    const p = portal(base);
    const { response, cookie } = await signIn(p, OPERATOR);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    const setCookie = response.headers.getSetCookie().find((line) => line.startsWith(SESSION_COOKIE))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);

    const home = await p.app.request("/clients", { headers: { cookie: cookie! } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<a class="user-menu__name" href="/account" title="Your account">olivia <span class="badge">operator</span>');
  });

  it("marks the cookie Secure and __Host- when secure cookies are on", async () => {
    const p = portal(base, { secureCookies: true });
    const response = await p.app.request("/sign-in", form({ username: ADMIN.name, password: ADMIN.password }));
    const setCookie = response.headers.getSetCookie().find((line) => line.startsWith("__Host-signed-share-session="));
    expect(setCookie).toMatch(/; Secure/);
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=/);
  });

  it("accepts the user name in any case and around spaces", async () => {
    const { cookie } = await signIn(portal(base), { name: "  OLIVIA ", password: OPERATOR.password });
    expect(cookie).toBeDefined();
  });

  it("returns to a local next page but never to another site", async () => {
    const p = portal(base);
    const local = await p.app.request("/sign-in", form({ ...credentials(OPERATOR), next: "/clients?x=1" }));
    expect(local.headers.get("location")).toBe("/clients?x=1");
    for (const next of ["https://evil.example/", "//evil.example/", "/\\evil.example"]) {
      const response = await p.app.request("/sign-in", form({ ...credentials(OPERATOR), next }));
      expect(response.headers.get("location")).toBe("/");
    }
  });

  it("refuses a wrong password with 401 and the form error, without a session", async () => {
    const response = await portal(base).app.request("/sign-in", form({ username: OPERATOR.name, password: "wrong-password-123" }));
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("Wrong user name or password.");
    expect(cookiesFrom(response).has(SESSION_COOKIE)).toBe(false);
  });

  it("refuses an unknown user the same way", async () => {
    const response = await portal(base).app.request("/sign-in", form({ username: "nobody", password: "whatever-password" }));
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("Wrong user name or password.");
  });

  it("refuses an empty form", async () => {
    const response = await portal(base).app.request("/sign-in", form({}));
    expect(response.status).toBe(401);
  });
});

describe("sign-in rate limit", () => {
  const wrong = (name: string) => ({ username: name, password: "not-the-password" });

  it("answers 429 with Retry-After after 5 failures of one user from one address; other addresses and users still sign in", async () => {
    const p = portal(base, { trustProxy: true });
    for (let i = 0; i < 5; i++) {
      const response = await p.app.request("/sign-in", form(wrong(OPERATOR.name), { "x-forwarded-for": "10.0.0.1" }));
      expect(response.status).toBe(401);
    }
    const blocked = await p.app.request("/sign-in", form(credentials(OPERATOR), { "x-forwarded-for": "10.0.0.1" }));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get("retry-after"))).toBeLessThanOrEqual(15 * 60);
    expect(await blocked.text()).toContain("Too many failed sign-ins");
    expect(cookiesFrom(blocked).has(SESSION_COOKIE)).toBe(false);

    expect((await signIn(p, ADMIN, { "x-forwarded-for": "10.0.0.1" })).response.status).toBe(303);
  });

  it("answers 429 after 20 failures from one address, whatever the user names", async () => {
    const p = portal(base, { trustProxy: true });
    for (let i = 0; i < 20; i++) {
      await p.app.request("/sign-in", form(wrong(`guess${i}`), { "x-forwarded-for": "192.0.2.7" }));
    }
    const blocked = await p.app.request("/sign-in", form(credentials(ADMIN), { "x-forwarded-for": "192.0.2.7" }));
    expect(blocked.status).toBe(429);
    const elsewhere = await p.app.request("/sign-in", form(credentials(ADMIN), { "x-forwarded-for": "192.0.2.8" }));
    expect(elsewhere.status).toBe(303);
  }, 120_000); // twenty password hashes

  it("lets the user try again once the 15 minutes have passed", async () => {
    const p = portal(base);
    for (let i = 0; i < 5; i++) await p.app.request("/sign-in", form(wrong(OPERATOR.name)));
    expect((await signIn(p, OPERATOR)).response.status).toBe(429);
    p.advance(15 * 60 * 1000);
    expect((await signIn(p, OPERATOR)).response.status).toBe(303);
  });

  it("does not block after 4 failures", async () => {
    const p = portal(base);
    for (let i = 0; i < 4; i++) await p.app.request("/sign-in", form(wrong(OPERATOR.name)));
    expect((await signIn(p, OPERATOR)).response.status).toBe(303);
  });

  it("ignores X-Forwarded-For unless the portal trusts its proxy", async () => {
    const p = portal(base);
    for (let i = 0; i < 20; i++) {
      await p.app.request("/sign-in", form(wrong(`guess${i}`), { "x-forwarded-for": `10.1.0.${i}` }));
    }
    // All twenty came from the same real address, so the sixth is blocked whatever the header says.
    const blocked = await p.app.request("/sign-in", form(credentials(ADMIN), { "x-forwarded-for": "10.1.0.200" }));
    expect(blocked.status).toBe(429);
  }, 120_000); // twenty password hashes
});

function credentials(user: { name: string; password: string }) {
  return { username: user.name, password: user.password };
}
