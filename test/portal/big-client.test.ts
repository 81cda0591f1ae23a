import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, portal, postForm, session, storeWithUsers, type TestStore } from "./fixture.js";
import { BIG, writeBigClient } from "./big-client.js";

/** A client of 1,500 files: its page shows one folder at a time, small and compressed (docs/portal.md). */
let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
  await writeBigClient(base);
}, 60_000);
afterAll(() => base.cleanup());

describe("the page of a client with more files than it lists whole", () => {
  it("shows the top folder only, as links that open each folder; compressed when the browser accepts it", async () => {
    const p = portal(base);
    const s = await session(p);
    const response = await p.app.request(`/clients/${BIG}`, asUser(s.cookie, { "accept-encoding": "gzip" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-encoding")).toBe("gzip");
    const html = gunzipSync(Buffer.from(await response.arrayBuffer())).toString("utf8");
    expect(html.length).toBeLessThan(100_000);
    expect(html).toContain("more than 1,000 files");
    for (const folder of ["set-0/", "set-1/", "set-2/"]) expect(html).toContain(`href="/clients/${BIG}?folder=${encodeURIComponent(folder)}"`);
    expect(html).not.toContain("photo-0001.jpg");
  });

  it("lists one folder a page at a time, as a page and as the fragment the script inserts", async () => {
    const p = portal(base);
    const s = await session(p);
    const page = await (await p.app.request(`/clients/${BIG}?folder=set-1%2F`, asUser(s.cookie))).text();
    const files = (html: string) => [...html.matchAll(/value="(set-1\/photo-\d+\.jpg)"/g)].map((m) => m[1]);
    expect(files(page)).toHaveLength(200);
    expect(page).toContain('aria-current="location">set-1</span>');
    const more = /href="(\/clients\/big-client\?folder=set-1%2F&amp;after=[^"]+)"/.exec(page)![1]!.replaceAll("&amp;", "&");
    const second = files(await (await p.app.request(more, asUser(s.cookie))).text());
    expect(second).toHaveLength(200);
    expect(second[0]! > files(page).at(-1)!).toBe(true);
    const fragment = await (await p.app.request(`/clients/${BIG}/tree?folder=set-2%2F`, asUser(s.cookie))).text();
    expect(fragment.startsWith("<li")).toBe(true);
    expect(files(fragment.replaceAll("set-2/", "set-1/"))).toHaveLength(200);
    expect((await p.app.request(`/clients/${BIG}/tree?folder=..%2F`, asUser(s.cookie))).status).toBe(400);
  });

  it("issues for a ticked folder, and asks before a per-file link of more than 500 files", async () => {
    const p = portal(base);
    const s = await session(p);
    const refused = await p.app.request(`/clients/${BIG}/links`, postForm(s, { expiry: "7d", mode: "per-file" }));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Not issued yet");
    const issued = await p.app.request(`/clients/${BIG}/links`, postForm(s, { expiry: "7d", mode: "folder", only: "set-0/" }));
    expect(issued.status).toBe(303);
    const linkId = /\/links\/([^/]+)\/issued/.exec(issued.headers.get("location")!)![1]!;
    expect(await p.deps.services.records.get(BIG, linkId)).toMatchObject({ selection: ["set-0/"], fileCount: 500 });
  });
});
