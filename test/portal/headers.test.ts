import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATOR, portal, signIn, storeWithUsers, type TestStore } from "./fixture.js";

let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());

function expectSecureHeaders(response: Response) {
  const csp = response.headers.get("content-security-policy") ?? "";
  for (const directive of [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
  ]) {
    expect(csp).toContain(directive);
  }
  expect(csp).not.toContain("unsafe-inline");
  expect(response.headers.get("referrer-policy")).toBe("no-referrer");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("x-frame-options")).toBe("DENY");
}

describe("responses", () => {
  it("carry the security headers on pages, redirects, errors and health checks", async () => {
    const p = portal(base);
    const { cookie } = await signIn(p, OPERATOR);
    for (const [path, headers] of [
      ["/sign-in", {}],
      ["/", {}],
      ["/", { cookie: cookie! }],
      ["/no-such-page", {}],
      ["/healthz", {}],
      ["/static/style.css", {}],
    ] as const) {
      expectSecureHeaders(await p.app.request(path, { headers }));
    }
  });

  it("do not let pages be cached", async () => {
    const response = await portal(base).app.request("/sign-in");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("have no inline script or style in the HTML", async () => {
    const p = portal(base);
    const { cookie } = await signIn(p, OPERATOR);
    for (const html of [await (await p.app.request("/sign-in")).text(), await (await p.app.request("/", { headers: { cookie: cookie! } })).text()]) {
      expect(html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
    }
  });
});

describe("GET /healthz", () => {
  it("answers 200 JSON without a session and sets no cookie", async () => {
    const response = await portal(base).app.request("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});

describe("GET /static/style.css", () => {
  it("serves the stylesheet with a long cache and an ETag, and 304 when unchanged", async () => {
    const p = portal(base);
    const response = await p.app.request("/static/style.css");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(response.headers.get("cache-control")).toContain("max-age=31536000");
    expect(await response.text()).toContain("prefers-color-scheme: dark");
    const etag = response.headers.get("etag")!;
    expect(etag).toMatch(/^".+"$/);
    const again = await p.app.request("/static/style.css", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
  });

  it("is linked from every page with its version", async () => {
    const p = portal(base);
    const etag = (await p.app.request("/static/style.css")).headers.get("etag")!.replaceAll('"', "");
    const html = await (await p.app.request("/sign-in")).text();
    expect(html).toContain(`<link rel="stylesheet" href="/static/style.css?v=${etag}"`);
  });

  it("answers 404 for other files", async () => {
    const p = portal(base);
    expect((await p.app.request("/static/../app.ts")).status).toBe(404);
    expect((await p.app.request("/static/app.ts")).status).toBe(404);
    expect((await p.app.request("/static/toString")).status).toBe(404);
  });
});

describe("the portal's icon", () => {
  it("every page names it; it is served without a session, and /favicon.ico leads to it", async () => {
    const p = portal(base);
    const html = await (await p.app.request("/sign-in")).text();
    const href = /<link rel="icon" type="image\/svg\+xml" href="([^"]+)"\/?>/.exec(html)?.[1];
    expect(href).toMatch(/^\/static\/favicon\.svg\?v=/);
    const icon = await p.app.request(href!);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toBe("image/svg+xml");
    expect(await icon.text()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(icon.headers.getSetCookie()).toEqual([]);
    const legacy = await p.app.request("/favicon.ico");
    expect(legacy.status).toBe(301);
    expect(legacy.headers.get("location")).toBe(href);
  });
});
