import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATOR, csrfTokenOf, form, portal, signIn, storeWithUsers, type TestStore } from "./fixture.js";

let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());

describe("request log", () => {
  it("writes one JSON line per request with method, path without query, status, time and user", async () => {
    const p = portal(base);
    const { cookie } = await signIn(p, OPERATOR);
    await p.app.request("/?Signature=abc&Key-Pair-Id=K2", { headers: { cookie: cookie! } });
    const requests = p.log.events().filter((event) => event.event === "request");
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ method: "POST", path: "/sign-in", status: 303, user: null });
    expect(requests[1]).toMatchObject({ method: "GET", path: "/", status: 303, user: "olivia" });
    expect(typeof requests[1]!.ms).toBe("number");
  });

  it("never contains a password, a cookie, a CSRF token or a query string", async () => {
    const p = portal(base);
    await p.app.request("/sign-in", form({ username: OPERATOR.name, password: "wrong-password-xyz" }));
    const { cookie } = await signIn(p, OPERATOR);
    const token = await csrfTokenOf(p, cookie!);
    await p.app.request("/sign-out?Signature=sig-value", form({ _csrf: token }, {}, cookie!));
    const all = p.log.lines.join("\n");
    expect(p.log.lines.length).toBeGreaterThan(3);
    for (const secret of ["wrong-password-xyz", OPERATOR.password, cookie!.split("=")[1]!, token, "sig-value"]) {
      expect(all).not.toContain(secret);
    }
    expect(p.log.events()).toContainEqual(expect.objectContaining({ event: "sign-in-failed", user: "olivia" }));
    expect(p.log.events()).toContainEqual(expect.objectContaining({ event: "sign-out", user: "olivia" }));
  });
});
