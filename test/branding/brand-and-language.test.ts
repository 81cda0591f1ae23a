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
import { BrandStore } from "../../lib/brand/brand-store.js";
import { clientLook } from "../../lib/delivery/client-look.js";
import { FileRequests } from "../../lib/requests/file-requests.js";
import type { ReceivedFile } from "../../lib/requests/ledger.js";
import { RequestNotices } from "../../lib/requests/notices.js";
import type { OpenRequest } from "../../lib/requests/request-uploads.js";
import { MailSettingsStore } from "../../lib/delivery/mail-settings.js";
import type { FileRequestServices } from "../../lib/requests/create-requests.js";
import { rsaSigningKey } from "../support/vectors.js";
import { ADMIN, asUser, issueThroughForm, OPERATOR, portal, PREFIX, PUBLIC_URL, postForm, postJson, session, storeWithUsers, type TestPortal, type TestStore } from "../portal/fixture.js";

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

  it("a file request's page and e-mail are in the client's language with the brand, naming the sender, never a login", async () => {
    const admin = await session(p, ADMIN);
    const services = p.deps.services;
    const profiles = new ClientProfiles(base.store, () => new Date());
    // File requests over the portal's store, as lib/requests/create-requests.ts makes them (the upload API is not needed here).
    services.requests = {
      requests: new FileRequests({
        store: base.store,
        records: services.records,
        catalog: services.catalog,
        prefix: PREFIX,
        publicUrl: PUBLIC_URL,
        signingKey: async () => rsaSigningKey,
        clock: () => p.clock(),
        maxFileSize: 1024 ** 3,
        look: (client) => clientLook({ brand: new BrandStore(base.store, () => new Date()), profiles }, client),
      }),
    } as FileRequestServices;
    await profiles.save("acme-corp", { contacts: ["buyer@acme.example"], language: "es", timeZone: "Europe/Madrid" }, "test");
    expect((await p.app.request("/api/brand", postJson(admin, { name: "Acme Asesores", color: "#0b5fff", contact: "ayuda@acme.example" }))).status).toBe(200);
    const created = await p.app.request("/api/clients/acme-corp/requests", postJson(admin, { expires: "7d", maxFiles: 3, to: ["buyer@acme.example"], senderName: "Ana García" }));
    expect(created.status, await created.clone().text()).toBe(201);
    const { requestId } = (await created.json()) as { requestId: string };
    const record = (await p.deps.services.records.find(requestId))!;
    const page = (await readText(base.store, record.pageKey))!;
    expect(page).toContain('<html lang="es" data-accent="#0b5fff"');
    expect(page).toContain("<h1>Enviar archivos a Ana García (Acme Asesores)</h1>");
    expect(page).toContain("Hasta 3 archivos.");
    expect(page).toMatch(/Esta página acepta archivos hasta el <time datetime="[^"]+">[^<]*\([^<]*UTC\)<\/time>/);
    expect(page).toContain("Diríjase a ayuda@acme.example.");
    expect(page).toContain('"tooMany":"esta solicitud acepta como máximo 3 archivos"');
    const mail = (await new Outbox(base.store).list()).find((entry) => entry.linkId === requestId)!;
    expect(mail.subject).toBe("Ana García (Acme Asesores) le pide que envíe archivos");
    const parsed = await simpleParser((await new Outbox(base.store).eml(mail.id))!);
    expect(parsed.html).toContain('<html lang="es">');
    expect(parsed.html).toContain("Enviar sus archivos");
    expect(parsed.text).toContain("Abra el enlace de abajo");
    const visible = (html: string) => html.replace(/<(style|script)\b[^>]*>[\s\S]*?<\/\1>/g, "");
    for (const text of [visible(page), mail.subject, parsed.text ?? "", visible(parsed.html || "")]) expect(text.match(new RegExp(`.{0,60}(\\b(${ADMIN.name}|root)\\b|SHARE_|PORTAL_).{0,60}`))?.[0]).toBeUndefined();
    await new ClientProfiles(base.store, () => new Date()).save("acme-corp", { language: "de", timeZone: "Europe/Berlin" }, "test");
  });

  it("the client's receipt for files sent through a request is in the client's language with the brand, naming whom the page named", async () => {
    const profiles = new ClientProfiles(base.store, () => new Date());
    await profiles.save("acme-corp", { language: "fr", timeZone: "Europe/Paris" }, "test");
    const notices = new RequestNotices({
      mailer: new OutboxMailer(base.store, () => p.clock()),
      mail: MAIL,
      settings: new MailSettingsStore(base.store, () => p.clock()),
      store: base.store,
      clock: () => new Date("2030-03-01T09:30:00Z"),
      look: (client) => clientLook({ brand: new BrandStore(base.store, () => new Date()), profiles }, client),
    });
    const record = { linkId: "receipt-request-id-000", client: "acme-corp", issuedBy: ADMIN.name, issuedAt: "2030-02-01T00:00:00.000Z", expiresAt: "2030-04-01T00:00:00.000Z", mode: "request", request: { maxFileSize: 1000, sender: "Ana García" } } as OpenRequest;
    const file = { seq: 1, requestId: record.linkId, client: "acme-corp", path: "contrat.pdf", size: 2048, totalBytes: 2048, contentType: "application/pdf", sha256: "ab".repeat(32), batch: "b", upload: "u", receivedAt: "2030-03-01T09:30:00.000Z", state: "accepted" } as ReceivedFile;
    const told = await notices.batchFinished({ record, files: [file, { ...file, seq: 2, path: "photo.jpg" }], receiptTo: "client@acme.example" });
    expect(told.receipt).toMatchObject({ sent: true });
    const mail = (await new Outbox(base.store).list()).find((entry) => entry.to.includes("client@acme.example"))!;
    expect(mail.subject).toMatch(/^Accusé de réception : 2 fichiers envoyés à Ana García \(.+\)$/);
    const parsed = await simpleParser((await new Outbox(base.store).eml(mail.id))!);
    expect(parsed.text).toMatch(/ces fichiers sont arrivés le .*1 mars 2030.*UTC/);
    expect(parsed.text).toContain("- contrat.pdf (2 KiB)");
    expect(parsed.html).toContain('<html lang="fr">');
    expect(`${mail.subject}${parsed.text}`).not.toContain(ADMIN.name);
    await profiles.save("acme-corp", { language: "de", timeZone: "Europe/Berlin" }, "test");
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
