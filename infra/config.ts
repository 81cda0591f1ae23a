// The stack configuration (namespace `signed-share`) as one typed, validated object.
// Pure: no Pulumi import, so the validation can be tested on its own.
import { createPublicKey } from "node:crypto";
import { z } from "zod";
import { parsePortalConfig, PORTAL_CONFIG_KEYS, type PortalStackConfig } from "./portal-config";
import { COUNTRY_CODE_HINTS, ISO_3166_ALPHA2 } from "./country-codes";
import { LEGACY_LINKS_UNTIL_FORMAT, parseLegacyLinksUntil } from "../lib/edge/guard/guard-settings";
import { hostedZoneFor } from "./hosted-zone";
import { hasUnsafeNameCharacter } from "../lib/names/name-characters";
import { parsePrincipalArn, type IamPrincipal } from "./iam-principals";

export const CONFIG_NAMESPACE = "signed-share";

/** What the program builds from; every field documented in Pulumi.yaml with the same default. */
export interface InfraConfig {
  /** Public host name, e.g. files.example.com; without it the distribution's *.cloudfront.net name is used. */
  domainName?: string;
  /** Route 53 public hosted zone holding domainName; defaults to domainName's parent domain. */
  hostedZone?: string;
  /** Bootstrap CloudFront public key (SPKI PEM, RSA-2048 or ECDSA P-256), written by `signed-share keys:init`. */
  signingPublicKey: string;
  /** Top-level bucket folder that CloudFront serves (docs/architecture.md#bucket-layout). */
  originPrefix: string;
  /** CloudFront price class: which edge locations serve the files. */
  priceClass: "PriceClass_100" | "PriceClass_200" | "PriceClass_All";
  /** SSE-KMS key for the bucket; SSE-S3 when absent. */
  kmsKeyArn?: string;
  /** Write CloudFront standard access logs (legacy format) to a dedicated log bucket. */
  logging: boolean;
  /** Download activity: CloudFront standard logging v2 into a private bucket the portal reads (docs/activity.md). */
  activityLogs: boolean;
  /** Days the activity log bucket keeps log files. */
  activityRetentionDays: number;
  /** WAFv2 web ACL (scope CLOUDFRONT, us-east-1) to attach to the distribution. */
  webAclArn?: string;
  /** ISO 3166-1 alpha-2 country codes allowed to download; empty means everywhere. */
  geoAllowlist: string[];
  /** Whom to ask for a new link, on every page the edge generates; absent: "the person who sent you the link", in each language. */
  supportContact?: string;
  /** The organisation named on every page the edge generates; absent: none. */
  organisationName?: string;
  /** Let `pulumi destroy` delete a bucket that still holds files (dev stacks only). */
  forceDestroy: boolean;
  /** The portal's origin (https://share-admin.example.com): browsers there may PUT upload parts to the bucket (CORS). */
  portalUrl?: string;
  /** Serve over IPv6 too (AAAA record); IP-restricted links are then refused by the tools and the portal. */
  ipv6: boolean;
  /** The From address of e-mail sent through Amazon SES (a verified SES identity): the portal may send as it. */
  mailSender?: string;
  /** GuardDuty Malware Protection for S3 on the bucket; CloudFront then serves client files only when scanned clean (docs/scanning.md). */
  malwareScanning: boolean;
  /** Until then the edge guard passes requests without a link id (links issued before link ids); absent: never. */
  legacyLinksUntil?: Date;
  /** Roles, users and groups the stack attaches the portal policy to (and detaches on destroy). */
  portalPrincipals: IamPrincipal[];
  /** Roles, users and groups the stack attaches the rotation policy to. */
  rotationPrincipals: IamPrincipal[];
  /** The portal on AWS Lambda (`portal: true` and the portal* keys, infra/portal-config.ts); absent when off. */
  portal?: PortalStackConfig;
}

export const CONFIG_KEYS = [
  "domainName",
  "hostedZone",
  "signingPublicKey",
  "originPrefix",
  "priceClass",
  "kmsKeyArn",
  "logging",
  "activityLogs",
  "activityRetentionDays",
  "webAclArn",
  "geoAllowlist",
  "supportContact",
  "organisationName",
  "forceDestroy",
  "portalUrl",
  "ipv6",
  "mailSender",
  "malwareScanning",
  "legacyLinksUntil",
  "portalPrincipals",
  "rotationPrincipals",
  ...PORTAL_CONFIG_KEYS,
] as const satisfies readonly (keyof InfraConfig | (typeof PORTAL_CONFIG_KEYS)[number])[];


/** Thrown for any invalid stack configuration; the message names every offending key. */
export class InfraConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid stack configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "InfraConfigError";
  }
}

// Pulumi hands every value over as a string; "" stands for "not set" (Pulumi.yaml defaults).
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const trimmed = (v: unknown) => (typeof v === "string" ? v.trim() : v);

const hostname = z
  .string()
  .transform((s) => s.toLowerCase().replace(/\.$/, ""))
  .pipe(
    z
      .string()
      .max(253)
      .regex(
        /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
        "must be a fully qualified DNS name such as files.example.com",
      ),
  );

const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const booleanFlag = (fallback: boolean) =>
  z.preprocess(
    (v) => (v === undefined || v === "" ? fallback : typeof v === "string" ? v.trim().toLowerCase() : v),
    z.union([z.boolean(), z.enum(["true", "false"]).transform((s) => s === "true")], {
      error: "must be true or false",
    }),
  );

const publicKeyPem = z.string({ error: "is required: run `signed-share keys:init --stack <stack>`" }).transform((pem, ctx) => {
  const text = pem.trim();
  if (/PRIVATE KEY-----/.test(text)) {
    ctx.addIssue({ code: "custom", message: "holds a PRIVATE key; stack config must contain only the public key" });
    return z.NEVER;
  }
  if (!/^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----$/.test(text)) {
    ctx.addIssue({ code: "custom", message: "must be a PEM public key (-----BEGIN PUBLIC KEY-----)" });
    return z.NEVER;
  }
  try {
    const key = createPublicKey(text);
    const details = key.asymmetricKeyDetails;
    const rsa2048 = key.asymmetricKeyType === "rsa" && details?.modulusLength === 2048;
    const p256 = key.asymmetricKeyType === "ec" && details?.namedCurve === "prime256v1";
    if (!rsa2048 && !p256) {
      ctx.addIssue({ code: "custom", message: "must be an RSA-2048 or ECDSA P-256 key (the kinds CloudFront accepts)" });
      return z.NEVER;
    }
  } catch {
    ctx.addIssue({ code: "custom", message: "is not a readable PEM public key" });
    return z.NEVER;
  }
  return `${text}\n`;
});

/** A list setting: a YAML list (Pulumi hands it over as JSON), or comma-separated text. */
const listValue = (v: unknown) => {
  if (v === undefined || v === "") return [];
  if (typeof v !== "string") return v;
  const text = v.trim();
  if (text.startsWith("[")) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text.split(",").map((c) => c.trim()).filter((c) => c !== "");
};

const geoList = z.preprocess(
  listValue,
  z
    .array(
      z
        .string()
        .regex(/^[A-Z]{2}$/, "must list ISO 3166-1 alpha-2 country codes in capitals, e.g. DE")
        .refine((code) => ISO_3166_ALPHA2.has(code), {
          error: (issue) => `${String(issue.input)} is not an ISO 3166-1 alpha-2 country code${COUNTRY_CODE_HINTS[String(issue.input)] ? `: ${COUNTRY_CODE_HINTS[String(issue.input)]}` : ""}`,
        }),
      { error: "must be a list of country codes, e.g. [DE, FR]" },
    )
    .transform((codes) => [...new Set(codes)].sort()),
);

const principalList = (policy: string) =>
  z.preprocess(
    listValue,
    z
      .array(
        z.string().transform((arn, ctx) => {
          const principal = parsePrincipalArn(arn);
          if (principal === undefined) {
            ctx.addIssue({ code: "custom", message: `${arn} is not the ARN of an IAM role, user or group (arn:aws:iam::<account>:role/<name>, :user/<name> or :group/<name>)` });
            return z.NEVER;
          }
          return principal;
        }),
        { error: `must be a list of IAM role, user or group ARNs that get the ${policy} policy` },
      )
      .transform((principals) => [...new Map(principals.map((p) => [p.arn, p])).values()]),
  );

/** An ISO 8601 instant with its zone, e.g. 2026-03-31T23:59:59Z (the guard's setting: lib/edge/guard/guard-settings.ts). */
const instant = z.string().transform((text, ctx) => {
  const date = parseLegacyLinksUntil(text);
  if (date === undefined) {
    ctx.addIssue({ code: "custom", message: LEGACY_LINKS_UNTIL_FORMAT });
    return z.NEVER;
  }
  return date;
});

const schema = z
  .object({
    domainName: optional(hostname),
    hostedZone: optional(hostname),
    signingPublicKey: z.preprocess(blankToUndefined, publicKeyPem),
    originPrefix: z.preprocess(
      (v) => blankToUndefined(trimmed(v)) ?? "client_files",
      z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be one folder name (letters, digits, . _ -), no slashes")
        .refine((p) => !["portal", "errors"].includes(p), "must not be `portal` or `errors`: those folders are never served"),
    ),
    priceClass: z.preprocess(
      (v) => blankToUndefined(trimmed(v)) ?? "PriceClass_100",
      z.enum(["PriceClass_100", "PriceClass_200", "PriceClass_All"], {
        error: "must be PriceClass_100, PriceClass_200 or PriceClass_All",
      }),
    ),
    kmsKeyArn: optional(
      z
        .string()
        .trim()
        .regex(
          /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/,
          "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); aliases cannot carry the key-policy statement",
        ),
    ),
    logging: booleanFlag(false),
    activityLogs: booleanFlag(false),
    activityRetentionDays: z.preprocess(
      (v) => (v === undefined || v === "" ? 90 : typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
      z.number({ error: "must be a whole number of days, e.g. 90" }).int("must be a whole number of days, e.g. 90").min(1, "must be at least 1 day").max(3650, "must be at most 3650 days"),
    ),
    webAclArn: optional(
      z
        .string()
        .trim()
        .regex(
          /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[^/]+\/[^/]+$/,
          "must be a WAFv2 web ACL ARN with scope CLOUDFRONT (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>)",
        ),
    ),
    geoAllowlist: geoList,
    // Both are written into the edge function, which CloudFront caps at 10 KB (test/infra/edge-guard.test.ts).
    supportContact: optional(z.string().trim().max(300, "must be at most 300 characters").refine((v) => !hasUnsafeNameCharacter(v), "must be plain text on one line (no control, invisible or direction characters)")),
    organisationName: optional(z.string().trim().max(100, "must be at most 100 characters").refine((v) => !hasUnsafeNameCharacter(v), "must be plain text on one line (no control, invisible or direction characters)")),
    forceDestroy: booleanFlag(false),
    portalUrl: optional(
      z
        .string()
        .trim()
        .regex(/^https:\/\/[a-z0-9.-]+(:\d+)?\/?$/i, "must be the portal's https origin, like https://share-admin.example.com (no path)")
        .transform((url) => url.replace(/\/$/, "").toLowerCase()),
    ),
    ipv6: booleanFlag(false),
    malwareScanning: booleanFlag(false),
    mailSender: optional(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be one e-mail address like shares@example.com, verified in Amazon SES (an address, or an address in a verified domain)"),
    ),
    legacyLinksUntil: optional(instant),
    portalPrincipals: principalList("portal"),
    rotationPrincipals: principalList("rotation"),
  })
  .superRefine((c, ctx) => {
    if (c.hostedZone !== undefined && c.domainName === undefined) {
      ctx.addIssue({ code: "custom", path: ["hostedZone"], message: "is set but domainName is not" });
    }
    if (c.domainName !== undefined) {
      for (const problem of hostedZoneFor(c.domainName, c.hostedZone, "domainName").problems) {
        ctx.addIssue({ code: "custom", path: [problem.setting === "domain" ? "domainName" : "hostedZone"], message: problem.message });
      }
    }
  });

/**
 * The regions enabled in every account (launched before March 2019). CloudFront's legacy standard
 * logging does not deliver to buckets in opt-in regions (every later region); standard logging v2
 * (activityLogs) does. docs/infra-notes.md#access-logs cites AWS's list.
 */
export const DEFAULT_ENABLED_REGIONS = new Set([
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
  "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
  "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-south-1",
]);

/**
 * Validates raw stack configuration (key without namespace → value) into an InfraConfig. `region` is
 * aws:region; `isSecret` tells whether a key was set with `pulumi config set --secret`.
 */
export function parseInfraConfig(
  raw: Readonly<Record<string, unknown>>,
  stack: { region?: string; isSecret?: (key: string) => boolean | undefined } = {},
): InfraConfig {
  const problems: string[] = [];
  const known = new Set<string>(CONFIG_KEYS);
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) problems.push(`${CONFIG_NAMESPACE}:${key}: is not a setting of this program (typo?)`);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = issue.path[0] === undefined ? "(config)" : String(issue.path[0]);
      problems.push(`${CONFIG_NAMESPACE}:${key}: ${issue.message}`);
    }
  }
  if (result.success && result.data.kmsKeyArn !== undefined && stack.region) {
    const keyRegion = result.data.kmsKeyArn.split(":")[3];
    if (keyRegion !== stack.region) {
      problems.push(
        `${CONFIG_NAMESPACE}:kmsKeyArn: is a key in ${keyRegion} but the stack deploys to ${stack.region} (aws:region); S3 encrypts only with a KMS key of the bucket's region`,
      );
    }
  }
  if (result.success && result.data.logging && stack.region && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(stack.region) && !stack.region.startsWith("cn-") && !stack.region.startsWith("us-gov-") && !DEFAULT_ENABLED_REGIONS.has(stack.region)) {
    problems.push(
      `${CONFIG_NAMESPACE}:logging: CloudFront's legacy access logs cannot be delivered to a bucket in ${stack.region} (an opt-in region; aws:region): turn logging off and use activityLogs (standard logging v2), which delivers there`,
    );
  }
  const portal = parsePortalConfig(raw, { filesDomainName: result.data?.domainName, isSecret: stack.isSecret });
  problems.push(...portal.problems.map((problem) => `${CONFIG_NAMESPACE}:${problem}`));
  // With the portal deployed by this stack, its own address is the upload CORS origin (infra/index.ts).
  if (result.success && portal.config !== undefined && result.data.portalUrl !== undefined) {
    const deployed = portal.config.domainName === undefined ? undefined : `https://${portal.config.domainName}`;
    if (result.data.portalUrl !== deployed) {
      problems.push(
        `${CONFIG_NAMESPACE}:portalUrl: is ${result.data.portalUrl} but portal is true, and the deployed portal's address (${deployed ?? "its execute-api URL; set portalDomainName for your own"}) is then the upload CORS origin: remove portalUrl`,
      );
    }
  }
  if (!result.success || problems.length > 0) throw new InfraConfigError(problems);
  const c = result.data;
  return {
    ...c,
    ...(portal.config ? { portal: portal.config } : {}),
    // The parent domain is the usual zone: files.example.com lives in example.com.
    hostedZone: c.domainName === undefined ? undefined : hostedZoneFor(c.domainName, c.hostedZone, "domainName").zone,
  };
}
