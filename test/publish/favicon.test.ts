import { describe, expect, it } from "vitest";
import { FAVICON_SVG } from "../../lib/pages/favicon.js";
import { renderIndexPage } from "../../lib/pages/index-page.js";

describe("the client page's icon", () => {
  const html = renderIndexPage({ client: "acme", expiresAt: new Date("2030-01-01T00:00:00Z"), files: [] });

  it("is inline (a data: URI), so the browser never asks the edge for /favicon.ico, which it would refuse", () => {
    const icons = [...html.matchAll(/<link rel="icon" href="([^"]*)">/g)].map((m) => m[1]!);
    expect(icons).toHaveLength(1);
    expect(icons[0]).toMatch(/^data:image\/svg\+xml,/);
    expect(decodeURIComponent(icons[0]!.slice("data:image/svg+xml,".length))).toBe(FAVICON_SVG);
    expect(icons[0]).not.toMatch(/["<>&\s]/); // safe inside the attribute as it is
  });
});
