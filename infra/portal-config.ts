// The stack configuration of the portal on AWS Lambda (`signed-share:portal*` keys). Pure, like config.ts.
import { z } from "zod";
import { hostedZoneFor } from "./hosted-zone";

/** OIDC sign-in of the deployed portal; the client secret goes to Secrets Manager, never to the function's environment. */
export interface PortalOidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  allowedDomains: string[];
  adminGroups: string[];
  operatorGroups: string[];
  groupsClaim?: string;
}

/** Present when `portal: true`. */
export interface PortalStackConfig {
  /** The portal's own host name (never the files' host); without it the HTTP API's execute-api address. */
  domainName?: string;
  /** Route 53 public zone holding domainName; defaults to its parent domain. */
  hostedZone?: string;
  /** How long CloudWatch keeps the portal's logs. */
  logRetentionDays: number;
  /** Who the ready-to-paste client message is from. */
  senderName?: string;
  oidc?: PortalOidcConfig;
}

export const PORTAL_CONFIG_KEYS = [
  "portal",
  "portalDomainName",
  "portalHostedZone",
  "portalLogRetentionDays",
  "portalSenderName",
  "portalOidcIssuer",
  "portalOidcClientId",
  "portalOidcClientSecret",
  "portalOidcAllowedDomains",
  "portalOidcAdminGroups",
  "portalOidcOperatorGroups",
  "portalOidcGroupsClaim",
] as const;

/** The key that must be set with `pulumi config set --secret`. */
export const PORTAL_SECRET_KEY = "portalOidcClientSecret";

/** The retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
export const DEFAULT_LOG_RETENTION_DAYS = 30;

const blank = (v: unknown) => v === undefined || (typeof v === "string" && v.trim() === "");
const text = (v: unknown) => (blank(v) ? undefined : typeof v === "string" ? v.trim() : v);

const hostname = z
  .string()
  .transform((s) => s.toLowerCase().replace(/\.$/, ""))
  .pipe(z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a fully qualified DNS name such as share-admin.example.com"));

const commaList = (item: RegExp, example: string) =>
  z.preprocess(
    (v) => (blank(v) ? [] : typeof v === "string" ? v.split(",").map((s) => s.trim()).filter((s) => s !== "") : v),
    z.array(z.string().regex(item, `must be a comma-separated list like ${example}`), { error: `must be a comma-separated list like ${example}` }),
  );

const schema = z.object({
  portal: z.preprocess(
    (v) => (blank(v) ? false : typeof v === "string" ? v.trim().toLowerCase() : v),
    z.union([z.boolean(), z.enum(["true", "false"]).transform((s) => s === "true")], { error: "must be true or false" }),
  ),
  portalDomainName: z.preprocess(text, hostname.optional()),
  portalHostedZone: z.preprocess(text, hostname.optional()),
  portalLogRetentionDays: z.preprocess(
    (v) => (blank(v) ? DEFAULT_LOG_RETENTION_DAYS : typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : v),
    z.number({ error: `must be one of ${LOG_RETENTION_DAYS.join(", ")} (days)` }).refine((n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n), {
      error: `must be one of ${LOG_RETENTION_DAYS.join(", ")} (days; CloudWatch accepts no other)`,
    }),
  ),
  portalSenderName: z.preprocess(text, z.string().max(200, "must be at most 200 characters").optional()),
  portalOidcIssuer: z.preprocess(
    text,
    z
      .string()
      .refine((s) => URL.canParse(s) && new URL(s).protocol === "https:", "must be the https URL of the identity provider, like https://login.example.com")
      .optional(),
  ),
  portalOidcClientId: z.preprocess(text, z.string().optional()),
  portalOidcClientSecret: z.preprocess(text, z.string().optional()),
  portalOidcAllowedDomains: commaList(/^[a-z0-9.-]+\.[a-z]{2,}$/i, "example.com,example.org"),
  portalOidcAdminGroups: commaList(/^\S+$/, "share-admins,ops"),
  portalOidcOperatorGroups: commaList(/^\S+$/, "share-operators"),
  portalOidcGroupsClaim: z.preprocess(text, z.string().optional()),
});

/**
 * The portal's part of the stack configuration: undefined when `portal` is not true. `filesDomainName`
 * is the links' host (domainName); the portal must never share it: a client's file served from the
 * portal's origin could script the portal. Problems are returned as "key: message" lines.
 */
export function parsePortalConfig(
  raw: Readonly<Record<string, unknown>>,
  context: { filesDomainName?: string; isSecret?: (key: string) => boolean | undefined },
): { config?: PortalStackConfig; problems: string[] } {
  const result = schema.safeParse(raw);
  if (!result.success) {
    return { problems: result.error.issues.map((issue) => `${String(issue.path[0] ?? "portal")}: ${issue.message}`) };
  }
  const c = result.data;
  const problems: string[] = [];
  if (!c.portal) {
    // Pulumi.yaml's defaults arrive as values: only a value other than the default is a stray setting.
    const isDefault = (key: string) => blank(raw[key]) || (key === "portalLogRetentionDays" && Number(raw[key]) === DEFAULT_LOG_RETENTION_DAYS);
    const stray = PORTAL_CONFIG_KEYS.filter((key) => key !== "portal" && !isDefault(key));
    for (const key of stray) problems.push(`${key}: is set but portal is not true (set signed-share:portal true to deploy the portal)`);
    return { problems };
  }
  if (c.portalDomainName !== undefined) {
    if (c.portalDomainName === context.filesDomainName) {
      problems.push(`portalDomainName: must differ from domainName (${c.portalDomainName}): the portal never shares the files' host`);
    }
    for (const problem of hostedZoneFor(c.portalDomainName, c.portalHostedZone, "portalDomainName").problems) {
      problems.push(`${problem.setting === "domain" ? "portalDomainName" : "portalHostedZone"}: ${problem.message}`);
    }
  } else if (c.portalHostedZone !== undefined) {
    problems.push("portalHostedZone: is set but portalDomainName is not");
  }
  const oidcKeys = ["portalOidcIssuer", "portalOidcClientId", "portalOidcClientSecret"] as const;
  const oidcSet = oidcKeys.filter((key) => c[key] !== undefined);
  if (oidcSet.length > 0 && oidcSet.length < oidcKeys.length) {
    for (const key of oidcKeys.filter((k) => c[k] === undefined)) {
      problems.push(`${key}: is required: set portalOidcIssuer, portalOidcClientId and portalOidcClientSecret together, or none of them`);
    }
  }
  if (c.portalOidcClientSecret !== undefined && context.isSecret?.(PORTAL_SECRET_KEY) === false) {
    problems.push(`${PORTAL_SECRET_KEY}: must be a secret: pulumi config set --secret signed-share:${PORTAL_SECRET_KEY} (and remove the plain value from Pulumi.<stack>.yaml)`);
  }
  if (oidcSet.length === 0) {
    for (const key of ["portalOidcAllowedDomains", "portalOidcAdminGroups", "portalOidcOperatorGroups", "portalOidcGroupsClaim"] as const) {
      if (!blank(raw[key])) problems.push(`${key}: is set but OIDC sign-in is not (portalOidcIssuer, portalOidcClientId, portalOidcClientSecret)`);
    }
  }
  if (problems.length > 0) return { problems };
  const domainName = c.portalDomainName;
  return {
    problems,
    config: {
      ...(domainName !== undefined ? { domainName, hostedZone: hostedZoneFor(domainName, c.portalHostedZone, "portalDomainName").zone! } : {}),
      logRetentionDays: c.portalLogRetentionDays,
      ...(c.portalSenderName !== undefined ? { senderName: c.portalSenderName } : {}),
      ...(c.portalOidcIssuer !== undefined && c.portalOidcClientId !== undefined && c.portalOidcClientSecret !== undefined
        ? {
            oidc: {
              issuer: c.portalOidcIssuer,
              clientId: c.portalOidcClientId,
              clientSecret: c.portalOidcClientSecret,
              allowedDomains: c.portalOidcAllowedDomains,
              adminGroups: c.portalOidcAdminGroups,
              operatorGroups: c.portalOidcOperatorGroups,
              ...(c.portalOidcGroupsClaim !== undefined ? { groupsClaim: c.portalOidcGroupsClaim } : {}),
            },
          }
        : {}),
    },
  };
}
