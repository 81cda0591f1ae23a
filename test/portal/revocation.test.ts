import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Publisher } from "../../lib/publishing/publisher.js";
import { DenyListFullError, type DenyList, type DenyListChange, type DenyListEntry } from "../../lib/revocation/deny-list.js";
import { rsaSigningKey } from "../support/vectors.js";
import { DAY, PREFIX, PUBLIC_URL, asUser, portal, postJson, session, storeWithUsers, testClock, type TestStore } from "./fixture.js";

/** An in-memory revocation list that can be made to refuse (full). */
class MemoryDenyList implements DenyList {
  readonly location = "memory:test";
  readonly takesEffect = "at once";
  readonly ids = new Map<string, string>();
  full = false;
  async entries(): Promise<DenyListEntry[]> {
    return [...this.ids].map(([linkId, expiresAt]) => ({ linkId, expiresAt }));
  }
  async update(change: DenyListChange): Promise<void> {
    if (this.full && change.puts.length) throw new DenyListFullError("the revocation list memory:test is nearly full: nothing was revoked.");
    for (const e of change.deletes) this.ids.delete(e.linkId);
    for (const e of change.puts) this.ids.set(e.linkId, e.expiresAt);
  }
}

let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());

function guardedPortal() {
  const denyList = new MemoryDenyList();
  const time = testClock();
  const publisher = new Publisher({ store: base.store, prefix: PREFIX, publicUrl: PUBLIC_URL, signingKey: async () => rsaSigningKey, clock: time.clock, maxExpiryMs: 366 * DAY, denyList });
  return { p: portal(base, { publisher, clock: time.clock }), denyList };
}

describe("revoking in the portal with a revocation list", () => {
  it("the API writes the id and says when the edge refuses it; the revoke page says every address stops working", async () => {
    const { p, denyList } = guardedPortal();
    const s = await session(p);
    const issued = await (await p.app.request("/api/clients/globex/links", postJson(s, { expires: "1d" }))).json() as { link: { linkId: string; expiresAt: string } };
    const linkId = issued.link.linkId;

    const page = await (await p.app.request(`/links/${linkId}/revoke`, asUser(s.cookie))).text();
    expect(page).toContain("Every address of this link stops working");
    expect(page).toContain("The edge refuses them at once");
    expect(page).not.toContain("keep working until they expire");

    const revoked = await p.app.request(`/api/links/${linkId}/revoke`, postJson(s, {}));
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ link: { linkId, status: "revoked" }, edge: { listed: true, takesEffect: "at once", pruned: 0 } });
    expect(denyList.ids.get(linkId)).toBe(issued.link.expiresAt);
  });

  it("a full list: 507 with the reason, and the link stays active with its page", async () => {
    const { p, denyList } = guardedPortal();
    const s = await session(p);
    const issued = await (await p.app.request("/api/clients/globex/links", postJson(s, { expires: "1d" }))).json() as { link: { linkId: string; pageKey: string } };
    denyList.full = true;
    const refused = await p.app.request(`/api/links/${issued.link.linkId}/revoke`, postJson(s, {}));
    expect(refused.status).toBe(507);
    expect(((await refused.json()) as { error: { kind: string; message: string } }).error).toMatchObject({ kind: "full", message: expect.stringMatching(/nearly full: nothing was revoked/) });
    expect(await base.store.head(issued.link.pageKey)).toBeDefined();
    const listed = (await (await p.app.request("/api/links?client=globex", asUser(s.cookie))).json()) as { links: { linkId: string; status: string }[] };
    expect(listed.links.find((l) => l.linkId === issued.link.linkId)?.status).toBe("active");
  });
});
