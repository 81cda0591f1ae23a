import { z } from "zod";
import { Signer } from "../signed-token.js";

/** How long an upload may stay open between start and complete (longer ones start again, or resume within it). */
export const UPLOAD_SESSION_MS = 24 * 60 * 60 * 1000;
/** How long a part URL (presigned, or the portal's own in local mode) accepts its bytes. */
export const PART_URL_SECONDS = 60 * 60;

const sessionSchema = z.object({
  client: z.string(),
  path: z.string(),
  key: z.string(),
  uploadId: z.string(),
  size: z.number().int().nonnegative(),
  partSize: z.number().int().positive(),
  partCount: z.number().int().positive(),
  replace: z.boolean(),
  /** who started it: only they may send, complete or abort it */
  by: z.string(),
  /** epoch ms */
  exp: z.number().int(),
});
/** An open upload as the portal hands it to the browser or pipeline: signed, so nothing in it can be changed. */
export type UploadSession = z.infer<typeof sessionSchema>;

const partSchema = z.object({ key: z.string(), uploadId: z.string(), partNumber: z.number().int().positive(), length: z.number().int().nonnegative(), exp: z.number().int() });
/** What a local-mode part URL allows: one part of one upload, of exactly `length` bytes, until `exp`. */
export type PartGrant = z.infer<typeof partSchema>;

export type Opened<T> = { ok: true; value: T } | { ok: false; reason: "invalid" | "expired" };

/** Seals and opens upload sessions and part grants with keys derived from the portal secret. */
export class UploadTokens {
  private readonly sessions: Signer;
  private readonly parts: Signer;

  constructor(secret: string) {
    this.sessions = new Signer(secret, "upload-session");
    this.parts = new Signer(secret, "upload-part");
  }

  sealSession(session: UploadSession): string {
    return this.sessions.seal(session);
  }

  openSession(token: unknown, now: Date): Opened<UploadSession> {
    return open(sessionSchema, typeof token === "string" ? this.sessions.open(token) : undefined, now);
  }

  sealPart(grant: PartGrant): string {
    return this.parts.seal(grant);
  }

  openPart(token: string | undefined, now: Date): Opened<PartGrant> {
    return open(partSchema, this.parts.open(token), now);
  }
}

function open<T extends { exp: number }>(schema: z.ZodType<T>, payload: unknown, now: Date): Opened<T> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  if (parsed.data.exp <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, value: parsed.data };
}
