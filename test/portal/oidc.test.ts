import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OidcClient } from "../../portal/auth/oidc.js";
import { startTestProvider, type TestProvider } from "../support/oidc-provider.js";
import { SESSION_COOKIE, cookiesFrom, portal, storeWithUsers, type TestPortal, type TestStore } from "./fixture.js";

const PORTAL_URL = "http://portal.test";
let base: TestStore;
let idp: TestProvider;

beforeAll(async () => {
  base = await storeWithUsers();
  idp = await startTestProvider({
    redirectUri: `${PORTAL_URL}/auth/oidc/callback`,
    accounts: {
      ann: { email: "ann@example.com", email_verified: true, name: "Ann Ops", groups: ["ops"] },
      root: { email: "root@example.com", email_verified: true, groups: ["share-admins"] },
      mallory: { email: "mallory@elsewhere.org", email_verified: true, groups: ["sales"] },
    },
  });
});
afterAll(async () => {
  await idp?.close();
  await base?.cleanup();
});

function ssoPortal() {
  const oidc = new OidcClient({
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    portalUrl: PORTAL_URL,
    scopes: "openid email profile groups",
    allowedDomains: ["example.com"],
    adminGroups: ["share-admins"],
    operatorGroups: ["ops"],
    contact: "the ops lead",
    allowInsecureLoopbackIssuer: true,
  });
  return portal(base, { oidc, portalUrl: PORTAL_URL });
}

/** A browser in miniature: one cookie jar per origin, redirects followed by hand. */
class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  constructor(private readonly p: TestPortal) {}

  cookie(origin: string, name: string): string | undefined {
    return this.jars.get(origin)?.get(name);
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const jar = this.jars.get(target.origin) ?? new Map<string, string>();
    this.jars.set(target.origin, jar);
    const headers = new Headers(init.headers);
    if (jar.size > 0) headers.set("cookie", [...jar].map(([name, value]) => `${name}=${value}`).join("; "));
    const response =
      target.origin === PORTAL_URL
        ? await this.p.app.request(target.pathname + target.search, { ...init, headers })
        : await fetch(target, { ...init, headers, redirect: "manual" });
    for (const [name, value] of cookiesFrom(response)) {
      if (value === "") jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }

  /**
   * Follows the provider's redirects from `url`, signing in as `login` and consenting when asked,
   * and returns the portal's answer to the callback.
   */
  async signInThroughProvider(url: string, login: string): Promise<Response> {
    let response = await this.request(url);
    for (let step = 0; step < 20; step++) {
      if (new URL(url).origin === PORTAL_URL) return response;
      const location = response.headers.get("location");
      if (location) {
        response = await this.request(new URL(location, url).href);
        url = new URL(location, url).href;
        continue;
      }
      if (!new URL(url).pathname.startsWith("/interaction/")) throw new Error(`unexpected page ${url}`);
      const html = await response.text();
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      const body: Record<string, string> = prompt === "login" ? { prompt, login, password: "any" } : { prompt: prompt ?? "" };
      response = await this.request(url, { method: "POST", body: new URLSearchParams(body) });
    }
    throw new Error("too many steps in the sign-in flow");
  }
}

describe("single sign-on", () => {
  it("shows the SSO button on the sign-in page", async () => {
    const html = await (await ssoPortal().app.request("/sign-in")).text();
    expect(html).toContain('href="/auth/oidc/start"');
    expect(html).toContain("Sign in with SSO");
  });

  it("starts the code flow with PKCE, state and nonce", async () => {
    const response = await ssoPortal().app.request("/auth/oidc/start");
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(location.origin).toBe(idp.issuer);
    expect(location.searchParams.get("response_type")).toBe("code");
    expect(location.searchParams.get("code_challenge_method")).toBe("S256");
    for (const param of ["code_challenge", "state", "nonce"]) expect(location.searchParams.get(param)).toBeTruthy();
    expect(location.searchParams.get("redirect_uri")).toBe(`${PORTAL_URL}/auth/oidc/callback`);
    const transaction = response.headers.getSetCookie().find((line) => line.startsWith("signed-share-oidc="))!;
    expect(transaction).toMatch(/HttpOnly/);
    expect(transaction).toMatch(/Path=\/auth\/oidc/);
  });

  it("signs in an allowed user through the provider, as an operator from the ops group", async () => {
    const p = ssoPortal();
    const browser = new Browser(p);
    const start = await browser.request(`${PORTAL_URL}/auth/oidc/start?next=%2Fclients`);
    const callback = await browser.signInThroughProvider(start.headers.get("location")!, "ann");
    expect(callback.status).toBe(303);
    expect(callback.headers.get("location")).toBe("/clients");
    expect(browser.cookie(PORTAL_URL, SESSION_COOKIE)).toBeTruthy();
    expect(browser.cookie(PORTAL_URL, "signed-share-oidc")).toBeUndefined();

    const home = await browser.request(`${PORTAL_URL}/clients`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<a class="user-menu__name" href="/account" title="Your account">ann@example.com <span class="badge">operator</span>');
    expect(p.log.events()).toContainEqual(expect.objectContaining({ event: "sign-in", method: "sso", user: "ann@example.com" }));
  });

  it("refuses a user outside the allowed domain and groups with a clear 403 page and no session", async () => {
    const p = ssoPortal();
    const browser = new Browser(p);
    const start = await browser.request(`${PORTAL_URL}/auth/oidc/start`);
    const refused = await browser.signInThroughProvider(start.headers.get("location")!, "mallory");
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(html).toContain("Your account <strong>mallory@elsewhere.org</strong> is not allowed to use this portal; ask the ops lead");
    expect(browser.cookie(PORTAL_URL, SESSION_COOKIE)).toBeUndefined();
    expect((await browser.request(`${PORTAL_URL}/`)).status).toBe(303);
  });

  it("refuses a callback without the transaction cookie (forged, replayed or from another browser)", async () => {
    const p = ssoPortal();
    const authorizeUrl = (await new Browser(p).request(`${PORTAL_URL}/auth/oidc/start`)).headers.get("location")!;
    const state = new URL(authorizeUrl).searchParams.get("state")!;
    const response = await new Browser(p).request(`${PORTAL_URL}/auth/oidc/callback?code=abc&state=${state}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Single sign-on failed");
  });

  it("signs in a member of an admin group as an admin", async () => {
    const browser = new Browser(ssoPortal());
    const start = await browser.request(`${PORTAL_URL}/auth/oidc/start`);
    expect((await browser.signInThroughProvider(start.headers.get("location")!, "root")).status).toBe(303);
    expect(await (await browser.request(`${PORTAL_URL}/clients`)).text()).toContain('<a class="user-menu__name" href="/account" title="Your account">root@example.com <span class="badge">admin</span>');
  });

  it("refuses a callback whose state does not match the transaction", async () => {
    const p = ssoPortal();
    const browser = new Browser(p);
    await browser.request(`${PORTAL_URL}/auth/oidc/start`);
    const response = await browser.request(`${PORTAL_URL}/auth/oidc/callback?code=abc&state=not-the-state`);
    expect(response.status).toBe(400);
    expect(browser.cookie(PORTAL_URL, SESSION_COOKIE)).toBeUndefined();
  });

  it("is not offered, and its routes do not exist, when OIDC is not configured", async () => {
    const p = portal(base);
    expect((await p.app.request("/auth/oidc/start")).status).toBe(404);
  });

  it("refuses an http:// issuer that is not loopback, and any http:// issuer without the test flag", () => {
    const settings = { clientId: "c", clientSecret: "s", portalUrl: PORTAL_URL, allowedDomains: [], adminGroups: [], operatorGroups: [] };
    expect(() => new OidcClient({ ...settings, issuer: "http://idp.example.com", allowInsecureLoopbackIssuer: true })).toThrow(/https/);
    expect(() => new OidcClient({ ...settings, issuer: idp.issuer })).toThrow(/https/);
  });
});
