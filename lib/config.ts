/**
 * The one validated configuration of portal and tools. Sources, highest first:
 * environment variables (SHARE_*, AWS_*, PORT, PORTAL_*, OIDC_*), then the JSON that
 * `pulumi stack output --json` prints (file given as --config FILE or SHARE_CONFIG).
 * No SHARE_BUCKET means local mode: objects in SHARE_DATA_DIR (default ./data).
 *
 * Each subsystem defines its settings in lib/config/ (their rules, the rules between them, and its
 * part of Config); this module composes them into one schema, validated once, so that every problem
 * of every subsystem is reported together, each naming its setting. A new setting goes into its
 * subsystem's module (and docs/configuration.md).
 */
import { resolve } from "node:path";
import { z } from "zod";
import type { ViewerAddressRule } from "./activity/viewer-address.js";
import { activityConfig, activitySettings, awsActivityLogs, checkActivitySettings } from "./config/activity.js";
import { ConfigError } from "./config/config-error.js";
import { fileConfig, fileSettings } from "./config/files.js";
import { awsKeyConfig, checkKeySettings, keySettings, signingKeyConfig, type SigningKeyConfig } from "./config/keys.js";
import { awsLinkConfig, checkLinkSettings, linkConfig, linkSettings, localLinkConfig } from "./config/links.js";
import { checkMailSettings, mailConfig, mailSettings, type MailConfig } from "./config/mail.js";
import { checkOidcSettings, oidcConfig, oidcSettings } from "./config/oidc.js";
import { portalConfig, portalSettings, type PortalConfig } from "./config/portal.js";
import { checkScanningSettings, scanningConfig, scanningSettings, type ScanningConfig } from "./config/scanning.js";
import type { Problem } from "./config/shared.js";
import { readStackOutputs, STACK_OUTPUTS } from "./config/stack-outputs.js";
import { awsStorage, localStorage, storageSettings } from "./config/storage.js";

export { ConfigError } from "./config/config-error.js";
export { STACK_OUTPUTS } from "./config/stack-outputs.js";
export { parseByteSize } from "./config/files.js";
export { OUTBOX_FROM, type MailConfig, type MailTransportConfig } from "./config/mail.js";
export type { SigningKeyConfig } from "./config/keys.js";
export type { OidcConfig } from "./config/oidc.js";
export type { PortalConfig } from "./config/portal.js";
export type { ScanningConfig } from "./config/scanning.js";

/** Each subsystem's settings (lib/config/*.ts); a setting belongs to exactly one. */
export const SUBSYSTEM_SETTINGS = {
  storage: storageSettings,
  links: linkSettings,
  keys: keySettings,
  files: fileSettings,
  activity: activitySettings,
  portal: portalSettings,
  oidc: oidcSettings,
  mail: mailSettings,
  scanning: scanningSettings,
} as const;

const settingsSchema = z
  .object({
    ...storageSettings,
    ...linkSettings,
    ...keySettings,
    ...fileSettings,
    ...activitySettings,
    ...portalSettings,
    ...oidcSettings,
    ...mailSettings,
    ...scanningSettings,
  })
  .superRefine((s, ctx) => {
    const problem: Problem = (setting, message) => ctx.addIssue({ code: "custom", path: [setting], message });
    checkLinkSettings(s, problem);
    checkKeySettings(s, problem);
    checkActivitySettings(s, problem);
    checkOidcSettings(s, problem);
    checkMailSettings(s, problem);
    checkScanningSettings(s, problem);
  });

type Settings = z.output<typeof settingsSchema>;

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
  scanning: ScanningConfig;
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
  const common: CommonConfig = {
    prefix: s.SHARE_PREFIX,
    ...linkConfig(s),
    ...fileConfig(s),
    signingKey: signingKeyConfig(s, cwd),
    portal: portalConfig(s, oidcConfig(s)),
    activity: activityConfig(s),
    mail: mailConfig(s, cwd),
    scanning: scanningConfig(s),
  };
  if (!s.SHARE_BUCKET) return { mode: "local", ...localStorage(s, cwd), ...localLinkConfig(s), ...common };
  return {
    mode: "aws",
    ...awsStorage({ ...s, SHARE_BUCKET: s.SHARE_BUCKET }),
    ...awsLinkConfig(s),
    ...awsKeyConfig(s),
    ...awsActivityLogs(s),
    ...common,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
