import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeNext } from "../../portal/auth/safe-next.js";
import { OPERATOR, form, portal, signIn, storeWithUsers, type TestStore } from "../portal/fixture.js";

let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());

/** Security review finding 3: `/sign-in?next=/%09/evil.example` sent a signed-in user off-site. */
describe("the next parameter of sign-in", () => {
  const offSite = ["/%09/evil.example", "/%0a/evil.example", "/%0d/evil.example", "/%20/evil.example", "/%E2%80%AE/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/", "/%00x"];

  it.each(offSite)("a signed-in user asking for %s stays on the portal", async (next) => {
    const p = portal(base);
    const { cookie } = await signIn(p, OPERATOR);
    const response = await p.app.request(`/sign-in?next=${next}`, { headers: { cookie: cookie! } });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
  });

  it("a CR/LF in next gives a redirect home after sign-in, not a 500", async () => {
    const p = portal(base);
    const response = await p.app.request("/sign-in", form({ username: OPERATOR.name, password: OPERATOR.password, next: "/clients\r\nSet-Cookie: x=1" }));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
  });

  it("keeps a local path with its query and fragment", () => {
    expect(safeNext("/links?client=acme%20corp#top")).toBe("/links?client=acme%20corp#top");
    expect(safeNext("/clients/%C3%BC")).toBe("/clients/%C3%BC");
    expect(safeNext("/a/../b")).toBe("/b");
  });
});
