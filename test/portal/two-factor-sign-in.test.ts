import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "../../lib/users/totp.js";
import { UserStore } from "../../lib/users/user-store.js";
import { cookiesFrom, form, portal, SESSION_COOKIE, storeWithUsers, testClock, type TestStore } from "./fixture.js";

const PASSWORD = "carol-password-123";
const PENDING = "signed-share-pending";
let base: TestStore;

beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());

/** A portal whose account store and audit trail run on the portal's own clock. */
function harness(requireTwoFactor: "off" | "admin" | "all" = "off") {
  const time = testClock();
  const users = new UserStore(base.store, time.clock);
  const p = portal(base, { users, clock: time.clock, requireTwoFactor });
  return { ...p, ...time, users, audit: p.deps.services.auditLog };
}
type Harness = ReturnType<typeof harness>;

const cookieHeader = (response: Response, name: string) => {
  const value = cookiesFrom(response).get(name);
  return value ? `${name}=${value}` : undefined;
};

/** Password step; returns the pending cookie when a second step follows, else the session cookie. */
async function password(h: Harness, name: string, pass = PASSWORD) {
  const response = await h.app.request("/sign-in", form({ username: name, password: pass }));
  return { response, pending: cookieHeader(response, PENDING), session: cookieHeader(response, SESSION_COOKIE) };
}

async function code(h: Harness, pending: string, value: string) {
  const response = await h.app.request("/sign-in/code", form({ code: value }, {}, pending));
  return { response, session: cookieHeader(response, SESSION_COOKIE) };
}

describe("two-factor sign-in at the portal", () => {
  it("asks for a code after the password; a TOTP code or a recovery code (once) completes the sign-in", async () => {
    const h = harness();
    await h.users.add("carol", "operator", PASSWORD);
    const secret = await h.users.beginTwoFactor("carol");
    const recovery = await h.users.confirmTwoFactor("carol", totpCode(secret, h.clock()));
    h.advance(60_000);

    const first = await password(h, "carol");
    expect(first.response.status).toBe(303);
    expect(first.response.headers.get("location")).toBe("/sign-in/code");
    expect(first.session).toBeUndefined(); // no session before the second step
    expect(await (await h.app.request("/sign-in/code", { headers: { cookie: first.pending! } })).text()).toContain("authenticator app");

    const wrong = await code(h, first.pending!, "000000");
    expect(wrong.response.status).toBe(401);
    const right = await code(h, first.pending!, totpCode(secret, h.clock()));
    expect(right.response.status).toBe(303);
    expect(right.session).toBeDefined();
    expect((await h.app.request("/clients", { headers: { cookie: right.session! } })).status).toBe(200);
    expect((await code(h, first.pending!, totpCode(secret, h.clock()))).session).toBeUndefined(); // the same code again

    const second = await password(h, "carol");
    expect((await code(h, second.pending!, recovery[0]!)).session).toBeDefined();
    const third = await password(h, "carol");
    expect((await code(h, third.pending!, recovery[0]!)).response.status).toBe(401);

    const trail = await h.audit.page({ user: "carol" });
    // One frozen clock: events of the same millisecond have no order between them.
    expect(trail.events.map((e) => [e.event, e.outcome, e.details.method ?? e.details.step].join(" ")).sort()).toEqual([
      "sign-in ok password+recovery-code",
      "sign-in ok password+totp",
      "sign-in-failed refused second factor",
      "sign-in-failed refused second factor",
      "sign-in-failed refused second factor",
    ]);
    expect(trail.events.every((e) => e.from === "unknown" || e.from === null)).toBe(true);
    expect(JSON.stringify(trail)).not.toContain(recovery[0]);
  });

  it("rate-limits the second step on its own: a right password does not clear its failures", async () => {
    const h = harness();
    await h.users.add("dave", "operator", PASSWORD);
    const secret = await h.users.beginTwoFactor("dave");
    await h.users.confirmTwoFactor("dave", totpCode(secret, h.clock()));
    h.advance(60_000);
    for (let i = 0; i < 5; i++) {
      const { pending } = await password(h, "dave");
      expect((await code(h, pending!, String(100000 + i))).response.status).toBe(401);
    }
    const { pending } = await password(h, "dave");
    const blocked = await code(h, pending!, totpCode(secret, h.clock()));
    expect(blocked.response.status).toBe(429);
    expect(blocked.response.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(blocked.session).toBeUndefined();
  });

  it("a pending step expires, dies with a password change, and cannot be forged", async () => {
    const h = harness();
    await h.users.add("erin", "operator", PASSWORD);
    const secret = await h.users.beginTwoFactor("erin");
    await h.users.confirmTwoFactor("erin", totpCode(secret, h.clock()));
    h.advance(60_000);
    const { pending } = await password(h, "erin");
    h.advance(11 * 60_000);
    expect((await code(h, pending!, totpCode(secret, h.clock()))).response.status).toBe(401);
    const forged = `${PENDING}=${Buffer.from(JSON.stringify({ user: "erin", stage: "code", next: "/", at: h.clock().getTime() })).toString("base64url")}.AAAA`;
    expect((await code(h, forged, totpCode(secret, h.clock()))).session).toBeUndefined();
  });

  it("PORTAL_REQUIRE_2FA=admin: an admin without it enrols during sign-in (QR code, confirming code), then gets ten recovery codes and a session", async () => {
    const h = harness("admin");
    await h.users.add("frank", "admin", PASSWORD);
    const { pending, session } = await password(h, "frank");
    expect(session).toBeUndefined();
    const page = await (await h.app.request("/sign-in/enrol", { headers: { cookie: pending! } })).text();
    expect(page).toContain("<svg");
    const secret = /data-secret="([A-Z2-7]+)"/.exec(page)![1]!;
    expect(page).not.toContain("otpauth://"); // the URI is only in the QR code
    const bad = await h.app.request("/sign-in/enrol", form({ code: "123456" }, {}, pending));
    expect(bad.status).toBe(401);
    const done = await h.app.request("/sign-in/enrol", form({ code: totpCode(secret, h.clock()) }, {}, pending));
    expect(done.status).toBe(200);
    expect((await done.text()).match(/<li>[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}<\/li>/g)).toHaveLength(10);
    expect(cookieHeader(done, SESSION_COOKIE)).toBeDefined();
    // An operator is not asked under "admin".
    await h.users.add("gina", "operator", PASSWORD);
    expect((await password(h, "gina")).session).toBeDefined();
  });

  it("a disabled account cannot sign in, and its open session ends at the next request", async () => {
    const h = harness();
    await h.users.add("hank", "operator", PASSWORD);
    const { session } = await password(h, "hank");
    expect((await h.app.request("/clients", { headers: { cookie: session! } })).status).toBe(200);
    h.advance(1000);
    await h.users.disable("hank", "adam");
    const after = await h.app.request("/clients", { headers: { cookie: session! } });
    expect(after.status).toBe(303);
    expect(after.headers.get("location")).toContain("/sign-in");
    const again = await password(h, "hank");
    expect(again.response.status).toBe(403);
    expect(await again.response.text()).toContain("disabled");
  });

  it("an initial password must be changed before anything else; a set-password link works once", async () => {
    const h = harness();
    const { password: initial } = await h.users.addWithInitialPassword("ivy", "operator", "adam");
    const { session } = await password(h, "ivy", initial);
    const blocked = await h.app.request("/links", { headers: { cookie: session! } });
    expect(blocked.headers.get("location")).toBe("/account/password?next=%2Flinks");
    const html = await (await h.app.request("/account/password", { headers: { cookie: session! } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    h.advance(1000);
    const changed = await h.app.request("/account/password", form({ _csrf: csrf, password: "ivy-own-password-1", repeat: "ivy-own-password-1", next: "/links" }, {}, session));
    expect(changed.headers.get("location")).toBe("/links");
    const fresh = cookieHeader(changed, SESSION_COOKIE)!;
    expect((await h.app.request("/links", { headers: { cookie: fresh } })).status).toBe(200);

    const { token } = await h.users.addWithSetupLink("jack", "operator", "adam");
    const url = `/set-password?user=jack&token=${token}`;
    expect((await h.app.request(url)).status).toBe(200);
    const set = await h.app.request("/set-password", form({ user: "jack", token, password: "jack-password-123", repeat: "jack-password-123" }));
    expect(await set.text()).toContain("Password saved");
    expect((await h.app.request(url)).status).toBe(404);
    expect((await password(h, "jack", "jack-password-123")).session).toBeDefined();
  });
});
