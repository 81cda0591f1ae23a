// The portal and the local edge: where they listen, the portal's address, session secret, proxies.
import { z } from "zod";
import { isHeaderSafe } from "../mail/address.js";
import { flag, got, port, secret, webUrl, type SettingsOf } from "./shared.js";
import type { OidcConfig } from "./oidc.js";
import { VIEWER_ADDRESS_RULES, type ViewerAddressRule } from "../activity/viewer-address.js";

/** PORTAL_REQUIRE_2FA: who must use two-factor sign-in with a local account (docs/portal.md#two-factor-sign-in). */
export const TWO_FACTOR_RULES = ["off", "admin", "all"] as const;
export type TwoFactorRule = (typeof TWO_FACTOR_RULES)[number];

export const portalSettings = {
  PORT: port(3000),
  PORTAL_HOST: z.string().regex(/^[0-9a-zA-Z.:-]+$/, { error: (issue) => `must be an interface address like 127.0.0.1 or 0.0.0.0${got(issue.input)}` }).default("127.0.0.1"),
  EDGE_PORT: port(3001),
  EDGE_TRUST_PROXY: flag(),
  PORTAL_URL: webUrl("https://share.example.com").optional(),
  PORTAL_SESSION_SECRET: secret("must be at least 32 characters (try: openssl rand -base64 48)", (t) => t.length >= 32).optional(),
  PORTAL_ADMIN_PASSWORD: z.string().optional(),
  PORTAL_TRUST_PROXY: flag(),
  PORTAL_SENDER_NAME: z
    .string()
    .refine((text) => isHeaderSafe(text) && text.length <= 200, {
      error: "must be one line of at most 200 characters without control, invisible or bidirectional characters (it is the From name of e-mails)",
    })
    .optional(),
  PORTAL_REQUIRE_2FA: z.enum(TWO_FACTOR_RULES, { error: (issue) => `must be off, admin or all${got(issue.input)}` }).default("off"),
  PORTAL_AUDIT_ADDRESS: z.enum(VIEWER_ADDRESS_RULES, { error: (issue) => `must be full, truncated or none${got(issue.input)}` }).default("full"),
};

export interface PortalConfig {
  port: number;
  /** Interface the portal listens on (PORTAL_HOST): loopback by default, 0.0.0.0 in a container. */
  host: string;
  edgePort: number;
  url?: string;
  sessionSecret?: string;
  adminPassword?: string;
  /** Who the ready-to-paste client message is from. */
  senderName?: string;
  /** Read the client address from X-Forwarded-For (only behind a reverse proxy you run). */
  trustProxy: boolean;
  /** The local edge reads the viewer's address from X-Forwarded-For (EDGE_TRUST_PROXY; only behind a proxy you run). */
  edgeTrustProxy: boolean;
  oidc?: OidcConfig;
  /** Who must use two-factor sign-in with a local account (PORTAL_REQUIRE_2FA). */
  requireTwoFactor: TwoFactorRule;
  /** What the audit trail keeps of a request's address (PORTAL_AUDIT_ADDRESS, docs/audit.md). */
  auditAddress: ViewerAddressRule;
}

export function portalConfig(s: SettingsOf<typeof portalSettings>, oidc: OidcConfig | undefined): PortalConfig {
  return {
    port: s.PORT,
    host: s.PORTAL_HOST,
    edgePort: s.EDGE_PORT,
    ...(s.PORTAL_URL ? { url: s.PORTAL_URL } : {}),
    ...(s.PORTAL_SESSION_SECRET ? { sessionSecret: s.PORTAL_SESSION_SECRET } : {}),
    ...(s.PORTAL_ADMIN_PASSWORD ? { adminPassword: s.PORTAL_ADMIN_PASSWORD } : {}),
    ...(s.PORTAL_SENDER_NAME ? { senderName: s.PORTAL_SENDER_NAME } : {}),
    trustProxy: s.PORTAL_TRUST_PROXY === "true",
    edgeTrustProxy: s.EDGE_TRUST_PROXY === "true",
    ...(oidc ? { oidc } : {}),
    requireTwoFactor: s.PORTAL_REQUIRE_2FA,
    auditAddress: s.PORTAL_AUDIT_ADDRESS,
  };
}
