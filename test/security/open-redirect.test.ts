import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeNext } from "../../portal/auth/safe-next.js";
import { OPERATOR, form, portal, signIn, storeWithUsers, type TestStore } from "../portal/fixture.js";

let base: TestStore;
let p: ReturnType<typeof portal>;
let cookie: string;
beforeAll(async () => {
  base = await storeWithUsers();
  p = portal(base);
  cookie = (await signIn(p, OPERATOR)).cookie!;
});
afterAll(() => base.cleanup());

/** Security review finding 3: `/sign-in?next=/%09/evil.example` sent a signed-in user off-site. */
describe("the next parameter of sign-in", () => {
  const offSite = ["/.//evil.example", "/..//evil.example", "/a/..//evil.example", "/%2e//evil.example", "/%2E%2E//evil.example", "/./%5Cevil.example", "/%09/evil.example", "/%0a/evil.example", "/%0d/evil.example", "/%20/evil.example", "/%E2%80%AE/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/", "/%00x"];

  it.each(offSite)("a signed-in user asking for %s stays on the portal", async (next) => {
    const response = await p.app.request(`/sign-in?next=${next}`, { headers: { cookie } });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
  });

  it("a CR/LF in next gives a redirect home after sign-in, not a 500", async () => {
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

/**
 * How a browser reads a Location value: relative to the page it came from (any path on the
 * portal), with tabs and line breaks dropped and backslashes read as slashes (the WHATWG URL
 * parser, which browsers follow). Written independently of safeNext: the origin it lands on.
 */
function browserTarget(location: string): string {
  return new URL(location, "https://portal.example/clients/acme/files?x=1").origin;
}

/** Pieces that make redirect tricks: slashes of every kind, dot segments plain and encoded, controls, schemes. */
const PIECES = [
  "/", "//", "\\", "\\\\", ".", "..", "./", "../", "%2e", "%2E", "%2e%2e", ".%2e", "%2f", "%2F", "%5c", "%5C", "%252f",
  "\t", "\n", "\r", " ", "\u000b", "\u000c", "\u0000", "%09", "%0a", "%0d", "%00", "%20", "\u00a0", "\u200b", "\u2028", "\u202e", "\ufeff",
  "\u3002", "\uff0e", "\uff0f", "\uff3c", "\u2215", "\u2044",
  "@", ":", "?", "#", "&", "=", "%", "~", ";", "evil.example", "portal.example", "http:", "https:", "javascript:", "data:", "localhost", "127.0.0.1", "[::1]", "a", "clients",
];
const tricky = fc.array(fc.constantFrom(...PIECES), { maxLength: 10 }).map((parts) => parts.join(""));
const nextValue = fc.oneof(
  tricky,
  tricky.map((text) => `/${text}`),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }).map((text) => `/${text}`),
  // What reaches safeNext from a query string is already percent-decoded once.
  tricky.map((text) => {
    try {
      return decodeURIComponent(`/${text}`);
    } catch {
      return `/${text}`;
    }
  }),
);

/** Issue 21, item 2: `/sign-in?next=/.//evil.example` answered `Location: //evil.example`. */
describe("safeNext over arbitrary strings (property)", () => {
  it("always yields \"/\" or a path a browser resolves to the portal itself, stable when checked again", () => {
    fc.assert(
      fc.property(nextValue, (next) => {
        const target = safeNext(next);
        if (target === "/") return;
        expect(target.startsWith("/")).toBe(true);
        expect(target[1] === "/" || target[1] === "\\").toBe(false);
        expect(target).not.toMatch(/[\u0000-\u0020\u007f-\u009f\\]/);
        expect(browserTarget(target)).toBe("https://portal.example");
        expect(safeNext(target)).toBe(target);
      }),
      { numRuns: 10_000 },
    );
  });

  it("through the sign-in route, a signed-in user is never sent off the portal", async () => {
    await fc.assert(
      fc.asyncProperty(nextValue, async (next) => {
        const response = await p.app.request(`/sign-in?next=${encodeURIComponent(next)}`, { headers: { cookie } });
        expect(response.status).toBe(303);
        expect(browserTarget(response.headers.get("location")!)).toBe("https://portal.example");
      }),
      { numRuns: 300 },
    );
  });
});
