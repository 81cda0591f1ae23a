// What the client sees (docs/branding.md, docs/languages.md): the brand set through the API shows on the
// next index page and e-mail without a restart, in the client's language from its profile, signed with the
// sender's display name and never a login; brand set through the API is admins' only.
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MailConfig } from "../../lib/config.js";
import { ClientProfiles } from "../../lib/files/client-profiles.js";
import { Outbox, OutboxMailer } from "../../lib/mail/outbox.js";
import { SendLimiter } from "../../lib/mail/send-limit.js";
import { readText } from "../../lib/storage/read-text.js";
import { ADMIN, asUser, issueThroughForm, OPERATOR, portal, postForm, postJson, session, storeWithUsers, type TestPortal, type TestStore } from "../portal/fixture.js";

const MAIL: MailConfig = { transport: { kind: "outbox" }, from: "shares@example.com", ownDomains: ["example.com"], perUserPerHour: 50, remindBeforeMs: 2 * 86_400_000 };
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

describe("brand and language on the page and the e-mail", () => {
  let base: TestStore;
  let p: TestPortal;

  beforeAll(async () => {
    base = await storeWithUsers();
    await new ClientProfiles(base.store, () => new Date()).save("acme-corp", { contacts: ["buyer@acme.example"], language: "de", timeZone: "Europe/Berlin" }, "test");
    const clock = () => p.clock();
    p = portal(base, { delivery: { mailer: new OutboxMailer(base.store, clock), mail: MAIL, limiter: new SendLimiter(clock, 50) } });
  });
  afterAll(async () => {
    await base?.cleanup();
  });

  async function issue(s: { cookie: string; token: string }, client: string, body: Record<string, unknown>) {
    const response = await p.app.request(`/api/clients/${client}/links`, postJson(s, { expires: "7d", ...body }));
    expect(response.status, await response.clone().text()).toBe(201);
    const { link } = (await response.json()) as { link: { linkId: string; pageKey?: string } };
    const record = await p.deps.services.records.get(client, link.linkId);
    return { record: record!, page: (await readText(base.store, record!.pageKey))! };
  }

  it("an operator cannot set the brand; an admin can, and the next page and e-mail show it, in German, signed by a person", async () => {
    const operator = await session(p, OPERATOR);
    expect((await p.app.request("/api/brand", postJson(operator, { name: "Nope" }))).status).toBe(403);
    const admin = await session(p, ADMIN);
    const set = await p.app.request("/api/brand", postJson(admin, { name: "Acme Treuhand AG", color: "#0b5", contact: "support@acme-treuhand.example", logo: PNG.toString("base64") }));
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ brand: { name: "Acme Treuhand AG", color: "#00bb55", logo: { contentType: "image/png", bytes: PNG.length } } });

    const { record, page } = await issue(admin, "acme-corp", { to: ["buyer@acme.example"], senderName: "Adam Schmidt", message: "Guten Tag,\n\nanbei die Unterlagen." });
    expect(page).toContain('<html lang="de" data-accent="#00bb55" data-on-accent="#000000">');
    expect(page).toContain("<h1>Dateien für acme-corp</h1>");
    expect(page).toContain("Von Adam Schmidt (Acme Treuhand AG).");
    expect(page).toContain('<img src="data:image/png;base64,');
    expect(page).toContain("anbei die Unterlagen.");
    expect(page).toMatch(/Diese Links gelten bis <time datetime="[^"]+">[^<]*MEZ \([^<]*UTC\)<\/time>/);
    expect(page).toContain("bitten Sie support@acme-treuhand.example um einen neuen Link");
    expect(page).not.toContain(ADMIN.name);

    const [mail] = await new Outbox(base.store).list();
    expect(mail).toMatchObject({ linkId: record.linkId, subject: "Ihre Dateien von Adam Schmidt (Acme Treuhand AG)" });
    const parsed = await simpleParser((await new Outbox(base.store).eml(mail!.id))!);
    expect(parsed.from?.value).toEqual([{ name: "Adam Schmidt (Acme Treuhand AG)", address: "shares@example.com" }]);
    expect(parsed.html).toContain('<html lang="de">');
    expect(parsed.html).toContain("background: #00bb55; color: #000000");
    expect(parsed.text).toMatch(/Der Link gilt bis .*MEZ \(.* UTC\)\./);
    expect(parsed.attachments.map((a) => [a.contentType, a.cid])).toEqual([["image/png", "brand-logo@signed-share"]]);
    for (const text of [mail!.subject, parsed.text ?? "", parsed.html || "", JSON.stringify(parsed.from)]) expect(text).not.toMatch(new RegExp(`\\b(${ADMIN.name}|root)\\b`));

    // A change shows on the next page and message, with no restart.
    expect((await p.app.request("/api/brand", postJson(admin, { name: "Acme Fiduciaire SA", logo: "" }))).status).toBe(200);
    await new ClientProfiles(base.store, () => new Date()).save("acme-corp", { language: "fr" }, "test");
    const next = await issue(admin, "acme-corp", { to: ["buyer@acme.example"], senderName: "Adam Schmidt" });
    expect(next.page).toContain("<h1>Fichiers pour acme-corp</h1>");
    expect(next.page).toContain("De la part de Adam Schmidt (Acme Fiduciaire SA).");
    expect(next.page).not.toContain("<img");
    const latest = (await new Outbox(base.store).list()).find((entry) => entry.linkId === next.record.linkId)!;
    expect(latest.subject).toBe("Vos fichiers de la part de Adam Schmidt (Acme Fiduciaire SA)");
  });

  it("an English client without a time zone gets UTC and the viewer's local time slot; no sender set, the page names no one", async () => {
    const admin = await session(p, ADMIN);
    await new ClientProfiles(base.store, () => new Date()).save("globex", { displayName: "Globex" }, "test");
    const { page } = await issue(admin, "globex", {});
    expect(page).toContain('<html lang="en"');
    expect(page).toMatch(/These links work until <time datetime="[^"]+" data-local="expiry-local">[^<]* UTC<\/time><span id="expiry-local" data-label="your time"><\/span>/);
    expect(page).not.toContain("From ");
    expect(page).not.toContain(ADMIN.name);
  });

  it("refuses a bad colour, an SVG logo and a logo too large, changing nothing", async () => {
    const admin = await session(p, ADMIN);
    const before = await (await p.app.request("/api/brand", { headers: { cookie: admin.cookie } })).json();
    for (const [body, words] of [
      [{ color: "blue" }, "color: must be a hex colour"],
      [{ logo: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>").toString("base64") }, "SVG is not accepted"],
      [{ logo: Buffer.concat([PNG, Buffer.alloc(40 * 1024)]).toString("base64") }, "at most 32 KiB"],
      [{ name: "Acme\u202eLtd" }, "name"],
    ] as const) {
      const response = await p.app.request("/api/brand", postJson(admin, body));
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(words);
    }
    expect(await (await p.app.request("/api/brand", { headers: { cookie: admin.cookie } })).json()).toEqual(before);
  });
});

describe("the Settings page (admins)", () => {
  let base: TestStore;
  let p: TestPortal;
  beforeAll(async () => {
    base = await storeWithUsers();
    p = portal(base);
  });
  afterAll(async () => {
    await base?.cleanup();
  });

  function multipart(s: { cookie: string; token: string }, fields: Record<string, string>, logo?: Buffer): RequestInit {
    const body = new FormData();
    body.set("_csrf", s.token);
    for (const [name, value] of Object.entries(fields)) body.set(name, value);
    if (logo) body.set("logo", new Blob([new Uint8Array(logo)], { type: "image/png" }), "logo.png");
    return { method: "POST", body, headers: { cookie: s.cookie } };
  }

  it("is listed for admins only; saves the brand with a logo, refuses a bad colour keeping what was typed, removes the logo", async () => {
    const operator = await session(p, OPERATOR);
    expect((await p.app.request("/settings", { headers: { cookie: operator.cookie } })).status).toBe(403);
    const admin = await session(p, ADMIN);
    const page = await (await p.app.request("/settings", { headers: { cookie: admin.cookie } })).text();
    expect(page).toContain('href="/settings" aria-current="page">Settings</a>');
    const saved = await p.app.request("/settings", multipart(admin, { name: "Acme Ltd", color: "#123456", contact: "help@acme.example" }, PNG));
    expect(saved.status).toBe(303);
    expect(await p.deps.services.brand.get()).toMatchObject({ name: "Acme Ltd", color: "#123456", contact: "help@acme.example", logo: { contentType: "image/png" }, updatedBy: ADMIN.name });
    const shown = await (await p.app.request("/settings?saved", { headers: { cookie: admin.cookie } })).text();
    expect(shown).toContain('<img src="data:image/png;base64,');
    const refused = await p.app.request("/settings", multipart(admin, { name: "Acme Two", color: "green", contact: "" }));
    expect(refused.status).toBe(400);
    const again = await refused.text();
    expect(again).toContain("color: must be a hex colour");
    expect(again).toContain('value="Acme Two"');
    expect((await p.deps.services.brand.get()).name).toBe("Acme Ltd");
    expect((await p.app.request("/settings", multipart(admin, { name: "Acme Ltd", color: "", contact: "", removeLogo: "yes" }))).status).toBe(303);
    const after = await p.deps.services.brand.get();
    expect(after.logo).toBeUndefined();
    expect(after.color).toBeUndefined();
  });
});

describe("a revoked link's page", () => {
  it("no longer offers its dead URL, QR code, message or send form", async () => {
    const base = await storeWithUsers();
    try {
      const p = portal(base, { senderName: "Olivia Newton" });
      const s = await session(p);
      const { linkId, location } = await issueThroughForm(p, s, "acme-corp", { expiry: "7d" });
      const live = await (await p.app.request(location, asUser(s.cookie))).text();
      expect(live).toContain('id="issued-link"');
      expect(live).toContain("qr-card");
      expect((await p.app.request(`/links/${linkId}/revoke`, postForm(s, {}))).status).toBe(303);
      const dead = await (await p.app.request(location, asUser(s.cookie))).text();
      expect(dead).toContain("This link has been revoked: it no longer works.");
      for (const gone of ['id="issued-link"', "qr-card", 'id="client-message"', "Send by e-mail"]) expect(dead).not.toContain(gone);
    } finally {
      await base.cleanup();
    }
  });
});
