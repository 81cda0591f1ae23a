import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import type { AppEnv } from "../env.js";
import { Signer } from "../../lib/signed-token.js";

/** How long the second step may take after the password was right. */
export const PENDING_TTL_MS = 10 * 60 * 1000;
const PATH = "/sign-in";

const pendingSchema = z.object({
  user: z.string(),
  /** code: ask for a TOTP or recovery code; enrol: two-factor sign-in is required and not set up yet. */
  stage: z.enum(["code", "enrol"]),
  next: z.string(),
  /** When the password was checked (epoch ms): the pending step dies with a password change. */
  at: z.number().int(),
});
export type PendingSignIn = z.infer<typeof pendingSchema>;

/**
 * Between a right password and the second step: a signed, short-lived cookie scoped to /sign-in
 * that names the user. It grants nothing but the second step's form; the session starts after it.
 */
export class PendingSignIns {
  private readonly signer: Signer;
  readonly name: string;

  constructor(
    secret: string,
    private readonly secure: boolean,
  ) {
    this.signer = new Signer(secret, "pending-sign-in");
    this.name = secure ? "__Secure-signed-share-pending" : "signed-share-pending";
  }

  start(c: Context<AppEnv>, pending: PendingSignIn): void {
    setCookie(c, this.name, this.signer.seal(pending), { httpOnly: true, sameSite: "Strict", secure: this.secure, path: PATH, maxAge: PENDING_TTL_MS / 1000 });
  }

  read(c: Context<AppEnv>, now: Date): PendingSignIn | undefined {
    const parsed = pendingSchema.safeParse(this.signer.open(getCookie(c, this.name)));
    if (!parsed.success) return undefined;
    const age = now.getTime() - parsed.data.at;
    return age >= 0 && age < PENDING_TTL_MS ? parsed.data : undefined;
  }

  /** Ends the pending step; a request that had none gets no Set-Cookie for it. */
  clear(c: Context<AppEnv>): void {
    if (getCookie(c, this.name) === undefined) return;
    deleteCookie(c, this.name, { path: PATH, secure: this.secure, httpOnly: true, sameSite: "Strict" });
  }
}
