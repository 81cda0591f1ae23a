import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../lib/config.js";
import { linkMail } from "../../lib/delivery/messages.js";
import { headerText, MAX_RECIPIENTS, parseAddress, parseRecipients } from "../../lib/mail/address.js";
import { validateNote } from "../../lib/mail/mail-body.js";
import { Outbox, OutboxMailer } from "../../lib/mail/outbox.js";
import { SendLimiter } from "../../lib/mail/send-limit.js";
import { InvalidRequestError } from "../../lib/errors.js";
import type { LinkRecord } from "../../lib/links/link-record.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";

const RECORD: LinkRecord = {
  linkId: "AAAAAAAAAAAAAAAAAAAAAA",
  client: "acme-corp",
  url: "https://files.example.com/acme-corp/_links/AAAAAAAAAAAAAAAAAAAAAA.html?l=AAAAAAAAAAAAAAAAAAAAAA&Expires=1&Signature=x&Key-Pair-Id=K",
  pageKey: "client_files/acme-corp/_links/AAAAAAAAAAAAAAAAAAAAAA.html",
  issuedBy: "olivia",
  issuedAt: "2030-01-01T00:00:00.000Z",
  expiresAt: "2030-01-08T00:00:00.000Z",
  keyPairId: "K",
  hashAlgorithm: "SHA1",
  mode: "per-file",
  fileCount: 2,
  bytes: 10,
};

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return (error as Error).message;
  }
  throw new Error("not refused");
};

describe("addresses", () => {
  it("accepts plain addresses and lower-cases them", () => {
    expect(parseAddress("  Client@Example.ORG ")).toBe("client@example.org");
    expect(parseRecipients("a@example.com, b@example.com;\nc@example.com a@example.com")).toEqual(["a@example.com", "b@example.com", "c@example.com"]);
  });

  it.each([
    ["a CR/LF that would add a Bcc header", "client@example.org\r\nBcc: everyone@example.net", /control or invisible character \(U\+000D\)/],
    ["a bare LF", "client@example.org\nX: y", /U\+000A/],
    ["a display name", "Boss <boss@example.com>", /display name/],
    ["a right-to-left override", "client@exa\u202Eelpmax.org", /U\+202E/],
    ["a zero-width space", "cli\u200Bent@example.org", /U\+200B/],
    ["unicode in the domain", "client@exämple.org", /xn-- form/],
    ["a Cyrillic look-alike", "client@ехample.org", /outside ASCII/],
    ["no domain", "client@", /not an e-mail address/],
    ["an overlong address", `${"a".repeat(250)}@example.org`, /longer than 254/],
  ])("refuses %s, saying why", (_what, input, message) => {
    expect(refusal(() => parseAddress(input, "recipient"))).toMatch(message);
  });

  it(`refuses a list of 10,000 addresses before looking at them, and more than ${MAX_RECIPIENTS}`, () => {
    const tenThousand = Array.from({ length: 10_000 }, (_, i) => `user${i}@example.com`);
    expect(refusal(() => parseRecipients(tenThousand.join(",")))).toMatch(/longer than 20000 characters; one message goes to at most 50 addresses/);
    expect(refusal(() => parseRecipients(tenThousand.slice(0, 51)))).toBe("recipients: 51 addresses given, one message goes to at most 50; send it to a distribution list instead");
    expect(parseRecipients(tenThousand.slice(0, 50))).toHaveLength(50);
    expect(refusal(() => parseRecipients(" , ;"))).toMatch(/at least one/);
  });
});

describe("header text and the message body", () => {
  it("refuses CR/LF and bidirectional tricks in header text", () => {
    expect(refusal(() => headerText("Example\r\nBcc: x@example.com", "sender name"))).toMatch(/sender name contains a control/);
    expect(refusal(() => headerText("Example \u202Etd\u202C", "sender name"))).toMatch(/U\+202E/);
    expect(headerText("Ünïcødé Ltd 日本", "sender name")).toBe("Ünïcødé Ltd 日本");
  });

  it("refuses a sender name setting with a line break, at start-up", () => {
    expect(() => loadConfig({ env: { PORTAL_SENDER_NAME: "Example\r\nBcc: all@example.com" } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { PORTAL_SENDER_NAME: "Example\r\nBcc: all@example.com" } })).toThrow(/PORTAL_SENDER_NAME must be one line/);
  });

  it("refuses a message with a link of its own: a message carries only the one link", () => {
    expect(refusal(() => validateNote("Also see https://evil.example/login"))).toMatch(/contains a link of its own \(a web address, "https:\/\/evil\.example\/login"\)/);
    expect(refusal(() => validateNote("go to www.evil.example"))).toMatch(/link of its own/);
    expect(refusal(() => validateNote("x".repeat(5001)))).toMatch(/at most 5000 characters/);
  });

  it("shows HTML in the message as typed: escaped in the HTML part, never markup, and one link only", () => {
    const note = validateNote(`<script>alert(1)</script> <img src="http:x"> & <a href="javascript:x">click</a>`.replace("http:x", "x").replace("javascript:x", "x"));
    const mail = linkMail({ record: RECORD, note, sender: { person: "Example" }, look: { brand: {}, audience: { language: "en" } }, fromAddress: "shares@example.com", to: ["client@example.org"] });
    expect(mail.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=&quot;x&quot;&gt; &amp; &lt;a href=&quot;x&quot;&gt;click&lt;/a&gt;");
    expect(mail.html).not.toMatch(/<script|<img/);
    expect(mail.html.match(/<a /g)).toHaveLength(1);
    expect(mail.html).not.toMatch(/\ssrc="|url\(|@import|<link/i); // nothing remote, no tracking pixel
    expect(mail.text).toContain(note);
  });
});

describe("the message on the wire", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "signed-share-wire-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("encodes a unicode sender name and keeps every header on its line", async () => {
    const store = new LocalObjectStore(dir);
    const mailer = new OutboxMailer(store, () => new Date("2030-01-01T00:00:00Z"));
    const mail = linkMail({
      record: RECORD,
      note: "Hello",
      sender: { person: "Ünïcødé \"Quoted\" Ltd, <admin@example.com>" },
      look: { brand: {}, audience: { language: "en" } },
      fromAddress: "shares@example.com",
      to: ["client@example.org"],
      replyTo: { name: "olivia", address: "olivia@example.com" },
    });
    await mailer.send(mail);
    const [entry] = await new Outbox(store).list();
    const raw = (await new Outbox(store).eml(entry!.id))!;
    const head = raw.slice(0, raw.indexOf("\r\n\r\n"));
    expect(head).not.toMatch(/[^\x00-\x7f]/); // every header ASCII: unicode went out encoded
    const parsed = await simpleParser(raw);
    expect(parsed.from?.value).toEqual([{ name: 'Ünïcødé "Quoted" Ltd, <admin@example.com>', address: "shares@example.com" }]);
    expect(parsed.replyTo?.value).toEqual([{ name: "olivia", address: "olivia@example.com" }]);
    expect((parsed.to as { value: unknown[] }).value).toEqual([{ name: "", address: "client@example.org" }]);
    expect(parsed.subject).toBe('Your files from Ünïcødé "Quoted" Ltd, <admin@example.com>');
    expect(parsed.headers.get("bcc")).toBeUndefined();
  });
});

describe("the per-user sending limit", () => {
  it("counts recipients per user in a sliding hour and says when to try again", () => {
    let now = 0;
    const limiter = new SendLimiter(() => new Date(now), 10);
    limiter.take("olivia", 6);
    limiter.take("adam", 10);
    expect(() => limiter.take("olivia", 5)).toThrow(/may send to 10 recipients per hour .* have sent to 6 in the last hour; this message has 5. Try again in 60 min/);
    limiter.take("olivia", 4);
    now = 3_600_001;
    limiter.take("olivia", 10);
  });
});
