import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { qrSvg } from "../../portal/views/qr-code.js";
import { ADMIN, HOSTILE_CLIENT, asUser, issueThroughForm, portal, session, storeWithUsers, type TestStore } from "./fixture.js";

let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());

describe("signed-in pages", () => {
  it("carry no inline script, style or event handler; scripts come from /static only", async () => {
    const p = portal(base);
    const s = await session(p, ADMIN);
    const { location } = await issueThroughForm(p, s, HOSTILE_CLIENT);
    const hostile = `/clients/${encodeURIComponent(HOSTILE_CLIENT)}`;
    for (const path of ["/clients", hostile, location, "/links", "/keys", location.replace("/issued", "/revoke")]) {
      const response = await p.app.request(path, asUser(s.cookie));
      expect(response.status, path).toBe(200);
      const html = await response.text();
      const markup = html.replace(/"[^"]*"/g, '""'); // attribute values are escaped text, not attributes
      expect(markup, path).not.toMatch(/<style|<[^<>]*\s(style|on[a-z]+)=/i);
      for (const script of html.match(/<script[^>]*>/g) ?? []) expect(script, path).toMatch(/^<script src="\/static\/[a-z.]+\?v=[^"]+" defer="">$/);
      expect(html, path).not.toContain("<img src=x");
    }
  });
});

describe("GET /static/copy.js", () => {
  it("serves the copy script as JavaScript with a long cache", async () => {
    const response = await portal(base).app.request("/static/copy.js");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("cache-control")).toContain("immutable");
    expect(await response.text()).toContain("navigator.clipboard");
  });
});

describe("qrSvg", () => {
  it("draws paths only: no text, no script and nothing of the encoded URL", async () => {
    const url = `https://files.example.com/x/_links/a.html?Policy="><script>alert(1)</script>&Signature=abc`;
    const svg = await qrSvg(url);
    expect(svg).toMatch(/^<svg [^>]*><path [^>]*\/><path [^>]*\/><\/svg>$/);
    expect(svg).not.toMatch(/script|Policy|files\.example/);
  });
});
