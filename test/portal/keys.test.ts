import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rotationJournal } from "../../lib/keys/rotation/rotation-records.js";
import { rsaTestKey } from "../support/vectors.js";
import { ADMIN, OPERATOR, asUser, portal, session, storeWithUsers, type TestStore } from "./fixture.js";

let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());

describe("GET /keys", () => {
  it("redirects a signed-out visitor to sign-in", async () => {
    const response = await portal(base).app.request("/keys");
    expect(response.status).toBe(303);
  });

  it("refuses an operator with 403", async () => {
    const p = portal(base);
    const s = await session(p, OPERATOR);
    const response = await p.app.request("/keys", asUser(s.cookie));
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("This needs the admin role");
  });

  it("shows an admin the active key pair id, type, age, store and history, never the private key", async () => {
    const p = portal(base);
    const s = await session(p, ADMIN);
    const response = await p.app.request("/keys", asUser(s.cookie));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<a href="/keys" aria-current="page">Keys</a>');
    expect(html).toContain(`<dt>Key pair id</dt><dd><code>${rsaTestKey.keyPairId}</code></dd>`);
    expect(html).toContain("<dd>RSA-2048</dd>");
    expect(html).toContain("2026-02-18 09:00 UTC (12 days ago)");
    expect(html).toContain(`<code>${base.keyStore.location}</code>`);
    expect(html).toMatch(new RegExp(`<h2 id="history-title">Key history</h2>.*${rsaTestKey.keyPairId}.*badge--active">active<`));
    expect(html).toContain("<dt>Last rotation</dt><dd>none yet</dd>");
    expect(html).not.toContain("PRIVATE KEY");
  });

  it("tells an admin of an unfinished rotation and how to finish it", async () => {
    const base2 = await storeWithUsers();
    try {
      const journal = rotationJournal(base2.store);
      await journal.put("journal", {
        rotationId: "r-2026",
        mode: "full",
        startedBy: "cli:ops",
        startedAt: "2026-03-01T10:00:00.000Z",
        updatedAt: "2026-03-01T10:01:00.000Z",
        oldKeyPairId: rsaTestKey.keyPairId,
        keyType: "rsa",
        completed: ["create-key"],
      });
      const p = portal(base2);
      const s = await session(p, ADMIN);
      const html = await (await p.app.request("/keys", asUser(s.cookie))).text();
      expect(html).toContain("<strong>unfinished</strong>: full rotation r-2026 by cli:ops");
      expect(html).toContain("<code>signed-share rotate-keys</code> to finish it");
    } finally {
      await base2.cleanup();
    }
  });
});
