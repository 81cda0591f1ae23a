import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config.js";
import { linkMail } from "../../lib/delivery/messages.js";
import { createMailer } from "../../lib/mail/create-mailer.js";
import { MailSendError } from "../../lib/mail/mailer.js";
import type { LinkRecord } from "../../lib/links/link-record.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";

/**
 * A stateful stand-in for the SES v2 API on loopback (no SES can be reached from here): it keeps
 * each SendEmail request as the SDK put it on the wire, and answers with the errors SES sends.
 */
async function startFakeSes() {
  const requests: { path: string; body: Record<string, any> }[] = [];
  let fault: { status: number; type: string; message: string } | undefined;
  const server: Server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => {
      if (fault) {
        res.writeHead(fault.status, { "content-type": "application/json", "x-amzn-errortype": fault.type });
        res.end(JSON.stringify({ message: fault.message }));
        return;
      }
      requests.push({ path: req.url ?? "", body: JSON.parse(text) as Record<string, any> });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ MessageId: `0100018c-${requests.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    fail(next: typeof fault) {
      fault = next;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const RECORD = {
  linkId: "BBBBBBBBBBBBBBBBBBBBBB",
  client: "acme-corp",
  url: "https://files.example.com/acme-corp/_links/BBBBBBBBBBBBBBBBBBBBBB.html?l=BBBBBBBBBBBBBBBBBBBBBB&Expires=1&Signature=x&Key-Pair-Id=K",
  issuedAt: "2030-01-01T00:00:00.000Z",
  expiresAt: "2030-01-08T00:00:00.000Z",
  fileCount: 3,
  bytes: 1000,
} as LinkRecord;

describe("sending through the Amazon SES v2 API", () => {
  let ses: Awaited<ReturnType<typeof startFakeSes>>;
  beforeAll(async () => {
    ses = await startFakeSes();
  });
  afterAll(async () => {
    await ses?.stop();
  });

  const mailer = () => {
    const config = loadConfig({
      env: { SHARE_CONFIG: "", SHARE_BUCKET: "acme-share-files", SHARE_PUBLIC_URL: "https://files.example.com", AWS_REGION: "eu-west-1", SHARE_MAIL_FROM: "shares@example.com" },
    });
    expect(config.mail.transport).toEqual({ kind: "ses", region: "eu-west-1" });
    const client = new SESv2Client({ region: "eu-west-1", endpoint: ses.endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });
    return createMailer(config, { store: new LocalObjectStore("/nonexistent"), clock: () => new Date(), ses: client });
  };
  const mail = linkMail({ record: RECORD, note: "Hello", sender: { person: "Example Ltd" }, look: { brand: {}, audience: { language: "en" } }, fromAddress: "shares@example.com", to: ["client@example.org"], replyTo: { name: "olivia", address: "olivia@example.com" } });

  it("sends the same raw message (both parts, Reply-To) as SendEmail with raw content", async () => {
    const sent = await mailer().send(mail);
    expect(sent.via).toBe("Amazon SES (eu-west-1)");
    const [request] = ses.requests;
    expect(request!.path).toBe("/v2/email/outbound-emails");
    const raw = Buffer.from(request!.body.Content.Raw.Data as string, "base64").toString("utf8");
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe("Your files from Example Ltd");
    expect(parsed.replyTo?.value).toEqual([{ name: "olivia", address: "olivia@example.com" }]);
    expect(parsed.text).toContain(RECORD.url);
    expect(parsed.html).toContain("Open your files");
  });

  it("turns SES's refusals into messages that say what to fix, and knows nothing was sent", async () => {
    ses.fail({ status: 403, type: "AccessDeniedException", message: "User is not authorized to perform ses:SendEmail" });
    const denied = await mailer().send(mail).catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(MailSendError);
    expect((denied as MailSendError).notSent).toBe(true);
    expect((denied as Error).message).toMatch(/Amazon SES \(eu-west-1\) refused the message: User is not authorized.*needs ses:SendEmail and ses:SendRawEmail on the sender identity/);
    ses.fail({ status: 400, type: "MessageRejected", message: "Email address is not verified. The following identities failed the check: client@example.org" });
    const rejected = await mailer().send(mail).catch((error: unknown) => error);
    expect((rejected as Error).message).toMatch(/not verified.*while the account is in the SES sandbox, the recipients too/);
    ses.fail(undefined);
  });
});
