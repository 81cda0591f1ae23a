import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, OPERATOR, portal, postForm, session, storeWithUsers, type TestPortal, type TestStore } from "../portal/fixture.js";
import { clientFilesOn } from "./subjects.js";

describe("file pages", () => {
  let base: TestStore;
  let p: TestPortal;
  let s: { cookie: string; token: string };

  beforeAll(async () => {
    base = await storeWithUsers();
    p = portal(base, { files: clientFilesOn(base.store), listingCacheMs: 0 });
    s = await session(p, OPERATOR);
  });
  afterAll(async () => {
    await base.cleanup();
  });

  it("New client: the form creates an empty client and leads to its upload page; bad and taken names are refused on the form", async () => {
    expect(await (await p.app.request("/clients", asUser(s.cookie))).text()).toContain('href="/new-client"');
    const created = await p.app.request("/new-client", postForm(s, { client: "Umbrella & Co", displayName: "Umbrella", contacts: "a@umbrella.example\nb@umbrella.example" }));
    expect(created.status).toBe(303);
    expect(created.headers.get("location")).toBe("/clients/Umbrella%20%26%20Co/upload");
    const upload = await (await p.app.request("/clients/Umbrella%20%26%20Co/upload", asUser(s.cookie))).text();
    expect(upload).toContain('data-client="Umbrella &amp; Co"');
    expect(upload).toMatch(/\/static\/upload\.js\?v=/);
    const page = await p.app.request("/clients/Umbrella%20%26%20Co", asUser(s.cookie));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("This folder holds no files to share yet.");

    const taken = await p.app.request("/new-client", postForm(s, { client: "Umbrella & Co" }));
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain("already exists");
    const bad = await p.app.request("/new-client", postForm(s, { client: "../etc" }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("contains a /");
    const reserved = await p.app.request("/new-client", postForm(s, { client: "_links" }));
    expect(reserved.status).toBe(400);
  });

  it("the profile page edits display name and contacts and archives the client without touching its files", async () => {
    const saved = await p.app.request("/clients/acme-corp/profile", postForm(s, { displayName: "ACME Corporation", contacts: "ops@acme.example", archived: "yes" }));
    expect(saved.status).toBe(303);
    const profile = await p.deps.services.files!.profiles.get("acme-corp");
    expect(profile).toMatchObject({ displayName: "ACME Corporation", contacts: ["ops@acme.example"], archived: true, updatedBy: "olivia" });
    expect((await p.deps.services.files!.list("acme-corp")).length).toBeGreaterThan(0);
    const list = await (await p.app.request("/clients", asUser(s.cookie))).text();
    expect(list).not.toContain('href="/clients/acme-corp"');
    expect(list).toContain('href="/clients/globex"');
    expect(await (await p.app.request("/clients?archived=yes", asUser(s.cookie))).text()).toContain('href="/clients/acme-corp"');
    const invalid = await p.app.request("/clients/acme-corp/profile", postForm(s, { contacts: "not-an-address" }));
    expect(invalid.status).toBe(400);
  });

  it("a file name opens the file through the portal as a sandboxed download with its original name", async () => {
    const page = await (await p.app.request("/clients/acme-corp", asUser(s.cookie))).text();
    expect(page).toContain(`href="/clients/acme-corp/open?path=reports%2F2026%2Fq2%20(final).csv"`);
    const opened = await p.app.request("/clients/acme-corp/open?path=reports%2F2026%2Fq2%20(final).csv", asUser(s.cookie));
    expect(opened.status).toBe(200);
    expect(opened.headers.get("content-disposition")).toBe(`attachment; filename="q2 (final).csv"; filename*=UTF-8''q2%20%28final%29.csv`);
    expect(opened.headers.get("content-security-policy")).toContain("sandbox");
    expect(await opened.text()).toBe("month,orders\n2026-04,12\n");
    expect((await p.app.request("/clients/acme-corp/open?path=..%2Fglobex%2Finvoice.html", asUser(s.cookie))).status).toBe(400);
    expect((await p.app.request("/clients/acme-corp/open?path=nope.txt", asUser(s.cookie))).status).toBe(404);
    // Not without a session.
    expect((await p.app.request("/clients/acme-corp/open?path=README.txt")).status).toBe(303);
  });

  it("deletes a file and a folder after a confirmation page; both are audited", async () => {
    const confirm = await p.app.request("/clients/acme-corp/delete?path=README.txt", asUser(s.cookie));
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain("Delete file?");
    expect(await base.store.head("client_files/acme-corp/README.txt")).toBeDefined(); // a GET deletes nothing
    expect((await p.app.request("/clients/acme-corp/delete", postForm(s, { path: "README.txt" }))).status).toBe(303);
    expect(await base.store.head("client_files/acme-corp/README.txt")).toBeUndefined();

    const folder = await p.app.request("/clients/acme-corp/delete?folder=yes&path=reports", asUser(s.cookie));
    expect(await folder.text()).toContain("the 2 files in it");
    expect((await p.app.request("/clients/acme-corp/delete", postForm(s, { path: "reports", folder: "yes" }))).status).toBe(303);
    expect((await p.deps.services.files!.list("acme-corp")).map((f) => f.path)).toEqual(["exports/<img src=x onerror=alert(1)> & notes.txt"]);
    expect(p.log.events().filter((e) => e.event === "files-deleted" && e.by === "olivia")).toHaveLength(2);
    expect((await p.app.request("/clients/acme-corp/delete", postForm(s, { path: "README.txt" }))).status).toBe(404);
  });
});
