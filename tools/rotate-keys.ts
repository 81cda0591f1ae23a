import { CloudFrontClient } from "@aws-sdk/client-cloudfront";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { systemClock } from "../lib/clock.js";
import type { Config } from "../lib/config.js";
import { parseDuration } from "../lib/duration.js";
import { createKeyGroupAdmin, createKeyStore } from "../lib/keys/from-config.js";
import { FileKeyStore } from "../lib/keys/file-key-store.js";
import { signingKeySecretName } from "../lib/keys/key-store.js";
import type { RotationDeps, RotationOptions } from "../lib/keys/rotation/context.js";
import type { EdgeProbeTarget } from "../lib/keys/rotation/edge-probe.js";
import { RotationLockedError } from "../lib/keys/rotation/lock.js";
import { textProgress } from "../lib/keys/rotation/progress.js";
import { RotationFailedError, runRotation } from "../lib/keys/rotation/runner.js";
import { createDenyList } from "../lib/revocation/from-config.js";
import { createStore } from "../lib/storage/create-store.js";
import { AuditLog } from "../lib/audit/audit-log.js";
import { exactOrigin } from "../lib/net/origin.js";
import { confirmOnTerminal, unconfirmedMessage, type Confirmation } from "./confirm.js";
import { EXIT_CODE } from "../lib/errors.js";
import { loadToolConfig, operatorName, UsageError } from "./cli.js";
import type { CommandLine, LocalContext } from "./commands/command.js";

function duration(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (/^0+[smhd]?$/.test(text.trim())) return 0;
  try {
    return parseDuration(text);
  } catch (error) {
    throw new UsageError(`--${flag}: ${(error as Error).message}`);
  }
}

/** With --stack and a bucket, the signing key secret defaults to the stack's (as infra names it). */
function readConfig(file: string | undefined, stack: string | undefined, given: NodeJS.ProcessEnv): Config {
  const env = { ...given };
  if (stack && !env.SHARE_SIGNING_KEY_SECRET && env.SHARE_BUCKET) env.SHARE_SIGNING_KEY_SECRET = signingKeySecretName(stack);
  return loadToolConfig(file, env);
}

/** Local mode probes the local edge only when one answers; an edge named explicitly must answer. */
async function localProbe(url: string, originPrefix: string, explicit: boolean): Promise<{ probe?: EdgeProbeTarget; skip?: string }> {
  try {
    await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(2_000) });
  } catch {
    if (explicit) throw new Error(`the edge given as ${url} does not answer: start it, or fix --edge-url / EDGE_URL (nothing was rotated)`);
    return { skip: `no local edge answers at ${url} (start it, or pass --edge-url)` };
  }
  return { probe: { publicUrl: url, originPrefix, fetch: (u) => fetch(u, { redirect: "manual" }) } };
}

type Values = Partial<Record<"stack" | "config" | "type" | "propagation-wait" | "probe-timeout" | "invalidation-timeout" | "edge-url" | "by", string>> &
  Partial<Record<"keep-old" | "retire" | "dry-run" | "yes" | "json" | "force-unlock", boolean>>;

/** `signed-share rotate-keys` (tools/commands/local.ts): runs lib/keys/rotation on the configured key store and key group. */
export async function run(line: CommandLine, { io, env }: LocalContext): Promise<number> {
  const values = line.values as Values;
  if (values["keep-old"] && values.retire) throw new UsageError("--keep-old and --retire exclude each other (see --help)");
  if (values.type !== undefined && values.type !== "rsa" && values.type !== "ecdsa") throw new UsageError(`--type must be rsa or ecdsa, got "${values.type}"`);
  const explicitEdge = values["edge-url"] ?? env.EDGE_URL;
  const edgeUrl = explicitEdge === undefined ? undefined : exactOrigin(explicitEdge);
  if (explicitEdge !== undefined && edgeUrl === undefined) {
    throw new UsageError(`${values["edge-url"] !== undefined ? "--edge-url" : "EDGE_URL"} must be an http(s) origin like http://localhost:3001, got "${explicitEdge}"`);
  }
  const config = readConfig(values.config, values.stack, env);
  const local = config.mode === "local";

  const clients = local
    ? {}
    : {
        cloudFront: new CloudFrontClient({ ...(config.region ? { region: config.region } : {}) }),
        secretsManager: new SecretsManagerClient({ ...(config.region ? { region: config.region } : {}) }),
      };
  let keyStore;
  let keyGroup;
  try {
    keyStore = createKeyStore(config, clients);
    keyGroup = createKeyGroupAdmin(config, clients);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (keyStore instanceof FileKeyStore) {
    throw new UsageError("SHARE_KEY_PAIR_ID/SHARE_PRIVATE_KEY name one fixed key: rotation needs SHARE_KEY_STORE=secretsmanager (AWS) or local mode's key directory");
  }

  const { probe, skip } = local
    ? await localProbe(edgeUrl ?? config.publicUrl, config.prefix, edgeUrl !== undefined)
    : { probe: { publicUrl: config.publicUrl, originPrefix: config.prefix, fetch: (u: string) => fetch(u, { redirect: "manual" }) }, skip: undefined };

  const mode = values.retire ? "retire" : values["keep-old"] ? "keep-old" : "full";
  const options: RotationOptions = {
    mode,
    by: values.by ?? operatorName(),
    dryRun: Boolean(values["dry-run"]),
    forceUnlock: Boolean(values["force-unlock"]),
    propagationWaitMs: duration("propagation-wait", values["propagation-wait"], local ? 2_000 : 60_000),
    probeTimeoutMs: duration("probe-timeout", values["probe-timeout"], local ? 30_000 : 600_000),
    invalidationTimeoutMs: duration("invalidation-timeout", values["invalidation-timeout"], 1_200_000),
    ...(values.type ? { keyType: values.type as "rsa" | "ecdsa" } : {}),
  };
  let answer = "yes" as Confirmation;
  const deps: RotationDeps = {
    keyStore,
    keyGroup,
    objects: createStore(config),
    ...((denyList) => (denyList ? { denyList } : {}))(createDenyList(config)),
    ...(probe ? { probe } : { probeSkipReason: skip }),
    clock: systemClock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    progress: textProgress((text) => io.stderr.write(text), systemClock),
    ...(config.mode === "aws" && config.bootstrapPublicKeyId ? { bootstrapPublicKeyId: config.bootstrapPublicKeyId } : {}),
    ...(values.yes || values["dry-run"] ? {} : { confirm: async () => (answer = await confirmOnTerminal("Proceed? [y/N] ")) === "yes" }),
  };
  const withFlags = `signed-share rotate-keys${values.stack ? ` --stack ${values.stack}` : ""}`;
  const again = values.stack ? withFlags : "signed-share rotate-keys";
  const printJson = (value: unknown) => values.json && io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

  // The audit trail (docs/audit.md): a rotation that changed something, or failed part-way.
  const audit = (outcome: string, details: Record<string, string>) =>
    new AuditLog(deps.objects, systemClock, "none")
      .record({ at: systemClock().toISOString(), event: "keys-rotated", actor: { name: values.by ?? `cli:${operatorName()}`, role: "admin", via: "cli" }, outcome, details: { mode, ...details } })
      .catch((error: Error) => io.stderr.write(`warning: the audit trail was not written: ${error.message}\n`));
  try {
    const summary = await runRotation(deps, options, again);
    if (summary.status !== "aborted" && summary.status !== "dry-run" && summary.status !== "nothing-to-do") {
      await audit("ok", { rotationId: String(summary.rotationId), status: summary.status, activeKeyPairId: String(summary.activeKeyPairId) });
    }
    if (summary.status === "aborted") {
      const message = unconfirmedMessage(answer === "yes" ? "no" : answer);
      printJson({ ...summary, changed: false, error: message });
      io.stderr.write(`${message}\n`);
      // Not confirmed: nothing changed, as for a command line that asked for nothing.
      return EXIT_CODE["bad-input"];
    }
    printJson(summary);
    io.stderr.write(
      summary.status === "dry-run"
        ? "dry run: nothing was changed\n"
        : summary.status === "nothing-to-do"
          ? `${summary.plan.join("\n")}\n`
          : `rotation ${summary.rotationId} ${summary.status}: active key ${summary.activeKeyPairId}${summary.status === "kept-old" ? `; the old key stays trusted until \`${withFlags} --retire\`` : ""}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof RotationLockedError) {
      printJson({ status: "locked", error: error.message });
      io.stderr.write(`refused: ${error.message}\n`);
      return EXIT_CODE[error.kind];
    }
    if (error instanceof RotationFailedError) await audit("internal", { failedStep: String(error.step), error: error.cause.message });
    if (error instanceof RotationFailedError) printJson({ ...error.summary, status: "failed", failedStep: error.step, state: error.state, next: error.next, error: error.cause.message });
    throw error;
  }
}

