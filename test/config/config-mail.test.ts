import { describe, expect, it } from "vitest";
import { OUTBOX_FROM } from "../../lib/config.js";
import { AWS_ENV, load, refusal, workdir } from "./helpers.js";

describe("e-mail settings", () => {
  it("local mode without settings writes to the outbox, reminders 2 days ahead, 100 recipients per user and hour", () => {
    expect(load({}).mail).toEqual({ transport: { kind: "outbox" }, from: OUTBOX_FROM, ownDomains: [], perUserPerHour: 100, remindBeforeMs: 2 * 86_400_000 });
  });

  it("SMTP_URL chooses SMTP: smtp:// on 587 with STARTTLS, smtps:// on 465, credentials decoded", () => {
    const cwd = workdir();
    expect(load({ SMTP_URL: "smtp://user%40example.com:p%40ss%2Fw@mail.example.com", SHARE_MAIL_FROM: "Shares@Example.com", SMTP_TLS_CA: "file://ca.pem" }, { cwd }).mail).toMatchObject({
      transport: { kind: "smtp", host: "mail.example.com", port: 587, secure: false, user: "user@example.com", password: "p@ss/w", caPath: `${cwd}/ca.pem` },
      from: "shares@example.com",
    });
    expect(load({ SMTP_URL: "smtps://email-smtp.eu-west-1.amazonaws.com", SHARE_MAIL_FROM: "a@example.com" }).mail.transport).toEqual({
      kind: "smtp",
      host: "email-smtp.eu-west-1.amazonaws.com",
      port: 465,
      secure: true,
    });
  });

  it("in AWS mode the stack output mailSender chooses the SES API in the stack's region; without it e-mail is off, saying how to turn it on", () => {
    const cwd = workdir({ bucketName: "acme-share-files", publicUrl: "https://files.example.com", region: "eu-west-1", mailSender: "shares@example.com" });
    expect(load({ SHARE_CONFIG: "stack.json" }, { cwd }).mail).toMatchObject({ transport: { kind: "ses", region: "eu-west-1" }, from: "shares@example.com" });
    const off = load(AWS_ENV).mail.transport;
    expect(off).toEqual({ kind: "off", reason: expect.stringMatching(/set SMTP_URL \(and SHARE_MAIL_FROM\), or SHARE_MAIL_FROM for Amazon SES/) });
  });

  it("refuses settings that cannot work, naming them", () => {
    expect(refusal({ SHARE_MAIL: "ses" })).toMatch(/SHARE_MAIL can be ses only with SHARE_BUCKET/);
    expect(refusal({ SHARE_MAIL: "smtp" })).toMatch(/SMTP_URL is required when SHARE_MAIL is smtp/);
    expect(refusal({ SHARE_MAIL: "pigeon" })).toMatch(/SHARE_MAIL must be smtp, ses, outbox or off/);
    expect(refusal({ SMTP_URL: "smtp://mail.example.com/path", SHARE_MAIL_FROM: "a@example.com" })).toMatch(/SMTP_URL must be smtp:\/\//);
    expect(refusal({ SHARE_MAIL_FROM: "Shares <shares@example.com>" })).toMatch(/SHARE_MAIL_FROM must be one e-mail address/);
    expect(refusal({ SHARE_REMIND_BEFORE: "soon" })).toMatch(/SHARE_REMIND_BEFORE must be a positive duration/);
    expect(refusal({ SHARE_MAIL_PER_HOUR: "-1" })).toMatch(/SHARE_MAIL_PER_HOUR must be a whole number/);
  });
});
