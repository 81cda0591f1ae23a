import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Hono } from "hono";
import { createApp } from "../../portal/app.js";
import { requireRole } from "../../portal/auth/require-role.js";
import type { AppEnv } from "../../portal/env.js";
import { ADMIN, OPERATOR, portal, signIn, storeWithUsers, type TestStore } from "./fixture.js";

let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());

/** The portal with a tiny route group added the way later route groups are. */
function portalWithAdminRoute() {
  const p = portal(base);
  const app = createApp(p.deps);
  const adminOnly = new Hono<AppEnv>()
    .get("/admin-only", requireRole("admin"), (c) => c.text(`admin page for ${c.get("user").name}`))
    .get("/api/operators", requireRole("operator"), (c) => c.json({ user: c.get("user").name }));
  app.route("/", adminOnly);
  return { ...p, app };
}

describe("requireRole", () => {
  it("refuses an operator on an admin route with 403", async () => {
    const p = portalWithAdminRoute();
    const { cookie } = await signIn(p, OPERATOR);
    const response = await p.app.request("/admin-only", { headers: { cookie: cookie! } });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("This needs the admin role");
  });

  it("lets an admin through, with the user typed on the context", async () => {
    const p = portalWithAdminRoute();
    const { cookie } = await signIn(p, ADMIN);
    const response = await p.app.request("/admin-only", { headers: { cookie: cookie! } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("admin page for adam");
  });

  it("lets an admin use operator routes", async () => {
    const p = portalWithAdminRoute();
    const { cookie } = await signIn(p, ADMIN);
    const response = await p.app.request("/api/operators", { headers: { cookie: cookie! } });
    expect(await response.json()).toEqual({ user: "adam" });
  });

  it("answers 401 JSON on /api routes without a session, and a sign-in redirect on pages", async () => {
    const p = portalWithAdminRoute();
    const api = await p.app.request("/api/operators");
    expect(api.status).toBe(401);
    const page = await p.app.request("/admin-only?tab=keys");
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/sign-in?next=%2Fadmin-only%3Ftab%3Dkeys");
  });

  it("answers 403 JSON to a JSON client with the wrong role", async () => {
    const p = portalWithAdminRoute();
    const { cookie } = await signIn(p, OPERATOR);
    const response = await p.app.request("/admin-only", { headers: { cookie: cookie!, accept: "application/json" } });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { kind: "forbidden", message: expect.stringContaining("needs the admin role") } });
  });
});
