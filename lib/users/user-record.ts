import { z } from "zod";
import { ROLES } from "./roles.js";

/**
 * A local account as stored under `portal/users/<name>.json` (docs/portal.md#accounts). Never
 * served; the password is a scrypt hash, recovery codes are SHA-256 hashes, and the TOTP secret is
 * kept as the authenticator app holds it (a TOTP check needs the secret itself).
 */
export const userRecord = z.object({
  name: z.string(),
  role: z.enum(ROLES),
  /** "" while the account waits for its owner to choose a password through a set-password link. */
  passwordHash: z.string(),
  createdAt: z.string(),
  passwordChangedAt: z.string(),
  createdBy: z.string().optional(),
  /** Set while the account may not sign in; its sessions end at once. */
  disabled: z.object({ at: z.string(), by: z.string() }).optional(),
  /** Sessions started before this instant are refused ("sign out everywhere"). */
  sessionsValidAfter: z.string().optional(),
  lastSignInAt: z.string().optional(),
  /** An admin gave this password out (shown once): the owner is asked to choose another after signing in. */
  mustChangePassword: z.boolean().optional(),
  /** A one-time set-password link: the SHA-256 of its token, and when it stops working. */
  setup: z.object({ tokenHash: z.string(), expiresAt: z.string() }).optional(),
  /** Confirmed two-factor sign-in (TOTP, RFC 6238). */
  twoFactor: z
    .object({
      /** base32, as in the otpauth:// URI */
      secret: z.string(),
      enabledAt: z.string(),
      /** Names this enrolment's recovery codes (a reset or a new enrolment starts another). */
      enrolment: z.string(),
      /** SHA-256 (hex) of each unused recovery code. */
      recoveryCodes: z.array(z.string()),
      /** The last 30-second step a code was accepted for: a code is accepted once. */
      lastStep: z.number().int().optional(),
    })
    .optional(),
  /** A secret shown as a QR code, waiting to be confirmed with a code from the app. */
  twoFactorPending: z.object({ secret: z.string(), createdAt: z.string() }).optional(),
});
export type UserRecord = z.infer<typeof userRecord>;
