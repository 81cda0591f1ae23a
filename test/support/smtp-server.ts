/**
 * A real SMTP server on loopback for tests (the `smtp-server` library): STARTTLS with a certificate
 * made here for localhost/127.0.0.1 by a throw-away CA (node-forge), AUTH PLAIN/LOGIN required,
 * every accepted message kept raw and parsed (mailparser).
 *
 *   const smtp = await startSmtpServer({ user: "mailer", password: "secret" });
 *   // SMTP_URL=smtp://mailer:secret@127.0.0.1:<smtp.port>  SMTP_TLS_CA=file://<smtp.caPath>
 *   smtp.messages[0].parsed.subject
 *   await smtp.stop();
 *
 * `requireTls` (default true) refuses MAIL FROM on a connection that did not upgrade; `rejectRcpt`
 * refuses chosen recipients with a 550, as a real server does for unknown mailboxes.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import forge from "node-forge";
import { SMTPServer, type SMTPServerSession } from "smtp-server";

export interface ReceivedMessage {
  from: string;
  to: string[];
  /** The authenticated user and whether the session ran over TLS when the message came. */
  user: string | undefined;
  secure: boolean;
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpTestServer {
  readonly port: number;
  /** PEM of the CA that signed the server's certificate (for SMTP_TLS_CA). */
  readonly caPath: string;
  readonly messages: ReceivedMessage[];
  /** Authentication attempts, accepted or not. */
  readonly authAttempts: { user: string; ok: boolean }[];
  stop(): Promise<void>;
}

export interface SmtpTestServerOptions {
  user: string;
  password: string;
  requireTls?: boolean;
  /** TLS from the first byte (smtps://, port 465 style) instead of STARTTLS. */
  secure?: boolean;
  rejectRcpt?: (address: string) => boolean;
}

function certificates(): { caPem: string; keyPem: string; certPem: string } {
  const pkcs1 = (bits: number) => generateKeyPairSync("rsa", { modulusLength: bits }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const caKey = forge.pki.privateKeyFromPem(pkcs1(2048));
  const serverKeyPem = pkcs1(2048);
  const serverKey = forge.pki.privateKeyFromPem(serverKeyPem);
  const publicOf = (key: forge.pki.rsa.PrivateKey) => forge.pki.setRsaPublicKey(key.n, key.e);
  const validity = (cert: forge.pki.Certificate) => {
    cert.validity.notBefore = new Date(Date.now() - 60_000);
    cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  };

  const ca = forge.pki.createCertificate();
  ca.publicKey = publicOf(caKey);
  ca.serialNumber = "01";
  validity(ca);
  const caName = [{ name: "commonName", value: "signed-share test SMTP CA" }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([{ name: "basicConstraints", cA: true }, { name: "keyUsage", keyCertSign: true, cRLSign: true }]);
  ca.sign(caKey, forge.md.sha256.create());

  const cert = forge.pki.createCertificate();
  cert.publicKey = publicOf(serverKey);
  cert.serialNumber = "02";
  validity(cert);
  cert.setSubject([{ name: "commonName", value: "localhost" }]);
  cert.setIssuer(caName);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
    { name: "extKeyUsage", serverAuth: true },
    { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }] },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { caPem: forge.pki.certificateToPem(ca), keyPem: serverKeyPem, certPem: forge.pki.certificateToPem(cert) };
}

export async function startSmtpServer(options: SmtpTestServerOptions): Promise<SmtpTestServer> {
  const { caPem, keyPem, certPem } = certificates();
  const dir = await mkdtemp(join(tmpdir(), "signed-share-smtp-"));
  const caPath = join(dir, "ca.pem");
  await writeFile(caPath, caPem);
  const messages: ReceivedMessage[] = [];
  const authAttempts: { user: string; ok: boolean }[] = [];
  const requireTls = options.requireTls ?? true;

  const server = new SMTPServer({
    secure: options.secure ?? false,
    key: keyPem,
    cert: certPem,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = auth.username === options.user && auth.password === options.password;
      authAttempts.push({ user: auth.username ?? "", ok });
      if (!ok) return callback(new Error("Invalid username or password"));
      callback(null, { user: auth.username });
    },
    onMailFrom(_address, session: SMTPServerSession, callback) {
      if (requireTls && !session.secure) return callback(Object.assign(new Error("Must issue a STARTTLS command first"), { responseCode: 530 }));
      if (!session.user) return callback(Object.assign(new Error("Authentication required"), { responseCode: 530 }));
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (options.rejectRcpt?.(address.address)) return callback(Object.assign(new Error(`Mailbox ${address.address} unavailable`), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw).then(
          (parsed) => {
            messages.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              to: session.envelope.rcptTo.map((r) => r.address),
              user: typeof session.user === "string" ? session.user : undefined,
              secure: session.secure,
              raw,
              parsed,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    caPath,
    messages,
    authAttempts,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
