import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type LocalConfig } from "../../lib/config.js";
import { LinkRecords } from "../../lib/links/link-records.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { startLocalMode, type RunningLocalMode } from "../../portal/local/local-mode.js";
import { memoryLogger } from "../portal/fixture.js";
import { startSmtpServer, type SmtpTestServer } from "../support/smtp-server.js";

const PASSWORD = "admin-password-for-smtp-test";
const SMTP_USER = "mailer";
const SMTP_PASSWORD = "s3cret pass/word";

/** Signs in to a running portal over HTTP; returns what API calls need. */
async function apiSession(portalUrl: string) {
  const signIn = await fetch(`${portalUrl}/sign-in`, {
    method: "POST",
    body: new URLSearchParams({ username: "admin", password: PASSWORD }),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: portalUrl },
    redirect: "manual",
  });
  const cookie = signIn.headers.getSetCookie().map((line) => line.split(";", 1)[0]).join("; ");
  const session = (await (await fetch(`${portalUrl}/api/session`, { headers: { cookie } })).json()) as { csrfToken: string };
  return async (path: string, body: unknown) => {
    const response = await fetch(`${portalUrl}${path}`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { cookie, "content-type": "application/json", "x-csrf-token": session.csrfToken, origin: portalUrl },
    });
    return { status: response.status, json: (await response.json()) as Record<string, any> };
  };
}

/**
 * A real SMTP exchange on loopback: local mode's portal configured with SMTP_URL sends an issued
 * link to `smtp-server` over STARTTLS with AUTH; the message arrives with its recipients, subject
 * and both parts, and the link in it opens the page and downloads a file through the local edge.
 */
describe("sending a link over SMTP (STARTTLS, AUTH) to a server on loopback", () => {
  let smtp: SmtpTestServer;
  let dataDir: string;
  let running: RunningLocalMode;
  let post: Awaited<ReturnType<typeof apiSession>>;

  beforeAll(async () => {
    smtp = await startSmtpServer({ user: SMTP_USER, password: SMTP_PASSWORD, rejectRcpt: (address) => address.startsWith("unknown@") });
    dataDir = await mkdtemp(join(tmpdir(), "signed-share-smtp-e2e-"));
    const config = loadConfig({
      env: {
        SHARE_DATA_DIR: dataDir,
        PORT: "0",
        EDGE_PORT: "0",
        PORTAL_ADMIN_PASSWORD: PASSWORD,
        SMTP_URL: `smtp://${SMTP_USER}:${encodeURIComponent(SMTP_PASSWORD)}@localhost:${smtp.port}`,
        SMTP_TLS_CA: `file://${smtp.caPath}`,
        SHARE_MAIL_FROM: "shares@example.com",
        PORTAL_SENDER_NAME: "Exämple Ltd",
      },
    }) as LocalConfig;
    running = await startLocalMode(config, { logger: memoryLogger().logger });
    post = await apiSession(running.portalUrl);
  }, 60_000);

  afterAll(async () => {
    await running?.close();
    await smtp?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("delivers both parts to the recipients after STARTTLS and AUTH, and the link downloads through the local edge", async () => {
    const issued = await post("/api/clients/acme-corp/links", { expires: "7d" });
    expect(issued.status).toBe(201);
    const linkId = issued.json.link.linkId as string;
    const url = issued.json.url as string;

    const sent = await post(`/api/links/${linkId}/send`, { to: ["Client@Example.org", "second@example.org"], message: "Hello ACME,\n\nhere are the Q3 files. <b>not bold</b>" });
    expect(sent.status).toBe(200);
    expect(sent.json.delivery).toMatchObject({ status: "sent", to: ["client@example.org", "second@example.org"], via: `smtp://localhost:${smtp.port}` });

    expect(smtp.authAttempts).toEqual([{ user: SMTP_USER, ok: true }]);
    expect(smtp.messages).toHaveLength(1);
    const message = smtp.messages[0]!;
    expect(message.secure).toBe(true); // upgraded with STARTTLS before MAIL FROM
    expect(message.user).toBe(SMTP_USER);
    expect(message.from).toBe("shares@example.com");
    expect(message.to).toEqual(["client@example.org", "second@example.org"]);
    const mail = message.parsed;
    expect(mail.subject).toBe("Your files from Exämple Ltd");
    expect(mail.from?.value).toEqual([{ name: "Exämple Ltd", address: "shares@example.com" }]);
    expect(mail.replyTo).toBeUndefined(); // "admin" has no address yet
    expect(mail.text).toContain("Hello ACME,\n\nhere are the Q3 files. <b>not bold</b>");
    expect(mail.text).toContain(url);
    expect(mail.html).toContain("here are the Q3 files. &lt;b&gt;not bold&lt;/b&gt;");
    expect(mail.html).toContain(`href="${url.replaceAll("&", "&amp;")}"`);
    expect(mail.attachments).toEqual([]);

    // The link as the recipient gets it: from the text part, through the local edge.
    const linkInMail = /^(http:\/\/\S+)$/m.exec(mail.text ?? "")![1]!;
    expect(linkInMail).toBe(url);
    const page = await fetch(linkInMail);
    expect(page.status).toBe(200);
    const html = await page.text();
    const fileUrl = /href="([^"]*report-2026-q3\.csv[^"]*)"/.exec(html)![1]!.replaceAll("&amp;", "&");
    const file = await fetch(new URL(fileUrl, linkInMail));
    expect(file.status).toBe(200);
    expect(await file.text()).toContain("month");

    const record = await new LinkRecords({ store: new LocalObjectStore(dataDir), clock: () => new Date() }).get("acme-corp", linkId);
    expect(record?.deliveries).toEqual([expect.objectContaining({ status: "sent", by: "admin", to: ["client@example.org", "second@example.org"], messageId: mail.messageId })]);
  });

  it("sets Reply-To to the sender once they saved their address", async () => {
    const issued = await post("/api/clients/globex/links", { expires: "2d" });
    const linkId = issued.json.link.linkId as string;
    const { MailSettingsStore } = await import("../../lib/delivery/mail-settings.js");
    await new MailSettingsStore(new LocalObjectStore(dataDir), () => new Date()).save("admin", { address: "ops@example.com", notifications: true });
    const before = smtp.messages.length;
    expect((await post(`/api/links/${linkId}/send`, { to: "billing@example.net" })).status).toBe(200);
    expect(smtp.messages[before]!.parsed.replyTo?.value).toEqual([{ name: "admin", address: "ops@example.com" }]);
  });

  it("keeps the link and says why when the server refuses a recipient", async () => {
    const issued = await post("/api/clients/globex/links", { expires: "2d" });
    const linkId = issued.json.link.linkId as string;
    const before = smtp.messages.length;
    const failed = await post(`/api/links/${linkId}/send`, { to: ["unknown@example.org"] });
    expect(failed.status).toBe(502);
    expect(failed.json.error.message).toMatch(/was not sent: .*550.*Mailbox unknown@example.org unavailable.*The link itself exists and works/);
    expect(failed.json.delivery).toMatchObject({ status: "failed", to: ["unknown@example.org"] });
    expect(failed.json.link.status).toBe("active");
    expect(smtp.messages.length).toBe(before);
    const record = await new LinkRecords({ store: new LocalObjectStore(dataDir), clock: () => new Date() }).get("globex", linkId);
    expect(record?.deliveries?.[0]).toMatchObject({ status: "failed", error: expect.stringContaining("unknown@example.org") });
  });

  it("refuses hostile recipients and messages with 400 before anything is sent", async () => {
    const issued = await post("/api/clients/globex/links", { expires: "2d" });
    const linkId = issued.json.link.linkId as string;
    const before = smtp.messages.length;
    const crlf = await post(`/api/links/${linkId}/send`, { to: ["client@example.org\r\nBcc: all@example.com"] });
    expect(crlf.status).toBe(400);
    expect(crlf.json.error.message).toBe('recipient "Bcc:" is not an e-mail address like client@example.com'); // a line break separates addresses
    const tenThousand = await post(`/api/links/${linkId}/send`, { to: Array.from({ length: 10_000 }, (_, i) => `u${i}@example.com`) });
    expect(tenThousand.status).toBe(413); // the portal's body limit stops it before it is parsed
    expect(tenThousand.json.error.message).toMatch(/at most 64 KiB/);
    const thousand = await post(`/api/links/${linkId}/send`, { to: Array.from({ length: 1_000 }, (_, i) => `u${i}@example.com`) });
    expect(thousand.status).toBe(400);
    expect(thousand.json.error.message).toBe("recipients: 1000 addresses given, one message goes to at most 50; send it to a distribution list instead");
    const extraLink = await post(`/api/links/${linkId}/send`, { to: ["client@example.org"], message: "log in at https://evil.example" });
    expect(extraLink.status).toBe(400);
    expect(extraLink.json.error.message).toMatch(/only link a message may carry/);
    expect(smtp.messages.length).toBe(before);
    const record = await new LinkRecords({ store: new LocalObjectStore(dataDir), clock: () => new Date() }).get("globex", linkId);
    expect(record?.deliveries).toBeUndefined();
  });
});

describe("SMTP failures say what to fix, and that nothing was sent", () => {
  let smtp: SmtpTestServer;
  let dataDir: string;
  beforeAll(async () => {
    smtp = await startSmtpServer({ user: SMTP_USER, password: SMTP_PASSWORD });
    dataDir = await mkdtemp(join(tmpdir(), "signed-share-smtp-fail-"));
  });
  afterAll(async () => {
    await smtp?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const mailerWith = async (env: Record<string, string>) => {
    const { createMailer } = await import("../../lib/mail/create-mailer.js");
    const config = loadConfig({ env: { SHARE_DATA_DIR: dataDir, SHARE_MAIL_FROM: "shares@example.com", ...env } });
    return createMailer(config, { store: new LocalObjectStore(dataDir), clock: () => new Date() });
  };
  const mail = { kind: "link" as const, linkId: "x", from: { address: "shares@example.com" }, to: ["client@example.org"], subject: "s", text: "t", html: "<p>t</p>" };

  it("(and smtps://, TLS from the first byte, delivers)", async () => {
    const implicit = await startSmtpServer({ user: SMTP_USER, password: SMTP_PASSWORD, secure: true });
    try {
      const mailer = await mailerWith({ SMTP_URL: `smtps://${SMTP_USER}:${encodeURIComponent(SMTP_PASSWORD)}@localhost:${implicit.port}`, SMTP_TLS_CA: `file://${implicit.caPath}` });
      const sent = await mailer.send(mail);
      expect(sent.via).toBe(`smtps://localhost:${implicit.port}`);
      expect(implicit.messages.map((m) => [m.secure, m.to])).toEqual([[true, ["client@example.org"]]]);
      mailer.close();
    } finally {
      await implicit.stop();
    }
  });

  it("a wrong password", async () => {
    const mailer = await mailerWith({ SMTP_URL: `smtp://${SMTP_USER}:wrong@localhost:${smtp.port}`, SMTP_TLS_CA: `file://${smtp.caPath}` });
    await expect(mailer.send(mail)).rejects.toMatchObject({ notSent: true, message: expect.stringMatching(/Invalid username or password.*check the user and password in SMTP_URL/) });
    mailer.close();
  });

  it("a certificate nobody vouches for (no SMTP_TLS_CA)", async () => {
    const mailer = await mailerWith({ SMTP_URL: `smtp://${SMTP_USER}:x@localhost:${smtp.port}` });
    await expect(mailer.send(mail)).rejects.toMatchObject({ notSent: true, message: expect.stringMatching(/certificate.*SMTP_TLS_CA/) });
    mailer.close();
    expect(smtp.messages).toHaveLength(0);
  });

  it("an SMTP_URL that is not one, naming the setting without echoing the password", () => {
    expect(() => loadConfig({ env: { SMTP_URL: "https://user:hunter2@mail.example.com", SHARE_MAIL_FROM: "a@example.com" } })).toThrow(/^SMTP_URL must be smtp:\/\//);
    try {
      loadConfig({ env: { SMTP_URL: "https://user:hunter2@mail.example.com" } });
    } catch (error) {
      expect((error as Error).message).not.toContain("hunter2");
    }
    expect(() => loadConfig({ env: { SMTP_URL: "smtp://mail.example.com" } })).toThrow(/SHARE_MAIL_FROM is required to send e-mail/);
  });
});
