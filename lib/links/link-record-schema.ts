// What a stored link record may hold (lib/links/link-record.ts describes each field), for the reads
// of LinkRecords (docs/contributing.md#json-stores). Tolerant on purpose: every record an earlier
// version wrote still reads. Records have gained fields over time (selection, deliveries, label,
// recipients, request, held, ...) and tools and tests write partial ones, so only the id and the
// client are required; a field that is there must have its type, and fields this version does not
// know are kept as they are (a later version's record is rewritten without losing them).
import { z } from "zod";

const text = z.string();
const texts = z.array(z.string());

const skippedFiles = z.looseObject({ count: z.number(), examples: z.array(z.looseObject({ key: text, reason: text })) });

const delivery = z.looseObject({
  id: text,
  status: z.enum(["sending", "sent", "failed"]),
  at: text,
  by: text,
  sender: text.optional(),
  to: texts,
  replyTo: text.optional(),
  via: text.optional(),
  messageId: text.optional(),
  error: text.optional(),
});

const requestTerms = z.looseObject({
  maxFileSize: z.number(),
  maxTotal: z.number().optional(),
  maxFiles: z.number().optional(),
  note: text.optional(),
  sender: text.optional(),
  closed: z.looseObject({ at: text, by: text }).optional(),
});

export const linkRecordSchema = z.looseObject({
  linkId: z.string().min(1),
  client: z.string().min(1),
  url: text.optional(),
  pageKey: text.optional(),
  pageObjects: texts.optional(),
  fileSetKey: text.optional(),
  issuedBy: text.optional(),
  issuedAt: text.optional(),
  expiresAt: text.optional(),
  notBefore: text.optional(),
  ipRange: text.optional(),
  keyPairId: text.optional(),
  hashAlgorithm: z.enum(["SHA1", "SHA256"]).optional(),
  mode: z.enum(["per-file", "folder", "request"]).optional(),
  selection: texts.optional(),
  renewedFrom: text.optional(),
  label: text.optional(),
  recipients: texts.optional(),
  fileCount: z.number().optional(),
  bytes: z.number().optional(),
  skipped: skippedFiles.optional(),
  held: skippedFiles.optional(),
  pending: z.literal(true).optional(),
  request: requestTerms.optional(),
  deliveries: z.array(delivery).optional(),
  revoked: z.looseObject({ at: text, by: text, reason: text, rotationId: text.optional() }).optional(),
});
