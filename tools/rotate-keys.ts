import { systemClock } from "../lib/clock.js";
import type { Config } from "../lib/config.js";
import { EXIT_CODE, ShareError } from "../lib/errors.js";
import { signingKeySecretName } from "../lib/keys/key-store.js";
import { RotationLockedError } from "../lib/keys/rotation/lock.js";
import { textProgress } from "../lib/keys/rotation/progress.js";
import { exactOrigin } from "../lib/net/origin.js";
import { createServices } from "../lib/ops/compose.js";
import type { Actor, RunContext } from "../lib/ops/operation.js";
import { ops } from "../lib/ops/registry.js";
import { runOperation } from "../lib/ops/run.js";
import { createStore } from "../lib/storage/create-store.js";
import { confirmOnTerminal, unconfirmedMessage, type Confirmation } from "./confirm.js";
import { loadToolConfig, operatorName, UsageError } from "./cli.js";
import type { CommandLine, LocalContext } from "./commands/command.js";

/** With --stack and a bucket, the signing key secret defaults to the stack's (as infra names it). */
function readConfig(file: string | undefined, stack: string | undefined, given: NodeJS.ProcessEnv): Config {
  const env = { ...given };
  if (stack && !env.SHARE_SIGNING_KEY_SECRET && env.SHARE_BUCKET) env.SHARE_SIGNING_KEY_SECRET = signingKeySecretName(stack);
  return loadToolConfig(file, env);
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
  const store = createStore(config);
  // The composition root's services (lib/ops/compose.ts): the rotation's key store, key group and edge among them.
  const services = createServices(config, { clock: systemClock, store, mailer: null, files: null, requests: null, activity: null });
  const mode = values.retire ? "retire" : values["keep-old"] ? "keep-old" : "full";
  const input = {
    mode,
    ...(values.type ? { keyType: values.type } : {}),
    ...(values["dry-run"] ? { dryRun: true } : {}),
    ...(values["force-unlock"] ? { forceUnlock: true } : {}),
    ...(values["propagation-wait"] !== undefined ? { propagationWait: values["propagation-wait"] } : {}),
    ...(values["probe-timeout"] !== undefined ? { probeTimeout: values["probe-timeout"] } : {}),
    ...(values["invalidation-timeout"] !== undefined ? { invalidationTimeout: values["invalidation-timeout"] } : {}),
    ...(edgeUrl !== undefined ? { edgeUrl } : {}),
  };
  const withFlags = `signed-share rotate-keys${values.stack ? ` --stack ${values.stack}` : ""}`;
  let answer = "yes" as Confirmation;
  // The door's part: the steps on stderr, the question on the terminal (unless --yes or --dry-run).
  const context: RunContext = {
    steps: textProgress((text) => io.stderr.write(text), systemClock),
    again: values.stack ? withFlags : "signed-share rotate-keys",
    ...(values.yes || values["dry-run"] ? {} : { confirm: async () => (answer = await confirmOnTerminal("Proceed? [y/N] ")) === "yes" }),
  };
  const actor: Actor = { name: values.by ?? `cli:${operatorName()}`, role: "admin", via: "cli" };
  const printJson = (value: unknown) => values.json && io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

  try {
    const summary = await runOperation(ops.keys.rotate, services, input, actor, context);
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
    // A step failed: the summary of what was done, the step, the state and what to run next (the operation's partial result).
    if (error instanceof ShareError && error.partial) printJson(error.partial);
    throw error;
  } finally {
    await services.close();
  }
}
