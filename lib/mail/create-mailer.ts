import { readFileSync } from "node:fs";
import { SendEmailCommand, SESv2Client } from "@aws-sdk/client-sesv2";
import nodemailer from "nodemailer";
import type { Clock } from "../clock.js";
import { ConfigError, type Config } from "../config.js";
import type { ObjectStore } from "../storage/object-store.js";
import { DisabledMailer, NodemailerMailer, type Mailer } from "./mailer.js";
import { OutboxMailer } from "./outbox.js";

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1)$/;

export interface MailerParts {
  store: ObjectStore;
  clock: Clock;
  /** An SES client to reuse (tests inject one); created from the config's region otherwise. */
  ses?: SESv2Client;
}

/**
 * The one mailer of a process, from the validated configuration (docs/delivery.md):
 * SMTP through nodemailer (smtps:// TLS from the start; smtp:// upgraded with STARTTLS, which is
 * required unless the server is on loopback, so a password never crosses a network in clear), the
 * SES v2 API, or local mode's outbox.
 */
export function createMailer(config: Config, parts: MailerParts): Mailer {
  const transport = config.mail.transport;
  switch (transport.kind) {
    case "smtp": {
      const onLoopback = LOOPBACK.test(transport.host);
      const transporter = nodemailer.createTransport({
        host: transport.host,
        port: transport.port,
        secure: transport.secure,
        requireTLS: !transport.secure && !onLoopback,
        ...(transport.user ? { auth: { user: transport.user, pass: transport.password ?? "" } } : {}),
        tls: {
          minVersion: "TLSv1.2",
          ...(transport.caPath ? { ca: readCa(transport.caPath) } : {}),
        },
        connectionTimeout: 30_000,
        greetingTimeout: 30_000,
        socketTimeout: 60_000,
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      return new NodemailerMailer("smtp", `${transport.secure ? "smtps" : "smtp"}://${transport.host}:${transport.port}`, transporter);
    }
    case "ses": {
      const sesClient = parts.ses ?? new SESv2Client(transport.region ? { region: transport.region } : {});
      const transporter = nodemailer.createTransport({ SES: { sesClient, SendEmailCommand }, disableFileAccess: true, disableUrlAccess: true });
      return new NodemailerMailer("ses", `Amazon SES${transport.region ? ` (${transport.region})` : ""}`, transporter);
    }
    case "outbox":
      return new OutboxMailer(parts.store, parts.clock);
    case "off":
      return new DisabledMailer(transport.reason);
  }
}

function readCa(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError([`SMTP_TLS_CA names ${path}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
}
