// The document of one link, as every link operation returns it: the record plus its status now.
import { z } from "zod";
import { recipientsOf } from "../../links/link-label.js";
import { LINK_STATUSES, linkStatus, type LinkRecord } from "../../links/link-record.js";

const delivery = z
  .object({
    id: z.string(),
    status: z.enum(["sending", "sent", "failed"]),
    at: z.string(),
    by: z.string(),
    to: z.array(z.string()),
    replyTo: z.string().optional(),
    via: z.string().optional().meta({ description: '"smtp://mail.example.com:587", "Amazon SES", "the outbox (...)"' }),
    messageId: z.string().optional(),
    error: z.string().optional(),
  })
  .meta({ id: "Delivery", description: "One sending of the link by e-mail (docs/delivery.md)" });

export const deliverySchema = delivery;

export const requestTermsSchema = z
  .object({
    maxFileSize: z.number().int().meta({ description: "Largest file, in bytes" }),
    maxTotal: z.number().int().optional().meta({ description: "Total bytes of every file received, when limited" }),
    maxFiles: z.number().int().optional().meta({ description: "Number of files, when limited" }),
    note: z.string().optional().meta({ description: "The operator's words on the upload page" }),
    closed: z.object({ at: z.string(), by: z.string() }).optional().meta({ description: "Closed: it takes no more files (the edge refuses its URLs)" }),
  })
  .meta({ id: "RequestTerms", description: "What a file request accepts (docs/requests.md)" });

export const linkSchema = z
  .object({
    linkId: z.string().meta({ description: "Random, URL-safe id; the l= parameter of every URL of the link" }),
    client: z.string(),
    url: z.string().meta({ description: "The signed URL of the client's index page: the one link to send" }),
    pageKey: z.string().meta({ description: "Object key of the index page" }),
    issuedBy: z.string(),
    issuedAt: z.string(),
    expiresAt: z.string(),
    notBefore: z.string().optional(),
    ipRange: z.string().optional(),
    keyPairId: z.string(),
    hashAlgorithm: z.enum(["SHA1", "SHA256"]),
    mode: z.enum(["per-file", "folder", "request"]).meta({ description: "request: a file request (docs/requests.md), whose page takes files from the client" }),
    selection: z.array(z.string()).optional().meta({ description: "The sub-folders and files the link covers; absent for the whole folder" }),
    renewedFrom: z.string().optional().meta({ description: "The link this one was issued again from" }),
    label: z.string().optional().meta({ description: "The operator's words for the link (docs/links.md#labels-and-search)" }),
    recipients: z.array(z.string()).optional().meta({ description: "Who the link is for: the addresses it was sent to and whatever an operator wrote" }),
    fileCount: z.number().int(),
    bytes: z.number().int(),
    skipped: z
      .object({ count: z.number().int(), examples: z.array(z.object({ key: z.string(), reason: z.string() })) })
      .optional()
      .meta({ description: "Files left off the page because they cannot be shared as they are (a name no viewer can download)" }),
    held: z
      .object({ count: z.number().int(), examples: z.array(z.object({ key: z.string(), reason: z.string() })) })
      .optional()
      .meta({ description: "Files left off the page because their malware scan does not say clean (docs/scanning.md)" }),
    pending: z.literal(true).optional().meta({ description: "Set while the page is being written; left by a publication that did not finish" }),
    request: requestTermsSchema.optional().meta({ description: "Set for a file request: its limits, note and when it was closed" }),
    deliveries: z.array(delivery).optional(),
    revoked: z.object({ at: z.string(), by: z.string(), reason: z.string(), rotationId: z.string().optional() }).optional(),
    status: z.enum(LINK_STATUSES).meta({ description: "scheduled (its start is ahead), active, expired or revoked, now" }),
  })
  .meta({ id: "Link", description: "A link: its record (portal/links/<client>/<linkId>.json) and its status now" });

export type LinkView = z.input<typeof linkSchema>;

/** The record with its status at `now` (and, for a record written before recipients were kept, the addresses it was sent to). */
export function linkView(record: LinkRecord, now: Date): LinkView {
  const recipients = recipientsOf(record);
  return { ...record, ...(recipients.length > 0 ? { recipients } : {}), status: linkStatus(record, now) };
}
