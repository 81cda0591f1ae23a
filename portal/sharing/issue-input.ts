import { z } from "zod";
import { parseDuration } from "../../lib/duration.js";
import type { PublishRequest } from "../../lib/publishing/publisher.js";

/** What an issue request fixes besides the client and the issuer. */
export type IssueTerms = Omit<PublishRequest, "client" | "issuedBy">;

export type IssueInput = { ok: true; terms: IssueTerms } | { ok: false; error: string };

export const EXPIRY_PRESETS = ["1d", "7d", "30d", "90d"] as const;
export const DEFAULT_PRESET = "7d";

const DATETIME_LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** A `<input type="datetime-local">` value read as UTC (the form says so next to the field). */
export function parseUtcDateTime(text: string): Date | undefined {
  if (!DATETIME_LOCAL.test(text)) return undefined;
  const date = new Date(`${text}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The datetime-local value ("2030-01-01T12:00") of an instant, in UTC. */
export function toUtcDateTimeValue(date: Date): string {
  return date.toISOString().slice(0, 16);
}

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : typeof value === "string" ? value.trim() : value);

const optionalText = z.preprocess(blankToUndefined, z.string().max(200).optional());
const mode = z.preprocess(blankToUndefined, z.enum(["per-file", "folder"], { error: "must be per-file or folder" }).optional());
const hashAlgorithm = z.preprocess(blankToUndefined, z.enum(["SHA1", "SHA256"], { error: "must be SHA1 or SHA256" }).optional());
/** Paths inside the client's folder (lib/publishing/selection.ts checks each); none for the whole folder. */
const only = z.array(z.string({ error: "must be a list of paths" }).max(1024), { error: "must be a list of paths" }).max(1000, { error: "holds at most 1000 paths: choose folders instead" }).optional();

/** The issue form of the client page (application/x-www-form-urlencoded). */
export const issueFormSchema = z.object({
  expiry: z.preprocess(blankToUndefined, z.enum([...EXPIRY_PRESETS, "custom"], { error: "choose 1, 7, 30 or 90 days, or a custom date" }).default(DEFAULT_PRESET)),
  expiresAt: optionalText,
  mode,
  ip: optionalText,
  notBefore: optionalText,
  hashAlgorithm,
  only,
});
export type IssueForm = z.infer<typeof issueFormSchema>;

/** "field: message" for the first problem zod found, so that every error names its field. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join(".") : "body";
  return `${field}: ${issue.message}`;
}

/** Terms from the issue form: presets count from `now`; custom and start times are UTC. */
export function termsFromForm(body: Record<string, unknown>, now: Date): IssueInput & { form?: IssueForm } {
  const parsed = issueFormSchema.safeParse(body);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  const form = parsed.data;
  let expiresAt: Date | undefined;
  if (form.expiry === "custom") {
    expiresAt = form.expiresAt ? parseUtcDateTime(form.expiresAt) : undefined;
    if (!expiresAt) return { ok: false, error: "expiresAt: enter the custom expiry as a date and time (UTC)", form };
  } else {
    expiresAt = new Date(now.getTime() + parseDuration(form.expiry));
  }
  let notBefore: Date | undefined;
  if (form.notBefore) {
    notBefore = parseUtcDateTime(form.notBefore);
    if (!notBefore) return { ok: false, error: "notBefore: enter the start as a date and time (UTC)", form };
  }
  return { ok: true, terms: assemble(expiresAt, notBefore, form), form };
}

function assemble(expiresAt: Date, notBefore: Date | undefined, input: { mode?: IssueTerms["mode"]; ip?: string; hashAlgorithm?: IssueTerms["hashAlgorithm"]; only?: string[] | undefined }): IssueTerms {
  return {
    expiresAt,
    ...(notBefore ? { notBefore } : {}),
    ...(input.ip ? { ipRange: input.ip } : {}),
    ...(input.mode ? { mode: input.mode } : {}),
    ...(input.hashAlgorithm ? { hashAlgorithm: input.hashAlgorithm } : {}),
    ...(input.only && input.only.length > 0 ? { only: input.only } : {}),
  };
}
