import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../portal/app.js";
import { SignInRateLimiter, type RateLimitOptions } from "../../portal/auth/rate-limit.js";
import { ADMIN, OPERATOR, START, form, portal, storeWithUsers, type TestStore } from "../portal/fixture.js";

let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());
afterEach(() => {
  vi.restoreAllMocks();
});

/** A portal that trusts X-Forwarded-For (so tests can play many addresses) and records the sign-in waits. */
function portalWithLimits(limits: Partial<RateLimitOptions> = {}) {
  const waits: number[] = [];
  const p = portal(base, { trustProxy: true });
  const app = createApp(p.deps, { signInLimits: { wait: async (ms) => void waits.push(ms), ...limits } });
  const attempt = (user: string, password: string, address: string) =>
    app.request("/sign-in", form({ username: user, password }, { "x-forwarded-for": address }));
  return { app, attempt, waits, p };
}

/** Security review finding 4: one unauthenticated 100 MB sign-in POST was buffered and hashed. */
describe("request bodies", () => {
  const BIG = 8 * 1024 * 1024; // the review sent 100 MB; 8 MB shows the same without slowing the suite
  /** A form body of `size` bytes ("password=aaaa..."), produced only as it is read; `pulled` counts what was read. */
  const lazyBody = (size: number) => {
    const read = { pulled: 0 };
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (read.pulled >= size) return controller.close();
        const chunk = new Uint8Array(Math.min(65536, size - read.pulled)).fill(0x61);
        if (read.pulled === 0) chunk.set(Buffer.from("username=olivia&password="));
        read.pulled += chunk.length;
        controller.enqueue(chunk);
      },
    });
    return { body, read };
  };

  it("refuses a sign-in POST that declares megabytes with 413, reading and hashing nothing", async () => {
    const verify = vi.spyOn(base.users, "verify");
    const { body, read } = lazyBody(BIG);
    const { app } = portalWithLimits();
    const response = await app.request("/sign-in", {
      method: "POST",
      body,
      duplex: "half",
      headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(BIG) },
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(verify).not.toHaveBeenCalled();
    expect(read.pulled).toBeLessThanOrEqual(2 * 65536); // a stream may be asked for a chunk ahead; nothing more
  });

  it("stops reading a chunked body (no Content-Length) at the limit", async () => {
    const { body, read } = lazyBody(BIG);
    const { app } = portalWithLimits();
    const response = await app.request("/sign-in", { method: "POST", body, duplex: "half", headers: { "content-type": "application/x-www-form-urlencoded" } } as RequestInit);
    expect(response.status).toBe(413);
    expect(read.pulled).toBeLessThan(1024 * 1024);
  });

  it("refuses an over-long password before hashing it", async () => {
    const { attempt } = portalWithLimits();
    const hash = vi.spyOn(base.users, "verify");
    const response = await attempt(OPERATOR.name, "x".repeat(20_000), "198.51.100.1");
    expect(response.status).toBe(401);
    expect(hash).not.toHaveBeenCalled();
    expect(await base.users.verify(OPERATOR.name, "x".repeat(2_000_000))).toBeUndefined();
  });
});

/** Security review finding 10: the limiter could be emptied by a flood of cheap requests. */
describe("flooding the sign-in limiter", () => {
  it("does not count empty passwords or impossible user names, and hashes nothing for them", async () => {
    const { attempt } = portalWithLimits();
    const verify = vi.spyOn(base.users, "verify");
    for (let i = 0; i < 30; i++) {
      expect((await attempt(OPERATOR.name, "", "198.51.100.2")).status).toBe(401);
      expect((await attempt("Not A Name!", "password", "198.51.100.2")).status).toBe(401);
    }
    expect(verify).not.toHaveBeenCalled();
    verify.mockRestore();
    expect((await attempt(OPERATOR.name, OPERATOR.password, "198.51.100.2")).status).toBe(303);
  });

  it("keeps a blocked address blocked however many other keys a flood adds", async () => {
    const { attempt } = portalWithLimits({ maxKeys: 6 });
    for (let i = 0; i < 5; i++) await attempt(OPERATOR.name, "wrong-password-1", "203.0.113.66");
    expect((await attempt(OPERATOR.name, OPERATOR.password, "203.0.113.66")).status).toBe(429);
    for (let i = 0; i < 8; i++) await attempt(`flood${i}`, "wrong-password-1", `203.0.113.${i}`);
    expect((await attempt(OPERATOR.name, OPERATOR.password, "203.0.113.66")).status).toBe(429);
  }, 90_000);

  it("evicts only keys that block nothing", () => {
    const limiter = new SignInRateLimiter(() => START, { maxKeys: 4, maxFailures: 2, maxAddressFailures: 2, slowAfter: 2 });
    limiter.recordFailure("victim", "10.0.0.1");
    limiter.recordFailure("victim", "10.0.0.1");
    for (let i = 0; i < 50; i++) limiter.recordFailure(`u${i}`, `10.9.0.${i}`);
    expect(limiter.retryAfterSeconds("victim", "10.0.0.1")).toBeGreaterThan(0);
  });
});

/** Security review finding 11: anyone could lock any named account for 15 minutes by failing five times. */
describe("failing on purpose against someone else's account", () => {
  it("slows the account down instead of locking it: its owner still signs in from their own address", async () => {
    const { attempt, waits } = portalWithLimits();
    for (let i = 0; i < 6; i++) {
      expect((await attempt(ADMIN.name, "guessed-password", `192.0.2.${i}`)).status).toBe(401);
    }
    const owner = await attempt(ADMIN.name, ADMIN.password, "198.51.100.77");
    expect(owner.status).toBe(303);
    expect(waits.length).toBeGreaterThan(0); // the attempts after the fifth waited
    expect(Math.max(...waits)).toBeLessThanOrEqual(30_000);
    // and the owner's success clears the slow-down
    waits.length = 0;
    expect((await attempt(ADMIN.name, ADMIN.password, "198.51.100.77")).status).toBe(303);
    expect(waits).toEqual([]);
  }, 90_000);

  it("still blocks the attacking address after five failures for that account", async () => {
    const { attempt } = portalWithLimits();
    for (let i = 0; i < 5; i++) await attempt(ADMIN.name, "guessed-password", "192.0.2.200");
    expect((await attempt(ADMIN.name, ADMIN.password, "192.0.2.200")).status).toBe(429);
  }, 60_000);
});
