// What links are signed for and how: the distribution's URL, the longest expiry, the hash, IPv6, revocation.
import { z } from "zod";
import { parseDuration } from "../duration.js";
import { LEGACY_LINKS_UNTIL_FORMAT, parseLegacyLinksUntil } from "../edge/guard/guard-settings.js";
import { got, webOrigin, type Problem, type SettingsOf } from "./shared.js";
import type { storageSettings } from "./storage.js";

export const linkSettings = {
  SHARE_PUBLIC_URL: webOrigin("https://files.example.com or https://dxxxx.cloudfront.net").optional(),
  SHARE_DISTRIBUTION_ID: z
    .string()
    .regex(/^[A-Z0-9]{8,20}$/, { error: (issue) => `must be a CloudFront distribution id like E2QWRUHAPOMQZL${got(issue.input)}` })
    .optional(),
  SHARE_REVOCATION_STORE_ARN: z
    .string()
    .regex(/^arn:aws[a-z-]*:cloudfront::\d{12}:key-value-store\/[A-Za-z0-9-]+$/, {
      error: (issue) => `must be a CloudFront KeyValueStore ARN like arn:aws:cloudfront::123456789012:key-value-store/1a2b…${got(issue.input)}`,
    })
    .optional(),
  SHARE_MAX_EXPIRY: z.string().default("366d"),
  SHARE_HASH_ALGORITHM: z
    .string()
    .transform((text) => text.toUpperCase().replace("-", ""))
    .pipe(z.enum(["SHA1", "SHA256"], { error: "must be SHA1 or SHA256" }))
    .default("SHA1"),
  SHARE_LEGACY_LINKS_UNTIL: z
    .string()
    .transform((text, ctx) => {
      const date = parseLegacyLinksUntil(text);
      if (date === undefined) {
        ctx.addIssue({ code: "custom", message: `${LEGACY_LINKS_UNTIL_FORMAT}${got(text)}` });
        return z.NEVER;
      }
      return date;
    })
    .optional(),
  SHARE_IPV6: z
    .string()
    .transform((text) => text.trim().toLowerCase())
    .pipe(z.enum(["true", "false"], { error: "must be true or false (the stack output ipv6Enabled)" }))
    .default("false"),
};

type LinkSettings = SettingsOf<typeof linkSettings & typeof storageSettings>;

export function checkLinkSettings(s: LinkSettings, problem: Problem): void {
  try {
    parseDuration(s.SHARE_MAX_EXPIRY);
  } catch {
    problem("SHARE_MAX_EXPIRY", `must be a positive duration like 366d, 12h, 30m or 90s${got(s.SHARE_MAX_EXPIRY)}`);
  }
  if (s.SHARE_BUCKET && !s.SHARE_PUBLIC_URL) {
    problem("SHARE_PUBLIC_URL", "is required when SHARE_BUCKET is set: the distribution's URL, like https://dxxxx.cloudfront.net");
  }
  if (!s.SHARE_BUCKET && s.SHARE_REVOCATION_STORE_ARN) {
    problem("SHARE_REVOCATION_STORE_ARN", "needs SHARE_BUCKET: local mode keeps its revocation list in the data directory");
  }
  if (s.SHARE_BUCKET && s.SHARE_LEGACY_LINKS_UNTIL) {
    problem("SHARE_LEGACY_LINKS_UNTIL", "is for the local edge (local mode): for CloudFront set the stack setting signed-share:legacyLinksUntil (docs/deploy.md)");
  }
  if (!s.SHARE_BUCKET && s.SHARE_DISTRIBUTION_ID) {
    problem("SHARE_DISTRIBUTION_ID", "needs SHARE_BUCKET: there is no distribution in local mode");
  }
}

/** The terms every link is signed under, in either mode. */
export function linkConfig(s: LinkSettings & { EDGE_PORT: number }) {
  return {
    publicUrl: s.SHARE_PUBLIC_URL ?? `http://localhost:${s.EDGE_PORT}`,
    maxExpiryMs: parseDuration(s.SHARE_MAX_EXPIRY),
    hashAlgorithm: s.SHARE_HASH_ALGORITHM,
    ipv6Enabled: s.SHARE_IPV6 === "true",
  };
}

/** Local mode: until then the local edge's guard passes requests without a link id, as the stack's legacyLinksUntil does at CloudFront. */
export function localLinkConfig(s: LinkSettings) {
  return s.SHARE_LEGACY_LINKS_UNTIL ? { legacyLinksUntil: s.SHARE_LEGACY_LINKS_UNTIL } : {};
}

/** AWS mode: invalidations and the edge guard's revocation list. */
export function awsLinkConfig(s: LinkSettings) {
  return {
    ...(s.SHARE_DISTRIBUTION_ID ? { distributionId: s.SHARE_DISTRIBUTION_ID } : {}),
    ...(s.SHARE_REVOCATION_STORE_ARN ? { revocationStoreArn: s.SHARE_REVOCATION_STORE_ARN } : {}),
  };
}
