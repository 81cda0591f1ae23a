import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPortal } from "../../portal/server.js";
import { portal, storeWithUsers, type TestStore } from "./fixture.js";

let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());

describe("startPortal", () => {
  it("serves the app over HTTP on a free port until closed", async () => {
    const close = await startPortal(portal(base).app, 0, "127.0.0.1");
    const url = `http://127.0.0.1:${close.port}`;
    try {
      const response = await fetch(`${url}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "ok" });
    } finally {
      await close();
    }
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it("rate-limits sign-in by the real client address", async () => {
    const p = portal(base);
    const close = await startPortal(p.app, 0, "127.0.0.1");
    try {
      await fetch(`http://127.0.0.1:${close.port}/sign-in`, {
        method: "POST",
        body: new URLSearchParams({ username: "nobody", password: "wrong-password-1" }),
      });
      expect(p.log.events()).toContainEqual(expect.objectContaining({ event: "sign-in-failed", address: "127.0.0.1" }));
    } finally {
      await close();
    }
  });

  it("rejects when the port is taken", async () => {
    const close = await startPortal(portal(base).app, 0, "127.0.0.1");
    try {
      await expect(startPortal(portal(base).app, close.port, "127.0.0.1")).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await close();
    }
  });
});
