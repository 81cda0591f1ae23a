import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../portal/app.js";
import { SessionCodec } from "../../portal/auth/session.js";
import { OPERATOR, SECRET, SESSION_COOKIE, START, asUser, csrfTokenOf, form, portal, signIn, storeWithUsers, type TestStore } from "../portal/fixture.js";

let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());

/** Security review finding 9: sign-out was forgotten on restart (in-memory list) and held in one process only. */
describe("a signed-out session's copied cookie", () => {
  it("stays refused by a restarted portal and by another instance on the same store", async () => {
    const first = portal(base);
    const { cookie } = await signIn(first, OPERATOR);
    const token = await csrfTokenOf(first, cookie!);
    const out = await first.app.request("/sign-out", form({ _csrf: token }, {}, cookie!));
    expect(out.status).toBe(303);

    // A new app over the same store: what a restart, or a second instance, is.
    const restarted = createApp(first.deps);
    const response = await restarted.request("/clients", asUser(cookie!));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/sign-in/);

    // Signing in again works, with a new session.
    expect((await signIn(portal(base), OPERATOR)).cookie).toBeDefined();
  });
});

/** Also noted by the review: sessions with source "oidc" were accepted when OIDC is not configured. */
describe("an SSO session on a portal without SSO", () => {
  it("is refused and its cookie cleared", async () => {
    const p = portal(base); // no OIDC configured
    const codec = new SessionCodec(SECRET);
    const forged = codec.encode(codec.create({ user: "mallory@example.com", role: "admin", source: "oidc" }, START));
    const response = await p.app.request("/clients", asUser(`${SESSION_COOKIE}=${forged}`));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/sign-in/);
    expect(response.headers.getSetCookie().some((line) => line.startsWith(`${SESSION_COOKIE}=;`))).toBe(true);
  });
});
