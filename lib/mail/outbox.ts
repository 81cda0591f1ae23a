import { z } from "zod";
import { randomBytes } from "node:crypto";
import nodemailer from "nodemailer";
import { listAll } from "../storage/list-all.js";
import type { ObjectStore } from "../storage/object-store.js";
import { JsonCollection } from "../storage/json-collection.js";
import { readText } from "../storage/read-text.js";
import { MailSendError, nodemailerMessage, type Mailer, type OutgoingMail, type SentMail } from "./mailer.js";

/** Local mode's outbox: each message as an .eml file (what it would have sent) and a summary beside it. */
export const OUTBOX_PREFIX = "portal/outbox/";

/** What the Outbox page lists; the .eml holds the message itself. */
const outboxEntrySchema = z.object({
  id: z.string(),
  savedAt: z.string(),
  kind: z.custom<OutgoingMail["kind"]>((value) => typeof value === "string"),
  linkId: z.string().optional(),
  from: z.string(),
  to: z.array(z.string()),
  replyTo: z.string().optional(),
  subject: z.string(),
  text: z.string(),
  messageId: z.string(),
});

/** What the Outbox page shows of a message written to the outbox. */
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;

/** The outbox's JSON side: one entry per message, beside its .eml. */
function outboxEntries(store: ObjectStore): JsonCollection<typeof outboxEntrySchema> {
  return new JsonCollection(store, { prefix: OUTBOX_PREFIX, schema: outboxEntrySchema });
}

const ENTRY_ID = /^\d{8}T\d{6}Z-[a-f0-9]{8}$/;

export function isOutboxId(text: string): boolean {
  return ENTRY_ID.test(text);
}

/**
 * Writes messages instead of sending them: `portal/outbox/<id>.eml` in the data directory (open it
 * with any mail program) and `<id>.json` for the portal's Outbox page. Nothing leaves the machine.
 */
export class OutboxMailer implements Mailer {
  readonly kind = "outbox";
  readonly description: string;
  private readonly composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: () => Date,
  ) {
    this.description = `the outbox (${store.location}/${OUTBOX_PREFIX})`;
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const info = await this.composer.sendMail(nodemailerMessage(mail));
    const now = this.clock();
    const id = `${now.toISOString().replace(/[-:]|\.\d{3}/g, "")}-${randomBytes(4).toString("hex")}`;
    const entry: OutboxEntry = {
      id,
      savedAt: now.toISOString(),
      kind: mail.kind,
      ...(mail.linkId ? { linkId: mail.linkId } : {}),
      from: mail.from.address,
      to: mail.to,
      ...(mail.replyTo ? { replyTo: mail.replyTo.address } : {}),
      subject: mail.subject,
      text: mail.text,
      messageId: info.messageId,
    };
    try {
      await this.store.put(`${OUTBOX_PREFIX}${id}.eml`, info.message as Buffer, { contentType: "message/rfc822", cacheControl: "no-store" });
      await outboxEntries(this.store).put(id, entry);
    } catch (error) {
      throw new MailSendError(`the outbox could not be written: ${(error as Error).message.replace(/[.\s]+$/, "")}`, true, { cause: error });
    }
    return { messageId: info.messageId, accepted: mail.to, rejected: [], via: `the outbox (${OUTBOX_PREFIX}${id}.eml)` };
  }

  close(): void {}
}

/** Reads the outbox for the portal: newest first. */
export class Outbox {
  private readonly entries: JsonCollection<typeof outboxEntrySchema>;

  constructor(private readonly store: ObjectStore) {
    this.entries = outboxEntries(store);
  }

  async list(limit = 200): Promise<OutboxEntry[]> {
    const ids: string[] = [];
    for await (const object of listAll(this.store, OUTBOX_PREFIX)) {
      const id = this.entries.idOf(object.key);
      if (id !== undefined && isOutboxId(id)) ids.push(id);
    }
    ids.sort().reverse();
    const entries = await Promise.all(ids.slice(0, limit).map((id) => this.get(id)));
    return entries.filter((entry): entry is OutboxEntry => entry !== undefined);
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    if (!isOutboxId(id)) return undefined;
    return this.entries.get(id);
  }

  /** The message as sent, for download. */
  async eml(id: string): Promise<string | undefined> {
    if (!isOutboxId(id)) return undefined;
    return readText(this.store, `${OUTBOX_PREFIX}${id}.eml`);
  }
}
