import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * HMAC-SHA256 helpers shared by the session cookie, the OIDC transaction cookie and CSRF tokens.
 * Each use derives its own key from the portal secret, so a value made for one use
 * never verifies as another.
 */
export class Signer {
  private readonly key: Buffer;

  constructor(secret: string, purpose: string) {
    this.key = createHmac("sha256", secret).update(`signed-share:${purpose}`).digest();
  }

  mac(data: string): string {
    return createHmac("sha256", this.key).update(data).digest("base64url");
  }

  /** `base64url(json).mac` */
  seal(payload: unknown): string {
    const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
    return `${body}.${this.mac(body)}`;
  }

  /** The parsed payload when the MAC matches; undefined for anything tampered or malformed. */
  open(token: string | undefined): unknown {
    if (!token) return undefined;
    const dot = token.indexOf(".");
    if (dot <= 0) return undefined;
    const body = token.slice(0, dot);
    if (!safeEqual(token.slice(dot + 1), this.mac(body))) return undefined;
    try {
      return JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    } catch {
      return undefined;
    }
  }
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
