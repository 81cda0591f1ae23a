/**
 * The one validated configuration of portal and tools. Sources, highest first:
 * environment variables (SHARE_*, AWS_*, PORT, PORTAL_*, OIDC_*), then the JSON that
 * `pulumi stack output --json` prints (file given as --config FILE or SHARE_CONFIG).
 * No SHARE_BUCKET means local mode: objects in SHARE_DATA_DIR (default ./data).
 */
import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { parseDuration } from "./duration.js";
import { isHeaderSafe, parseAddress } from "./mail/address.js";
import { findLinkLike, fromDomain, ownDomain } from "./mail/link-like.js";
import { exactOrigin } from "./net/origin.js";
import { VIEWER_ADDRESS_RULES, type ViewerAddressRule } from "./activity/viewer-address.js";
import { LEGACY_LINKS_UNTIL_FORMAT, parseLegacyLinksUntil } from "./edge/guard/guard-settings.js";

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? (problems[0] ?? "")
        : `${problems.length} configuration problems:\n${problems.map((p) => `- ${p}`).join("\n")}`,
    );
  }
}

/** Stack output name → the setting it supplies. */
export const STACK_OUTPUTS = {
  bucketName: "SHARE_BUCKET",
  originPrefix: "SHARE_PREFIX",
  publicUrl: "SHARE_PUBLIC_URL",
  distributionId: "SHARE_DISTRIBUTION_ID",
  signingKeySecretName: "SHARE_SIGNING_KEY_SECRET",
  region: "AWS_REGION",
  keyGroupId: "SHARE_KEY_GROUP_ID",
  bootstrapPublicKeyId: "SHARE_BOOTSTRAP_PUBLIC_KEY_ID",
  ipv6Enabled: "SHARE_IPV6",
  activityLogBucketName: "SHARE_ACTIVITY_LOG_BUCKET",
  revocationStoreArn: "SHARE_REVOCATION_STORE_ARN",
  mailSender: "SHARE_MAIL_FROM",
} as const;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
const isLoopback = (host: string) => LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
const got = (input: unknown) => ` (got ${JSON.stringify(input)})`;

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** https anywhere, http only on loopback; no query or fragment. */
function webUrl(example: string) {
  return z
    .string()
    .refine(
      (text) => {
        const url = parseUrl(text);
        if (!url || url.search || url.hash || url.username) return false;
        return url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname));
      },
      { error: (issue) => `must be an https URL like ${example}${got(issue.input)}` },
    )
    .transform((text) => text.replace(/\/+$/, ""));
}

/**
 * Like webUrl, and nothing but an origin: the value becomes the start of every signed policy's
 * Resource, where a path could smuggle in wildcards (`*`, `?`).
 */
function webOrigin(example: string) {
  return webUrl(example).refine((text) => exactOrigin(text) !== undefined, {
    error: (issue) => `must be an origin (scheme, host and port, no path) like ${example}${got(issue.input)}`,
  });
}

const commaList = z.string().transform((text) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== ""),
);

/** 0 asks the system for a free port (tests, several instances side by side). */
const port = (fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: (issue) => `must be a port number from 0 to 65535${got(issue.input)}` })
    .transform(Number)
    .refine((n) => n >= 0 && n <= 65535, { error: (issue) => `must be a port number from 0 to 65535${got(String(issue.input))}` })
    .default(fallback);

/** Values that must never be echoed back in messages. */
const secret = (rule: string, check: (text: string) => boolean) => z.string().refine(check, { error: rule });

const settingsSchema = z
  .object({
    SHARE_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
        error: (issue) =>
          `must be an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens; no s3:// prefix)${got(issue.input)}`,
      })
      .optional(),
    SHARE_PREFIX: z
      .string()
      .transform((text) => text.replace(/^\/+|\/+$/g, ""))
      .refine((text) => /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/.test(text) && !/(^|\/)\.\.?(\/|$)/.test(text), {
        error: (issue) => `must be a key prefix like client_files${got(issue.input)}`,
      })
      .default("client_files"),
    SHARE_PUBLIC_URL: webOrigin("https://files.example.com or https://dxxxx.cloudfront.net").optional(),
    SHARE_DISTRIBUTION_ID: z
      .string()
      .regex(/^[A-Z0-9]{8,20}$/, { error: (issue) => `must be a CloudFront distribution id like E2QWRUHAPOMQZL${got(issue.input)}` })
      .optional(),
    SHARE_KEY_PAIR_ID: z
      .string()
      .regex(/^[A-Z0-9]{8,32}$/, { error: (issue) => `must be a CloudFront public key id like K2JCJMDEHXQW5F${got(issue.input)}` })
      .optional(),
    SHARE_PRIVATE_KEY: secret(
      "must be file://PATH to a PEM private key (the key itself never goes in the environment)",
      (text) => text.startsWith("file://") && text.length > "file://".length,
    ).optional(),
    SHARE_SIGNING_KEY_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, { error: (issue) => `must be a Secrets Manager secret name or ARN${got(issue.input)}` })
      .optional(),
    SHARE_KEY_STORE: z
      .enum(["local", "secretsmanager"], { error: (issue) => `must be local or secretsmanager${got(issue.input)}` })
      .optional(),
    SHARE_KEY_GROUP_ID: z.string().optional(),
    SHARE_BOOTSTRAP_PUBLIC_KEY_ID: z.string().optional(),
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
    SHARE_DATA_DIR: z.string().default("./data"),
    SHARE_MAX_FILE_SIZE: z
      .string()
      .transform((text, ctx) => {
        const bytes = parseByteSize(text);
        if (bytes === undefined) {
          ctx.addIssue({ code: "custom", message: `must be a size like 10GB, 500MB or 1073741824 (bytes), at most 5TB${got(text)}` });
          return z.NEVER;
        }
        return bytes;
      })
      .default(10 * 1024 ** 3),
    SHARE_IPV6: z
      .string()
      .transform((text) => text.trim().toLowerCase())
      .pipe(z.enum(["true", "false"], { error: "must be true or false (the stack output ipv6Enabled)" }))
      .default("false"),
    SHARE_ACTIVITY_LOG_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
        error: (issue) => `must be an S3 bucket name (the stack output activityLogBucketName)${got(issue.input)}`,
      })
      .optional(),
    SHARE_ACTIVITY_LOG_PREFIX: z
      .string()
      .regex(/^([^/\s]+\/)+$/, { error: (issue) => `must be the key prefix before DistributionId=, ending in /, like AWSLogs/aws-account-id=123456789012/CloudFront/${got(issue.input)}` })
      .optional(),
    SHARE_VIEWER_ADDRESS: z
      .enum(VIEWER_ADDRESS_RULES, { error: (issue) => `must be full, truncated or none${got(issue.input)}` })
      .default("truncated"),
    SHARE_ACTIVITY_RETENTION: z.string().default("90d"),
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
    EDGE_TRUST_PROXY: z
      .enum(["true", "false"], { error: (issue) => `must be true or false${got(issue.input)}` })
      .default("false"),
    AWS_REGION: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: (issue) => `must be an AWS region like eu-west-1${got(issue.input)}` })
      .optional(),
    AWS_ENDPOINT_URL_S3: z
      .string()
      .refine((text) => /^https?:$/.test(parseUrl(text)?.protocol ?? ""), {
        error: (issue) => `must be an http(s) URL like http://127.0.0.1:9000${got(issue.input)}`,
      })
      .optional(),
    PORT: port(3000),
    PORTAL_HOST: z.string().regex(/^[0-9a-zA-Z.:-]+$/, { error: (issue) => `must be an interface address like 127.0.0.1 or 0.0.0.0${got(issue.input)}` }).default("127.0.0.1"),
    EDGE_PORT: port(3001),
    PORTAL_URL: webUrl("https://share.example.com").optional(),
    PORTAL_SESSION_SECRET: secret("must be at least 32 characters (try: openssl rand -base64 48)", (t) => t.length >= 32).optional(),
    PORTAL_ADMIN_PASSWORD: z.string().optional(),
    OIDC_ISSUER: webUrl("https://login.example.com").optional(),
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    OIDC_ALLOWED_DOMAINS: commaList
      .refine((domains) => domains.every((d) => /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(d)), {
        error: (issue) => `must be a comma-separated list of e-mail domains like example.com,example.org${got(issue.input)}`,
      })
      .transform((domains) => domains.map((d) => d.toLowerCase()))
      .default([]),
    OIDC_GROUPS_CLAIM: z.string().default("groups"),
    OIDC_ADMIN_GROUPS: commaList.default([]),
    OIDC_OPERATOR_GROUPS: commaList.default([]),
    OIDC_SCOPES: z.string().default("openid email profile"),
    OIDC_CONTACT: z.string().optional(),
    PORTAL_TRUST_PROXY: z
      .enum(["true", "false"], { error: (issue) => `must be true or false${got(issue.input)}` })
      .default("false"),
    PORTAL_SENDER_NAME: z
      .string()
      .refine((text) => isHeaderSafe(text) && text.length <= 200, {
        error: "must be one line of at most 200 characters without control, invisible or bidirectional characters (it is the From name of e-mails)",
      })
      .optional(),
    SHARE_MAIL: z
      .enum(["smtp", "ses", "outbox", "off"], { error: (issue) => `must be smtp, ses, outbox or off${got(issue.input)}` })
      .optional(),
    SMTP_URL: secret("must be smtp://[user:password@]host[:port] (STARTTLS) or smtps://[user:password@]host[:port] (TLS from the start), without a path", (text) => smtpUrl(text) !== undefined).optional(),
    SMTP_TLS_CA: secret("must be file://PATH to a PEM file of the CA certificates the SMTP server's certificate chains to", (text) => text.startsWith("file://") && text.length > "file://".length).optional(),
    SHARE_MAIL_FROM: z
      .string()
      .refine((text) => isAddress(text), { error: (issue) => `must be one e-mail address like shares@example.com, the sender of every message${got(issue.input)}` })
      .transform((text) => text.trim().toLowerCase())
      .optional(),
    SHARE_MAIL_OWN_DOMAINS: commaList
      .refine((domains) => domains.every((d) => ownDomain(d) !== undefined), {
        error: (issue) => `must be a comma-separated list of your organisation's own domains like example.com,example.org (web and e-mail addresses on them may appear in messages)${got(issue.input)}`,
      })
      .transform((domains) => domains.map((d) => ownDomain(d)!))
      .optional(),
    SHARE_MAIL_PER_HOUR: z
      .string()
      .regex(/^\d{1,6}$/, { error: (issue) => `must be a whole number of recipients per portal user and hour, like 100${got(issue.input)}` })
      .transform(Number)
      .default(100),
    SHARE_REMIND_BEFORE: z.string().default("2d"),
  })
  .superRefine((s, ctx) => {
    const problem = (setting: string, message: string) => ctx.addIssue({ code: "custom", path: [setting], message });
    try {
      parseDuration(s.SHARE_MAX_EXPIRY);
    } catch {
      problem("SHARE_MAX_EXPIRY", `must be a positive duration like 366d, 12h, 30m or 90s${got(s.SHARE_MAX_EXPIRY)}`);
    }
    try {
      parseDuration(s.SHARE_ACTIVITY_RETENTION);
    } catch {
      problem("SHARE_ACTIVITY_RETENTION", `must be a positive duration like 90d or 12h${got(s.SHARE_ACTIVITY_RETENTION)}`);
    }
    if (s.SHARE_ACTIVITY_LOG_BUCKET && !s.SHARE_BUCKET) {
      problem("SHARE_ACTIVITY_LOG_BUCKET", "needs SHARE_BUCKET: local mode reads the local edge's log in the data directory");
    }
    if (s.SHARE_ACTIVITY_LOG_BUCKET && s.SHARE_BUCKET && !s.SHARE_DISTRIBUTION_ID) {
      problem("SHARE_DISTRIBUTION_ID", "is required with SHARE_ACTIVITY_LOG_BUCKET: the logs are filed under the distribution's id");
    }
    try {
      parseDuration(s.SHARE_REMIND_BEFORE);
    } catch {
      problem("SHARE_REMIND_BEFORE", `must be a positive duration like 2d or 36h: how long before expiry reminders go out${got(s.SHARE_REMIND_BEFORE)}`);
    }
    const senderLink = s.PORTAL_SENDER_NAME ? findLinkLike(s.PORTAL_SENDER_NAME, s.SHARE_MAIL_OWN_DOMAINS ?? fromDomain(s.SHARE_MAIL_FROM ?? "")) : undefined;
    if (senderLink) {
      problem("PORTAL_SENDER_NAME", `holds ${senderLink.kind} ("${senderLink.text}"), which mail programs turn into a link in every message: write the name without it, or list its domain in SHARE_MAIL_OWN_DOMAINS`);
    }
    const mail = s.SHARE_MAIL;
    if (mail === "smtp" && !s.SMTP_URL) problem("SMTP_URL", "is required when SHARE_MAIL is smtp");
    if (mail === "ses" && !s.SHARE_BUCKET) problem("SHARE_MAIL", "can be ses only with SHARE_BUCKET (Amazon SES is reached with the stack's AWS credentials and region)");
    if ((mail === "smtp" || mail === "ses" || (mail === undefined && s.SMTP_URL)) && !s.SHARE_MAIL_FROM) {
      problem("SHARE_MAIL_FROM", "is required to send e-mail: the sender address (for SES a verified identity, the stack output mailSender)");
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
    if (Boolean(s.SHARE_KEY_PAIR_ID) !== Boolean(s.SHARE_PRIVATE_KEY)) {
      problem(s.SHARE_KEY_PAIR_ID ? "SHARE_PRIVATE_KEY" : "SHARE_KEY_PAIR_ID", "is required with " + (s.SHARE_KEY_PAIR_ID ? "SHARE_KEY_PAIR_ID" : "SHARE_PRIVATE_KEY") + ": they name one key pair");
    }
    if (s.SHARE_KEY_STORE === "secretsmanager" && !s.SHARE_SIGNING_KEY_SECRET) {
      problem("SHARE_SIGNING_KEY_SECRET", "is required when SHARE_KEY_STORE is secretsmanager");
    }
    if (s.SHARE_KEY_STORE === "secretsmanager" && !s.SHARE_BUCKET) {
      problem("SHARE_KEY_STORE", "can be secretsmanager only with SHARE_BUCKET (local mode keeps keys on disk)");
    }
    const oidc = [s.OIDC_ISSUER, s.OIDC_CLIENT_ID, s.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      const missing = (["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const).filter((k) => !s[k]);
      problem(missing[0] ?? "OIDC_ISSUER", "is required: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together, or none of them");
    }
    if (oidc.every(Boolean) && !s.PORTAL_URL) {
      problem("PORTAL_URL", "is required with OIDC sign-in: the portal's external URL, used for the redirect URI");
    }
  });

type Settings = z.output<typeof settingsSchema>;

export type SigningKeyConfig =
  | { store: "local"; keyPairId?: string; privateKeyPath?: string }
  | { store: "secretsmanager"; secretName: string };

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  allowedDomains: string[];
  groupsClaim: string;
  adminGroups: string[];
  operatorGroups: string[];
  scopes: string;
  /** Who refused people should ask (shown on the refusal page). */
  contact?: string;
}

/** How e-mail leaves (docs/delivery.md): an SMTP server, the SES API, local mode's outbox, or not at all. */
export type MailTransportConfig =
  | { kind: "smtp"; host: string; port: number; secure: boolean; user?: string; password?: string; caPath?: string }
  | { kind: "ses"; region?: string }
  | { kind: "outbox" }
  | { kind: "off"; reason: string };

export interface MailConfig {
  transport: MailTransportConfig;
  /** The From address (SHARE_MAIL_FROM); the outbox uses a placeholder when unset. */
  from: string;
  /** The From name (PORTAL_SENDER_NAME). */
  senderName?: string;
  /**
   * Domains whose web and e-mail addresses a message may hold (SHARE_MAIL_OWN_DOMAINS; default: the
   * From address's domain): the message rule of lib/mail/link-like.ts refuses every other.
   */
  ownDomains: string[];
  /** Recipients one portal user may send to per hour. */
  perUserPerHour: number;
  /** Reminders go out when a link expires within this many milliseconds. */
  remindBeforeMs: number;
}

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
}

interface CommonConfig {
  /** Key prefix of the shared folders, without slashes (CloudFront's origin path). */
  prefix: string;
  /** Base URL links are signed for, without trailing slash. Local mode: the local edge. */
  publicUrl: string;
  maxExpiryMs: number;
  hashAlgorithm: "SHA1" | "SHA256";
  /** Largest file an upload may have, in bytes (SHARE_MAX_FILE_SIZE, default 10 GiB). */
  maxFileSize: number;
  /** The distribution serves IPv6 (stack output ipv6Enabled): IP-restricted links are refused. */
  ipv6Enabled: boolean;
  signingKey: SigningKeyConfig;
  portal: PortalConfig;
  /** Download activity (docs/activity.md): what is kept of viewer addresses, and for how long requests are shown. */
  activity: { viewerAddress: ViewerAddressRule; retentionMs: number };
  mail: MailConfig;
}

export interface LocalConfig extends CommonConfig {
  mode: "local";
  /** Absolute path of the storage directory. */
  dataDir: string;
  /** Until then the local edge's guard passes requests without a link id, as the stack's legacyLinksUntil does at CloudFront. */
  legacyLinksUntil?: Date;
}

export interface AwsConfig extends CommonConfig {
  mode: "aws";
  bucket: string;
  region?: string;
  /** Custom S3 endpoint (MinIO, an emulator). */
  endpoint?: string;
  /** Enables CloudFront invalidations when set. */
  distributionId?: string;
  keyGroupId?: string;
  bootstrapPublicKeyId?: string;
  /** CloudFront's access logs (standard logging v2); absent: no download activity in AWS mode. */
  activityLogs?: { bucket: string; prefix?: string };
  /** The KeyValueStore the edge guard reads revoked link ids from (docs/revocation.md). */
  revocationStoreArn?: string;
}

export type Config = LocalConfig | AwsConfig;

export interface LoadConfigOptions {
  env: Record<string, string | undefined>;
  /** Stack outputs JSON (`pulumi stack output --json`); defaults to env.SHARE_CONFIG. */
  configFile?: string;
  /** Base for relative paths (data dir, key file, config file); default process.cwd(). */
  cwd?: string;
}

type SettingName = keyof z.input<typeof settingsSchema>;
const SETTING_NAMES = Object.keys(settingsSchema.shape) as SettingName[];

export function loadConfig(options: LoadConfigOptions): Config {
  const cwd = options.cwd ?? process.cwd();
  const fileSetting = options.configFile !== undefined ? "--config" : "SHARE_CONFIG";
  const file = options.configFile ?? nonEmpty(options.env.SHARE_CONFIG);
  const fromFile = file ? readStackOutputs(resolve(cwd, file), fileSetting) : {};

  const raw: Partial<Record<SettingName, string>> = {};
  const sources: Partial<Record<SettingName, string>> = {};
  for (const [output, setting] of Object.entries(STACK_OUTPUTS) as [keyof typeof STACK_OUTPUTS, SettingName][]) {
    const value = fromFile[output];
    if (value !== undefined) {
      raw[setting] = value;
      sources[setting] = `${setting} (from ${output} in ${file})`;
    }
  }
  const env = { ...options.env };
  env.AWS_REGION ??= env.AWS_DEFAULT_REGION;
  env.AWS_ENDPOINT_URL_S3 ??= env.AWS_ENDPOINT_URL;
  for (const name of SETTING_NAMES) {
    const value = nonEmpty(env[name]);
    if (value !== undefined) {
      raw[name] = value;
      delete sources[name];
    }
  }

  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const setting = String(issue.path[0] ?? "configuration") as SettingName;
        return `${sources[setting] ?? setting} ${issue.message}`;
      }),
    );
  }
  return toConfig(parsed.data, cwd);
}

function toConfig(s: Settings, cwd: string): Config {
  const keyStore = s.SHARE_KEY_STORE ?? (s.SHARE_SIGNING_KEY_SECRET && !s.SHARE_KEY_PAIR_ID ? "secretsmanager" : "local");
  const signingKey: SigningKeyConfig =
    keyStore === "secretsmanager"
      ? { store: "secretsmanager", secretName: s.SHARE_SIGNING_KEY_SECRET ?? "" }
      : {
          store: "local",
          ...(s.SHARE_KEY_PAIR_ID ? { keyPairId: s.SHARE_KEY_PAIR_ID } : {}),
          ...(s.SHARE_PRIVATE_KEY ? { privateKeyPath: filePath(s.SHARE_PRIVATE_KEY, cwd) } : {}),
        };
  const portal: PortalConfig = {
    port: s.PORT,
    host: s.PORTAL_HOST,
    edgePort: s.EDGE_PORT,
    ...(s.PORTAL_URL ? { url: s.PORTAL_URL } : {}),
    ...(s.PORTAL_SESSION_SECRET ? { sessionSecret: s.PORTAL_SESSION_SECRET } : {}),
    ...(s.PORTAL_ADMIN_PASSWORD ? { adminPassword: s.PORTAL_ADMIN_PASSWORD } : {}),
    ...(s.PORTAL_SENDER_NAME ? { senderName: s.PORTAL_SENDER_NAME } : {}),
    trustProxy: s.PORTAL_TRUST_PROXY === "true",
    edgeTrustProxy: s.EDGE_TRUST_PROXY === "true",
  };
  if (s.OIDC_ISSUER && s.OIDC_CLIENT_ID && s.OIDC_CLIENT_SECRET) {
    portal.oidc = {
      issuer: s.OIDC_ISSUER,
      clientId: s.OIDC_CLIENT_ID,
      clientSecret: s.OIDC_CLIENT_SECRET,
      allowedDomains: s.OIDC_ALLOWED_DOMAINS,
      groupsClaim: s.OIDC_GROUPS_CLAIM,
      adminGroups: s.OIDC_ADMIN_GROUPS,
      operatorGroups: s.OIDC_OPERATOR_GROUPS,
      scopes: s.OIDC_SCOPES,
      ...(s.OIDC_CONTACT ? { contact: s.OIDC_CONTACT } : {}),
    };
  }
  const common: CommonConfig = {
    prefix: s.SHARE_PREFIX,
    publicUrl: s.SHARE_PUBLIC_URL ?? `http://localhost:${s.EDGE_PORT}`,
    maxExpiryMs: parseDuration(s.SHARE_MAX_EXPIRY),
    hashAlgorithm: s.SHARE_HASH_ALGORITHM,
    maxFileSize: s.SHARE_MAX_FILE_SIZE,
    ipv6Enabled: s.SHARE_IPV6 === "true",
    signingKey,
    portal,
    activity: { viewerAddress: s.SHARE_VIEWER_ADDRESS, retentionMs: parseDuration(s.SHARE_ACTIVITY_RETENTION) },
    mail: mailConfig(s, cwd),
  };
  if (!s.SHARE_BUCKET) {
    return { mode: "local", dataDir: resolve(cwd, s.SHARE_DATA_DIR), ...(s.SHARE_LEGACY_LINKS_UNTIL ? { legacyLinksUntil: s.SHARE_LEGACY_LINKS_UNTIL } : {}), ...common };
  }
  return {
    mode: "aws",
    bucket: s.SHARE_BUCKET,
    ...(s.AWS_REGION ? { region: s.AWS_REGION } : {}),
    ...(s.AWS_ENDPOINT_URL_S3 ? { endpoint: s.AWS_ENDPOINT_URL_S3 } : {}),
    ...(s.SHARE_DISTRIBUTION_ID ? { distributionId: s.SHARE_DISTRIBUTION_ID } : {}),
    ...(s.SHARE_KEY_GROUP_ID ? { keyGroupId: s.SHARE_KEY_GROUP_ID } : {}),
    ...(s.SHARE_BOOTSTRAP_PUBLIC_KEY_ID ? { bootstrapPublicKeyId: s.SHARE_BOOTSTRAP_PUBLIC_KEY_ID } : {}),
    ...(s.SHARE_ACTIVITY_LOG_BUCKET
      ? { activityLogs: { bucket: s.SHARE_ACTIVITY_LOG_BUCKET, ...(s.SHARE_ACTIVITY_LOG_PREFIX ? { prefix: s.SHARE_ACTIVITY_LOG_PREFIX } : {}) } }
      : {}),
    ...(s.SHARE_REVOCATION_STORE_ARN ? { revocationStoreArn: s.SHARE_REVOCATION_STORE_ARN } : {}),
    ...common,
  };
}

/** The placeholder sender of local mode's outbox when SHARE_MAIL_FROM is unset. */
export const OUTBOX_FROM = "signed-share@localhost";

function mailConfig(s: Settings, cwd: string): MailConfig {
  const kind = s.SHARE_MAIL ?? (s.SMTP_URL ? "smtp" : s.SHARE_BUCKET ? (s.SHARE_MAIL_FROM ? "ses" : "off") : "outbox");
  let transport: MailTransportConfig;
  if (kind === "smtp" && s.SMTP_URL) {
    const url = smtpUrl(s.SMTP_URL)!;
    transport = {
      kind: "smtp",
      host: url.hostname.replace(/^\[|\]$/g, ""),
      secure: url.protocol === "smtps:",
      port: url.port ? Number(url.port) : url.protocol === "smtps:" ? 465 : 587,
      ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      ...(s.SMTP_TLS_CA ? { caPath: filePath(s.SMTP_TLS_CA, cwd) } : {}),
    };
  } else if (kind === "ses") transport = { kind: "ses", ...(s.AWS_REGION ? { region: s.AWS_REGION } : {}) };
  else if (kind === "outbox") transport = { kind: "outbox" };
  else transport = { kind: "off", reason: s.SHARE_MAIL === "off" ? "SHARE_MAIL is off" : "no mail transport is configured: set SMTP_URL (and SHARE_MAIL_FROM), or SHARE_MAIL_FROM for Amazon SES" };
  return {
    transport,
    from: s.SHARE_MAIL_FROM ?? OUTBOX_FROM,
    ...(s.PORTAL_SENDER_NAME ? { senderName: s.PORTAL_SENDER_NAME.trim() } : {}),
    ownDomains: s.SHARE_MAIL_OWN_DOMAINS ?? fromDomain(s.SHARE_MAIL_FROM ?? ""),
    perUserPerHour: s.SHARE_MAIL_PER_HOUR,
    remindBeforeMs: parseDuration(s.SHARE_REMIND_BEFORE),
  };
}

/** smtp:// or smtps:// with a host and nothing after the port. */
function smtpUrl(text: string): URL | undefined {
  const url = parseUrl(text);
  if (!url || (url.protocol !== "smtp:" && url.protocol !== "smtps:")) return undefined;
  if (!url.hostname || (url.pathname !== "" && url.pathname !== "/") || url.search || url.hash) return undefined;
  return url;
}

function isAddress(text: string): boolean {
  try {
    parseAddress(text);
    return true;
  } catch {
    return false;
  }
}

/** Reads the stack outputs JSON; every value we use must be a string. */
function readStackOutputs(path: string, setting: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError([
      `${setting} names ${path}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): create it with \`pulumi stack output --json > stack.json\``,
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError([`${setting} names ${path}, which is not JSON: create it with \`pulumi stack output --json > stack.json\``]);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ConfigError([`${setting} names ${path}, which is not a JSON object of stack outputs`]);
  }
  const outputs: Record<string, string> = {};
  const problems: string[] = [];
  for (const output of Object.keys(STACK_OUTPUTS)) {
    const value = (json as Record<string, unknown>)[output];
    if (value === undefined || value === null) continue;
    if (value === "[secret]") problems.push(`${output} in ${path} is hidden as [secret]: rerun with \`pulumi stack output --json --show-secrets\``);
    else if (typeof value === "boolean") outputs[output] = String(value);
    else if (typeof value !== "string") problems.push(`${output} in ${path} must be a string${got(value)}`);
    else outputs[output] = value;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return outputs;
}

function filePath(uri: string, cwd: string): string {
  const path = uri.slice("file://".length);
  return isAbsolute(path) ? path : resolve(cwd, path);
}

/** "10GB", "500 MiB", "1073741824" → bytes (K/M/G/T are powers of 1024, like S3's limits); undefined when unreadable or over S3's 5 TiB. */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?\s*$/i.exec(text);
  if (!match) return undefined;
  const power = { b: 0, k: 1, m: 2, g: 3, t: 4 }[(match[2] ?? "b")[0]!.toLowerCase() as "b" | "k" | "m" | "g" | "t"];
  const bytes = Math.floor(Number(match[1]) * 1024 ** power);
  return bytes > 0 && bytes <= 5 * 1024 ** 4 ? bytes : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
