import { randomBytes } from "node:crypto";
import { z } from "zod";
import { ROLES } from "../../lib/users/roles.js";
import { Signer } from "../../lib/signed-token.js";

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** Sessions issued further in the future than this are refused (clock skew between portals). */
const FUTURE_TOLERANCE_MS = 60 * 1000;

const sessionSchema = z.object({
  /** random session id: CSRF tokens derive from it */
  sid: z.string().min(16),
  user: z.string().min(1),
  role: z.enum(ROLES),
  source: z.enum(["local", "oidc"]),
  /** issued-at and last-seen, epoch milliseconds */
  iat: z.number().int(),
  seen: z.number().int(),
});
export type Session = z.infer<typeof sessionSchema>;

export type SessionState =
  | { status: "valid"; session: Session }
  | { status: "none" | "invalid" | "idle-expired" | "expired" | "signed-out" };

/**
 * Signs, verifies and ages session cookies; expiry is enforced here from the injected time.
 * Signed-out sessions are remembered (in memory, until they would expire anyway) so that a
 * copy of the cookie stops working too.
 */
export class SessionCodec {
  private readonly signer: Signer;
  private readonly signedOut = new Map<string, number>();

  constructor(secret: string) {
    this.signer = new Signer(secret, "session");
  }

  create(user: Pick<Session, "user" | "role" | "source">, now: Date): Session {
    const ms = now.getTime();
    return { ...user, sid: randomBytes(18).toString("base64url"), iat: ms, seen: ms };
  }

  encode(session: Session): string {
    return this.signer.seal(session);
  }

  decode(cookie: string | undefined, now: Date): SessionState {
    if (!cookie) return { status: "none" };
    const parsed = sessionSchema.safeParse(this.signer.open(cookie));
    if (!parsed.success) return { status: "invalid" };
    const session = parsed.data;
    const ms = now.getTime();
    if (session.iat > ms + FUTURE_TOLERANCE_MS || session.seen < session.iat) return { status: "invalid" };
    if (ms - session.iat >= ABSOLUTE_TIMEOUT_MS) return { status: "expired" };
    if (ms - session.seen >= IDLE_TIMEOUT_MS) return { status: "idle-expired" };
    if (this.signedOut.has(session.sid)) return { status: "signed-out" };
    return { status: "valid", session };
  }

  /** Refuses this session from now on (sign-out). */
  revoke(session: Session, now: Date): void {
    const ms = now.getTime();
    for (const [sid, expires] of this.signedOut) if (expires <= ms) this.signedOut.delete(sid);
    this.signedOut.set(session.sid, session.iat + ABSOLUTE_TIMEOUT_MS);
  }

  touch(session: Session, now: Date): Session {
    return { ...session, seen: Math.max(session.seen, now.getTime()) };
  }
}
