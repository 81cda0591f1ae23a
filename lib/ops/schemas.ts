// Schemas several operations share: the values callers send, described once.
import { z } from "zod";
import { LINK_ID_PATTERN as GUARDED_ID } from "../links/link-id-param.js";

/** A client folder's name (the rule itself is lib/links/layout.ts' validateClientName, applied by the operations). */
export const clientName = z.string({ error: "is required: the client folder's name" }).min(1, { error: "is required: the client folder's name" }).max(1024).meta({ description: "The client folder's name", example: "acme-corp" });

/**
 * A link id as links are issued: 22 characters of base64url. Any other text names no link: the
 * operations answer not-found (lib/ops/links/find-link.ts), as for an id nobody issued.
 */
export const linkId = z
  .string({ error: "is required: the link id" })
  .min(1, { error: "is required: the link id" })
  .max(256)
  .meta({ description: "The link id (22 characters of base64url)", example: "q7B0oGd1Sm2yTzP4hJ8c0A" });

/** Any id the edge guard accepts: an issued link's, or one given to `sign --link-id`. */
export const guardedLinkId = z
  .string({ error: "is required: the link id" })
  .regex(GUARDED_ID, { error: (issue) => `${JSON.stringify(issue.input)} is not a link id (22 to 128 characters of A-Z a-z 0-9 - _)` })
  .meta({ description: "A link id (22 to 128 characters of base64url)" });

/** When: a duration from now ("7d", "12h"), an ISO 8601 instant (UTC when it has no zone) or epoch seconds. */
export const instant = (what: string) =>
  z.string({ error: `is required: ${what}, a duration like "7d" or an ISO 8601 date` }).min(1).max(100).meta({ description: `${what}: a duration from now ("7d", "12h"), an ISO 8601 instant (UTC when it has no zone) or epoch seconds`, example: "7d" });

/** E-mail addresses: a list, or one text with addresses separated by commas. */
export const recipients = z
  .union([z.string().max(10_000), z.array(z.string().max(320))], { error: "must be an e-mail address or a list of them" })
  .meta({ description: "E-mail addresses: a list, or one text of addresses separated by commas (at most 50)", example: ["buyer@example.com"] });

/** The schema's description of a field, in short. */
export function described<T extends z.ZodType>(schema: T, description: string): T {
  return schema.meta({ description }) as T;
}

/**
 * A list's page size: a whole number from 1 to 1000, as a number (JSON) or as digits (a query
 * string, a command-line flag). Absent: the whole list, read a page at a time.
 */
export const pageLimit = z
  .union([z.int().min(1).max(1000), z.string().regex(/^(1000|[1-9][0-9]{0,2})$/)], { error: "must be a whole number from 1 to 1000" })
  .meta({ description: "At most this many items (1 to 1000); the result's next then gives the following page. Absent: every item", example: 50 });

/** The `next` of the previous page of a list, given back as it was. */
export const pageCursor = z.string().min(1).max(2048).meta({ description: "The next of the previous page (with limit)" });

/** The number a pageLimit holds. */
export function limitOf(limit: number | string | undefined): number | undefined {
  return limit === undefined ? undefined : Number(limit);
}

/** A link's label: one line of plain text (lib/links/link-label.ts checks it: length, control characters). */
export const linkLabel = z
  .string({ error: "must be text" })
  .max(1000)
  .meta({ description: 'The operator\'s words for the link, one line of at most 120 characters ("March invoices for Jane"); "" removes it', example: "March invoices" });

/** Who a link is for: a list, or one text of entries separated by commas. */
export const linkRecipients = z
  .union([z.string().max(20_000), z.array(z.string().max(1000)).max(1000)], { error: "must be a list of recipients or one text of them separated by commas" })
  .meta({ description: "Who the link is for (addresses or names, at most 50): a list, or one text separated by commas; [] or \"\" removes them", example: ["buyer@example.com"] });

/** The recipients of a linkRecipients value as a list. */
export function recipientList(value: string | string[]): string[] {
  return typeof value === "string" ? value.split(",") : value;
}
