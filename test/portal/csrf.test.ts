import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Hono } from "hono";
import { createApp } from "../../portal/app.js";
import { csrfToken } from "../../portal/auth/csrf.js";
import { requireUser } from "../../portal/auth/require-role.js";
import type { AppEnv } from "../../portal/env.js";
import { ADMIN, OPERATOR, SESSION_COOKIE, cookiesFrom, csrfTokenOf, form, portal, signIn, storeWithUsers, type TestStore } from "./fixture.js";

let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());

/** The portal with a JSON API route that changes state, as later /api routes will. */
function portalWithApi(overrides = {}) {
  const p = portal(base, overrides);
  const app = createApp(p.deps);
  app.route(
    "/",
    new Hono<AppEnv>()
      .post("/api/things", requireUser(), (c) => c.json({ created: true }, 201))
      .get("/api/token", requireUser(), (c) => c.json({ token: csrfToken(c) })),
  );
  return { ...p, app };
}

async function session(p: ReturnType<typeof portal>) {
  const { cookie } = await signIn(p, OPERATOR);
  return { cookie: cookie!, token: await csrfTokenOf(p, cookie!) };
}

describe("CSRF protection", () => {
  it("refuses a form POST without the token", async () => {
    const p = portal(base);
    const { cookie } = await session(p);
    const response = await p.app.request("/sign-out", form({}, {}, cookie));
    expect(response.status).toBe(403);
    expect(cookiesFrom(response).get(SESSION_COOKIE)).not.toBe("");
  });

  it("refuses a form POST with another session's token", async () => {
    const p = portal(base);
    const mine = await session(p);
    const { cookie } = await signIn(p, ADMIN);
    const theirs = await csrfTokenOf(p, cookie!);
    expect(theirs).not.toBe(mine.token);
    const response = await p.app.request("/sign-out", form({ _csrf: theirs }, {}, mine.cookie));
    expect(response.status).toBe(403);
  });

  it("accepts the token in the X-CSRF-Token header for JSON calls", async () => {
    const p = portalWithApi();
    const { cookie } = await signIn(p, OPERATOR);
    const { token } = (await (await p.app.request("/api/token", { headers: { cookie: cookie! } })).json()) as { token: string };
    const post = (headers: Record<string, string>) =>
      p.app.request("/api/things", { method: "POST", body: "{}", headers: { cookie: cookie!, "content-type": "application/json", ...headers } });
    expect((await post({})).status).toBe(403);
    expect((await post({ "x-csrf-token": "wrong" })).status).toBe(403);
    const ok = await post({ "x-csrf-token": token });
    expect(ok.status).toBe(201);
  });

  it("refuses a cross-site POST even with a valid token", async () => {
    const p = portal(base);
    const { cookie, token } = await session(p);
    const crossSite = await p.app.request("/sign-out", form({ _csrf: token }, { "sec-fetch-site": "cross-site" }, cookie));
    expect(crossSite.status).toBe(403);
    const sameSite = await p.app.request("/sign-out", form({ _csrf: token }, { "sec-fetch-site": "same-site" }, cookie));
    expect(sameSite.status).toBe(403);
    const foreignOrigin = await p.app.request("/sign-out", form({ _csrf: token }, { origin: "https://evil.example" }, cookie));
    expect(foreignOrigin.status).toBe(403);
  });

  it("accepts a same-origin POST from a browser", async () => {
    const p = portal(base);
    const { cookie, token } = await session(p);
    const response = await p.app.request(
      "/sign-out",
      form({ _csrf: token }, { "sec-fetch-site": "same-origin", origin: "http://localhost" }, cookie),
    );
    expect(response.status).toBe(303);
  });

  it("accepts the public origin behind a proxy", async () => {
    const p = portal(base, { portalUrl: "https://share-admin.example.com" });
    const { cookie, token } = await session(p);
    const response = await p.app.request("/sign-out", form({ _csrf: token }, { origin: "https://share-admin.example.com" }, cookie));
    expect(response.status).toBe(303);
  });

  it("refuses a cross-site sign-in (login CSRF)", async () => {
    const p = portal(base);
    const response = await p.app.request(
      "/sign-in",
      form({ username: OPERATOR.name, password: OPERATOR.password }, { "sec-fetch-site": "cross-site", origin: "https://evil.example" }),
    );
    expect(response.status).toBe(403);
    expect(cookiesFrom(response).has(SESSION_COOKIE)).toBe(false);
  });
});
