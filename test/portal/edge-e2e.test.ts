import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEdge, type RunningEdge } from "../../lib/edge/edge-server.js";
import { trustedPublicKeys } from "../support/vectors.js";
import { PREFIX, issueThroughForm, portal, postForm, session, storeWithUsers, testPublisher, type TestPortal, type TestStore } from "./fixture.js";

describe("a link issued in the portal, opened through the local edge over HTTP", () => {
  let base: TestStore;
  let edge: RunningEdge;
  let p: TestPortal;

  beforeAll(async () => {
    base = await storeWithUsers();
    let clock = () => new Date();
    edge = await startEdge({ store: base.store, originPrefix: PREFIX, trustedKey: (id) => trustedPublicKeys.get(id), clock: () => clock() }, 0);
    p = portal(base, { publisher: testPublisher(base.store, () => clock(), edge.url) });
    clock = p.clock;
  });
  afterAll(async () => {
    await edge?.close();
    await base?.cleanup();
  });

  it("serves the client's page with 200 until the link is revoked, then refuses it", async () => {
    const s = await session(p);
    const { linkId } = await issueThroughForm(p, s, "acme-corp", { expiry: "7d" });
    const record = (await p.deps.services.publisher.records.get("acme-corp", linkId))!;
    expect(record.url.startsWith(`${edge.url}/acme-corp/_links/${linkId}.html?`)).toBe(true);

    const page = await fetch(record.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<h1>Files for acme-corp</h1>");
    expect(html).toContain("q2 (final).csv");

    const revoked = await p.app.request(`/links/${linkId}/revoke`, postForm(s, {}));
    expect(revoked.status).toBe(303);
    const after = await fetch(record.url);
    expect([403, 404]).toContain(after.status);
    await after.arrayBuffer();
  });

  it("refuses a link whose signature was tampered with", async () => {
    const s = await session(p);
    const { linkId } = await issueThroughForm(p, s, "globex", { expiry: "1d" });
    const record = (await p.deps.services.publisher.records.get("globex", linkId))!;
    const tampered = record.url.replace(/Signature=./, (m) => (m.endsWith("A") ? `${m.slice(0, -1)}B` : `${m.slice(0, -1)}A`));
    const response = await fetch(tampered);
    expect(response.status).toBe(403);
    await response.arrayBuffer();
  });
});
