// `signed-share files profile`: everything the portal's Profile page sets, the CLI sets, through the
// same operation (clients.updateProfile); what the CLI sets shows in the portal, and `issue --email`
// reaches the contacts it set.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, portal, session, storeWithUsers, type TestPortal, type TestStore } from "../portal/fixture.js";
import { runInProcess } from "../support/run-command.js";
import { clientFilesOn } from "./subjects.js";

describe("signed-share files profile", () => {
  let base: TestStore;
  let p: TestPortal;
  const files = (...args: string[]) => runInProcess(["files", "profile", ...args], { services: p.deps.services });

  beforeAll(async () => {
    base = await storeWithUsers();
    p = portal(base, { files: clientFilesOn(base.store), listingCacheMs: 0 });
  });
  afterAll(() => base.cleanup());

  it("sets the display name and contacts, which the portal's pages then show", async () => {
    const set = await files("acme-corp", "--name", "ACME Corp.", "--contact", "Buyer@Acme.example", "--contact", "ops@acme.example", "--by", "alice");
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain("name      ACME Corp.\ncontacts  buyer@acme.example, ops@acme.example\nlanguage  en (default)\ntime zone UTC (default)\narchived  no\n");
    const s = await session(p);
    expect(await (await p.app.request("/clients/acme-corp", asUser(s.cookie))).text()).toContain("ACME Corp.");
    const form = await (await p.app.request("/clients/acme-corp/profile", asUser(s.cookie))).text();
    expect(form).toContain("buyer@acme.example\nops@acme.example");
    expect(p.log.events()).toContainEqual(expect.objectContaining({ event: "client-profile-changed", by: "alice", client: "acme-corp" }));
  });

  it("--language and --time-zone set the client's language (checked), which the portal's profile form shows", async () => {
    const set = await files("acme-corp", "--language", "DE", "--time-zone", "Europe/Berlin", "--by", "alice");
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain("language  de\ntime zone Europe/Berlin\n");
    const bad = await files("acme-corp", "--language", "klingon");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("language: must be one of en, de, fr, es");
    expect((await files("acme-corp", "--time-zone", "Mars/Base")).stderr).toContain("time zone: must be an IANA time zone");
    const s = await session(p);
    const form = await (await p.app.request("/clients/acme-corp/profile", asUser(s.cookie))).text();
    expect(form).toContain('<option value="de" selected="">Deutsch</option>');
    expect(form).toContain('value="Europe/Berlin"');
    expect((await files("acme-corp", "--language", "", "--time-zone", "")).stdout).toContain("language  en (default)\ntime zone UTC (default)\n");
  });

  it("shows the profile without a change, as JSON too; --archive takes the client off the portal's list", async () => {
    const shown = JSON.parse((await files("acme-corp", "--json")).stdout) as { client: { displayName: string; contacts: string[]; archived: boolean } };
    expect(shown.client).toMatchObject({ displayName: "ACME Corp.", contacts: ["buyer@acme.example", "ops@acme.example"], archived: false });
    expect((await files("acme-corp", "--archive")).code).toBe(0);
    const s = await session(p);
    expect(await (await p.app.request("/clients", asUser(s.cookie))).text()).not.toContain('href="/clients/acme-corp"');
    expect((await files("acme-corp", "--unarchive")).code).toBe(0);
    expect(await (await p.app.request("/clients", asUser(s.cookie))).text()).toContain('href="/clients/acme-corp"');
  });

  it("refuses a bad address (exit 2, naming the flag), an unknown client (exit 3) and --archive with --unarchive", async () => {
    const bad = await files("acme-corp", "--contact", "not an address");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: --contact: /);
    const unknown = await files("nobody", "--name", "X");
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('there is no client "nobody"');
    expect((await files("acme-corp", "--archive", "--unarchive")).code).toBe(2);
  });
});
