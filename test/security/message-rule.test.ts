import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, type MailConfig } from "../../lib/config.js";
import { validateNote } from "../../lib/mail/mail-body.js";
import { Outbox, OutboxMailer } from "../../lib/mail/outbox.js";
import { SendLimiter } from "../../lib/mail/send-limit.js";
import { runInProcess } from "../support/run-command.js";
import { asUser, issueThroughForm, portal, postJson, session, storeWithUsers, type TestPortal, type TestStore } from "../portal/fixture.js";

const OWN = ["example.com"];

/** What common mail programs (Outlook, Gmail, Apple Mail, Thunderbird) turn into links, in the forms the review found. */
const LINKIFIED: [string, string][] = [
  ["a bare domain", "Also see evil-login.com for details."],
  ["a bare domain at the end of a sentence", "Log in at evil.co.uk."],
  ["a top-level domain that is also a file extension", "Open invoice.zip first."],
  ["a path on a bare domain", "Go to evil.net/reset"],
  ["an international domain", "Schauen Sie auf bücher.de nach"],
  ["www. with any ending", "see www.evil"],
  ["www. in capitals", "WWW.EVIL.EXAMPLE"],
  ["a scheme with backslashes", "http:\\\\evil.com\\login"],
  ["a network path", "\\\\fileserver\\share\\payload.exe"],
  ["full-width letters and dot", "ｅｖｉｌ．ｃｏｍ"],
  ["full-width www.", "ｗｗｗ．ｅｖｉｌ．ｅｘａｍｐｌｅ"],
  ["an ideographic full stop", "evil。com"],
  ["a halfwidth ideographic full stop", "evil｡com"],
  ["an e-mail address elsewhere", "Write to payments@evil-partner.org"],
  ["a full-width at sign", "payments＠evil-partner.org"],
  ["mailto: elsewhere", "mailto:payments@evil-partner.org"],
  ["a dotted IPv4 address", "server 203.0.113.7"],
  ["javascript:", "javascript:alert(1)"],
  ["a look-alike of the own domain", "example.com.evil.com"],
  ["the own domain as user info", "https://example.com@evil.com/"],
  ["a neighbour of the own domain", "evil-example.com"],
];

/** Issue 21, item 6: the message rule stopped only "scheme://" and "www.", so "evil.com" went out and mail programs linked it. */
describe("the message rule", () => {
  it.each(LINKIFIED)("refuses %s", (_what, text) => {
    expect(() => validateNote(`Hello,\n\n${text}\n\nRegards`, OWN)).toThrow(/message: contains a link of its own/);
  });

  it("lets a normal e-mail signature on the organisation's own domains through", () => {
    const signature = "Hello,\n\nhere are the reports (3.5 MB, v1.2, e.g. q1.pdf and data.csv).\n\nBest regards,\nOlivia Ops\nolivia@example.com | ops@mail.example.com\nwww.example.com, https://www.example.com/contact\n+44 20 7946 0958";
    expect(validateNote(signature, OWN)).toBe(signature);
  });

  it("without own domains, the same signature is refused and the refusal names the setting", () => {
    expect(() => validateNote("olivia@example.com", [])).toThrow(/an e-mail address, "olivia@example\.com".*SHARE_MAIL_OWN_DOMAINS/);
  });

  it("reads SHARE_MAIL_OWN_DOMAINS (IDN in its xn-- form), defaults to the From address's domain, and checks the sender name with it", () => {
    const env = { SHARE_DATA_DIR: "/tmp/x", SHARE_MAIL_FROM: "shares@example.org" };
    expect(loadConfig({ env }).mail.ownDomains).toEqual(["example.org"]);
    expect(loadConfig({ env: { ...env, SHARE_MAIL_OWN_DOMAINS: "Example.com, bücher.de" } }).mail.ownDomains).toEqual(["example.com", "xn--bcher-kva.de"]);
    expect(() => loadConfig({ env: { ...env, SHARE_MAIL_OWN_DOMAINS: "not a domain" } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { ...env, PORTAL_SENDER_NAME: "Evil.com Ltd" } })).toThrow(/PORTAL_SENDER_NAME/);
    expect(loadConfig({ env: { ...env, PORTAL_SENDER_NAME: "Example.org Ltd" } }).mail.senderName).toBe("Example.org Ltd");
  });
});

describe("the portal and the CLI say so before sending, and send nothing that breaks it", () => {
  let base: TestStore;
  let p: TestPortal;
  let dir: string;
  const MAIL: MailConfig = { transport: { kind: "outbox" }, from: "shares@example.com", ownDomains: OWN, perUserPerHour: 50, remindBeforeMs: 86_400_000 };

  beforeAll(async () => {
    base = await storeWithUsers();
    dir = await mkdtemp(join(tmpdir(), "message-rule-"));
    const clock = () => p.clock();
    p = portal(base, { senderName: "Olivia Newton", delivery: { mailer: new OutboxMailer(base.store, clock), mail: MAIL, limiter: new SendLimiter(clock, 50) } });
  });
  afterAll(async () => {
    await base?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it("the send form states the rule with the own domains; the API refuses a bare domain with 400 and sends nothing", async () => {
    const s = await session(p);
    const { linkId, location } = await issueThroughForm(p, s, "acme-corp", { expiry: "7d" });
    const page = await (await p.app.request(location, asUser(s.cookie))).text();
    expect(page).toMatch(/Write no web or e-mail address: mail programs turn web and e-mail addresses into links[^<]*addresses on example\.com may stay/);
    const refused = await p.app.request(`/api/links/${linkId}/send`, postJson(s, { to: ["buyer@acme.example"], message: "Please also log in at evil-login.com" }));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("evil-login.com");
    expect(await new Outbox(base.store).list()).toEqual([]);
    const signed = await p.app.request(`/api/links/${linkId}/send`, postJson(s, { to: ["buyer@acme.example"], message: "Your files.\n\nolivia@example.com" }));
    expect(signed.status).toBe(200);
  });

  it("issue --message refuses before the link is issued", async () => {
    const env = { SHARE_DATA_DIR: join(dir, "data"), SHARE_MAIL_FROM: "shares@example.com" };
    const result = await runInProcess(["issue", "acme-corp", "--expires", "1d", "--to", "buyer@acme.example", "--message", "see ｗｗｗ．ｅｖｉｌ．ｃｏｍ"], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--message: .*www\.evil\.com/);
    expect(result.stdout).toBe("");
    expect(existsSync(join(dir, "data", "portal", "links"))).toBe(false);
  });
});
