import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderIndexPage } from "../../lib/pages/index-page.js";
import { asUser, portal, PREFIX, signIn, OPERATOR, storeWithUsers, type TestStore } from "../portal/fixture.js";

const SPOOF = "invoice-\u202Egnp.js"; // drawn as "invoice-sj.png"
const BIDI = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F"];

let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
  await base.store.put(`${PREFIX}/spoofed/${SPOOF}`, "alert(1)\n");
  await base.store.put(`${PREFIX}/spoofed/\u2067folder/x.txt`, "x\n");
});
afterAll(() => base.cleanup());

/** Whether the text a browser draws (outside tags; attribute values are not drawn) holds a bidirectional control. */
const hasBidi = (html: string) => BIDI.some((c) => html.replace(/<[^>]*>/g, "").includes(c));

/** Security review finding 14: bidirectional overrides spoofed file types on the page and in the portal. */
describe("file names with bidirectional controls", () => {
  it("show each control as a visible code point on the client's page", () => {
    const html = renderIndexPage({
      client: "spoofed\u202E",
      files: [{ path: SPOOF, size: 9, lastModified: new Date(0), url: "https://files.example.com/spoofed/x" }],
      expiresAt: new Date(86_400_000),
    });
    expect(html).toContain("invoice-[U+202E]gnp.js");
    expect(hasBidi(html)).toBe(false);
  });

  it("show each control as a visible code point in the portal's file tree", async () => {
    const p = portal(base);
    const { cookie } = await signIn(p, OPERATOR);
    const html = await (await p.app.request("/clients/spoofed", asUser(cookie!))).text();
    expect(html).toContain("invoice-[U+202E]gnp.js");
    expect(html).toContain("[U+2067]folder/");
    expect(hasBidi(html)).toBe(false);
  });
});

describe("client names with bidirectional controls", () => {
  it("are refused, so no page, listing or link can show one reordered", async () => {
    const { validateClientName } = await import("../../lib/links/layout.js");
    expect(() => validateClientName("acme\u202Egpj")).toThrow(/bidirectional control/);
    expect(validateClientName("acme-corp")).toBe("acme-corp");
  });
});
