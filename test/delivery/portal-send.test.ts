import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MailConfig } from "../../lib/config.js";
import { ClientProfiles } from "../../lib/files/client-profiles.js";
import { Outbox, OutboxMailer } from "../../lib/mail/outbox.js";
import { SendLimiter } from "../../lib/mail/send-limit.js";
import { MailSettingsStore } from "../../lib/delivery/mail-settings.js";
import { ADMIN, asUser, issueThroughForm, portal, postForm, postJson, session, storeWithUsers, type ServiceOverrides, type TestPortal, type TestStore } from "../portal/fixture.js";

const MAIL: MailConfig = { transport: { kind: "outbox" }, from: "shares@example.com", ownDomains: ["example.com"], perUserPerHour: 6, remindBeforeMs: 2 * 86_400_000 };

describe("sending a link from the portal (issued-link page, API, E-mail page, Outbox)", () => {
  let base: TestStore;
  let p: TestPortal;
  let delivery: NonNullable<ServiceOverrides["delivery"]>;

  beforeAll(async () => {
    base = await storeWithUsers();
    await new ClientProfiles(base.store, () => new Date()).save("acme-corp", { contacts: ["buyer@acme.example"] }, "test");
    const clock = () => p.clock();
    delivery = { mailer: new OutboxMailer(base.store, clock), mail: MAIL, limiter: new SendLimiter(clock, MAIL.perUserPerHour) };
    p = portal(base, { delivery });
  });
  afterAll(async () => {
    await base?.cleanup();
  });

  it("without a name as clients see it, proposes no message, says what to set, and sends nothing naming the login", async () => {
    const s = await session(p, ADMIN);
    const { linkId, location } = await issueThroughForm(p, s, "acme-corp", { expiry: "7d" });
    const page = await (await p.app.request(location, asUser(s.cookie))).text();
    expect(page).toContain("needs your name as clients see it: set your name as clients see it on the portal&#39;s E-mail page");
    expect(page).not.toContain(`files from ${ADMIN.name}`);
    const refused = await p.app.request(`/api/links/${linkId}/send`, postJson(s, { to: ["a@x.example"] }));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("has no name set: set your name as clients see it on the portal's E-mail page");
    expect(await new Outbox(base.store).list()).toEqual([]);
    // Set on the E-mail page, the name signs what adam sends from now on.
    expect((await p.app.request("/mail", postForm(s, { displayName: "Adam Smith", notifications: "on" }))).status).toBe(303);
    expect(await (await p.app.request(location, asUser(s.cookie))).text()).toContain("here are your files from Adam Smith");
  });

  it("proposes the client's contacts and a message, sends, and shows what was sent", async () => {
    const s = await session(p);
    await new MailSettingsStore(base.store, () => new Date()).save("olivia", { notifications: true, displayName: "Olivia Newton" });
    const { linkId, location } = await issueThroughForm(p, s, "acme-corp", { expiry: "7d" });
    const page = await (await p.app.request(location, asUser(s.cookie))).text();
    expect(page).toContain("Send by e-mail");
    expect(page).toMatch(/<textarea id="send-to" name="to"[^>]*>buyer@acme\.example<\/textarea>/);
    expect(page).toContain("here are your files from Olivia Newton");
    expect(page).toContain("the outbox (");

    const sent = await p.app.request(`/links/${linkId}/send?client=acme-corp`, postForm(s, { to: "buyer@acme.example, boss@acme.example", message: "Hi <b>team</b>,\n\nthe files." }));
    expect(sent.status).toBe(303);
    const after = await (await p.app.request(sent.headers.get("location")!, asUser(s.cookie))).text();
    expect(after).toContain("Sent to buyer@acme.example, boss@acme.example through the outbox");
    expect(after).toMatch(/by olivia to buyer@acme\.example, boss@acme\.example: sent/);
    // The form does not come back filled with the same recipients and words; a link opens a fresh one.
    expect(after).not.toContain('id="send-to"');
    expect(after).toContain(`<a href="/links/${linkId}/issued?client=acme-corp#send">Send it to someone else</a>`);

    const [entry] = await new Outbox(base.store).list();
    expect(entry).toMatchObject({ kind: "link", linkId, to: ["buyer@acme.example", "boss@acme.example"], subject: "Your files from Olivia Newton" });
    expect(entry!.text).toContain("Hi <b>team</b>,\n\nthe files.");
    const parsed = await simpleParser((await new Outbox(base.store).eml(entry!.id))!);
    expect(parsed.html).toContain("Hi &lt;b&gt;team&lt;/b&gt;"); // the HTML part shows it as typed
  });

  it("refuses hostile input on the page with 400, keeping what was typed (escaped), and sends nothing", async () => {
    const s = await session(p);
    const { linkId } = await issueThroughForm(p, s, "globex", { expiry: "7d" });
    const before = (await new Outbox(base.store).list()).length;
    const crlf = await p.app.request(`/links/${linkId}/send?client=globex`, postForm(s, { to: "a@example.com\u202e", message: "<script>alert(1)</script>" }));
    expect(crlf.status).toBe(400);
    const html = await crlf.text();
    expect(html).toMatch(/Not sent: recipient .* contains a control or invisible character \(U\+202E\)/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert(1)</script>");
    const many = await p.app.request(`/links/${linkId}/send?client=globex`, postForm(s, { to: Array.from({ length: 60 }, (_, i) => `u${i}@x.example`).join("\n"), message: "hi" }));
    expect(many.status).toBe(400);
    expect(await many.text()).toContain("60 addresses given, one message goes to at most 50");
    expect((await new Outbox(base.store).list()).length).toBe(before);
  });

  it("refuses a POST without the form's CSRF token", async () => {
    const s = await session(p);
    const { linkId } = await issueThroughForm(p, s, "globex", { expiry: "7d" });
    const response = await p.app.request(`/links/${linkId}/send`, postForm({ cookie: s.cookie, token: "forged" }, { to: "a@example.com" }));
    expect(response.status).toBe(403);
  });

  it("limits recipients per user and hour: 429 with Retry-After, other users unaffected", async () => {
    const s = await session(p);
    const { linkId } = await issueThroughForm(p, s, "globex", { expiry: "7d" });
    // olivia sent to 2 above; 6 per hour allowed
    expect((await p.app.request(`/api/links/${linkId}/send`, postJson(s, { to: ["a@x.example", "b@x.example", "c@x.example"] }))).status).toBe(200);
    const over = await p.app.request(`/api/links/${linkId}/send`, postJson(s, { to: ["d@x.example", "e@x.example"] }));
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await over.json()) as { error: { message: string } }).error.message).toMatch(/may send to 6 recipients per hour \(SHARE_MAIL_PER_HOUR\) and have sent to 5/);
    const admin = await session(p, { name: "adam", password: "admin-password-12345" });
    expect((await p.app.request(`/api/links/${linkId}/send`, postJson(admin, { contacts: false, to: "d@x.example" }))).status).toBe(200);
    p.advance(3_600_001);
    const later = await session(p);
    expect((await p.app.request(`/api/links/${linkId}/send`, postJson(later, { to: ["d@x.example", "e@x.example"] }))).status).toBe(200);
  });

  it("the API sends to the client's contacts, and refuses a revoked link", async () => {
    const s = await session(p, { name: "adam", password: "admin-password-12345" });
    const { linkId } = await issueThroughForm(p, s, "acme-corp", { expiry: "7d" });
    const sent = await p.app.request(`/api/links/${linkId}/send`, postJson(s, { contacts: true }));
    expect(sent.status).toBe(200);
    expect(((await sent.json()) as { delivery: { to: string[] } }).delivery.to).toEqual(["buyer@acme.example"]);
    expect((await p.app.request(`/links/${linkId}/revoke`, postForm(s, {}))).status).toBe(303);
    const refused = await p.app.request(`/api/links/${linkId}/send`, postJson(s, { contacts: true }));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(`link ${linkId} is revoked: issue a new link and send that one`);
    const noContacts = await p.app.request(`/api/links/${(await issueThroughForm(p, s, "globex")).linkId}/send`, postJson(s, { contacts: true }));
    expect(((await noContacts.json()) as { error: { message: string } }).error.message).toMatch(/globex has no contact addresses/);
  });

  it("the E-mail page keeps the user's address (checked) and notification choice", async () => {
    const s = await session(p);
    expect(await (await p.app.request("/mail", asUser(s.cookie))).text()).toContain("Links are sent through the outbox");
    const bad = await p.app.request("/mail", postForm(s, { address: "olivia@example.com\r\nBcc: x@example.com", notifications: "on" }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/your address .* contains a control or invisible character/);
    expect((await p.app.request("/mail", postForm(s, { address: "Olivia@Example.com" }))).status).toBe(303);
    const page = await (await p.app.request("/mail", asUser(s.cookie))).text();
    expect(page).toContain('value="olivia@example.com"');
    expect(page).not.toMatch(/name="notifications" value="on" checked/);
    // Replies to links olivia sends now go to her.
    const { linkId } = await issueThroughForm(p, s, "acme-corp", { expiry: "7d" });
    p.advance(3_600_001);
    const later = await session(p);
    expect((await p.app.request(`/api/links/${linkId}/send`, postJson(later, { to: "x@acme.example" }))).status).toBe(200);
    const [latest] = await new Outbox(base.store).list();
    expect(latest!.replyTo).toBe("olivia@example.com");
  });

  it("the Outbox lists the messages, shows one, and hands out its .eml", async () => {
    const s = await session(p);
    const list = await (await p.app.request("/outbox", asUser(s.cookie))).text();
    const id = /href="\/outbox\/([^"]+)"/.exec(list)![1]!;
    const message = await (await p.app.request(`/outbox/${id}`, asUser(s.cookie))).text();
    expect(message).toContain("Download the message (.eml)");
    const eml = await p.app.request(`/outbox/${id}.eml`, asUser(s.cookie));
    expect(eml.headers.get("content-type")).toBe("message/rfc822");
    expect(eml.headers.get("content-disposition")).toBe(`attachment; filename="${id}.eml"`);
    expect(await eml.text()).toMatch(/^Content-Type: multipart\/alternative/m);
    expect((await p.app.request("/outbox/..%2F..%2Fusers%2Folivia", asUser(s.cookie))).status).toBe(404);
    expect((await p.app.request("/outbox")).status).toBe(303); // signed in only
  });

  it("a portal without delivery offers copy and paste only", async () => {
    const plain = portal(base);
    const s = await session(plain);
    const { location, linkId } = await issueThroughForm(plain, s, "globex");
    expect(await (await plain.app.request(location, asUser(s.cookie))).text()).not.toContain("Send by e-mail");
    expect((await plain.app.request(`/links/${linkId}/send`, postForm(s, { to: "a@example.com" }))).status).toBe(404);
    expect(await (await plain.app.request("/mail", asUser(s.cookie))).text()).toContain("e-mail is not set up");
  });
});
