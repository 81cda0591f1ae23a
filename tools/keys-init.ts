import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Config } from "../lib/config.js";
import { generateKeyPair } from "../lib/keys/generate.js";
import { activeOrUndefined, BOOTSTRAP_KEY_PAIR_ID, signingKeySecretName, type KeyStore } from "../lib/keys/key-store.js";
import { initLocalKeys } from "../lib/keys/local-init.js";
import { LocalKeyStore, localKeysDir } from "../lib/keys/local-key-store.js";
import { checkDeployed } from "../lib/keys/deployed-stack.js";
import { hasStackConfigValue, setStackConfigBlock } from "../lib/keys/pulumi-stack-config.js";
import { stackRegion } from "../lib/keys/stack-region.js";
import { SecretsManagerKeyStore } from "../lib/keys/secrets-manager-key-store.js";
import { isMissingFile } from "../lib/keys/local-key-files.js";
import { EXIT_CODE } from "../lib/errors.js";
import { loadToolConfig, UsageError } from "./cli.js";
import type { CommandLine, LocalContext } from "./commands/command.js";

const CONFIG_KEY = "signed-share:signingPublicKey";


async function readOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if (isMissingFile(error)) return "";
    throw error;
  }
}

/** `signed-share keys:init` (tools/commands/local.ts). */
export async function run(line: CommandLine, { io, env }: LocalContext): Promise<number> {
  const values = line.values as { stack?: string; type?: string; store?: string; config?: string; force?: boolean };
  const type = values.type ?? "ecdsa";
  if (type !== "rsa" && type !== "ecdsa") throw new UsageError(`--type must be rsa or ecdsa, got "${type}"`);
  const stack = values.stack;
  if (stack !== undefined && !/^[A-Za-z0-9_.-]+$/.test(stack)) throw new UsageError(`--stack must be a stack name like dev or prod, got "${stack}"`);
  const storeKind = values.store ?? (stack ? "secretsmanager" : "local");
  if (storeKind !== "local" && storeKind !== "secretsmanager") throw new UsageError(`--store must be local or secretsmanager, got "${storeKind}"`);
  if (storeKind === "secretsmanager" && !stack) throw new UsageError("--store secretsmanager needs --stack S (the secret is per stack)");
  const config = loadToolConfig(values.config, env);
  const force = Boolean(values.force);

  if (!stack) {
    if (config.mode !== "local") throw new UsageError("without --stack, keys:init makes local mode's key; unset SHARE_BUCKET, or pass --stack S");
    const dir = localKeysDir(config.dataDir);
    const { key, created } = await initLocalKeys(dir, { type, replace: force });
    if (!created) {
      io.stderr.write(`refused: ${dir} already has the active key ${key.keyPairId}; --force replaces it (every link signed with it stops working)\n`);
      return EXIT_CODE.conflict;
    }
    io.stdout.write(`created ${type} key ${key.keyPairId} in ${dir} (private key 0600, never printed); the local edge trusts it\n`);
    return 0;
  }

  const stackFile = resolve(`Pulumi.${stack}.yaml`);
  const stackText = await readOrEmpty(stackFile);
  const deployed = await checkDeployed(stack, {
    ...(values.config ?? env.SHARE_CONFIG ? { outputsFile: values.config ?? env.SHARE_CONFIG } : {}),
    outputsSayDeployed: config.mode === "aws" && (config.bootstrapPublicKeyId !== undefined || config.distributionId !== undefined),
    cwd: process.cwd(),
  });
  if (deployed.deployed) {
    io.stderr.write(
      `refused: stack ${stack} is deployed (${deployed.source} has outputs). Its bootstrap key cannot change: a new one would replace the CloudFront public key without joining the key group. Change the signing key with \`signed-share rotate-keys\` (see its --help).\n`,
    );
    return EXIT_CODE.conflict;
  }
  const secretName = config.signingKey.store === "secretsmanager" ? config.signingKey.secretName : signingKeySecretName(stack);
  let store: KeyStore;
  if (storeKind === "secretsmanager") {
    const region = stackRegion(stackText, stackFile, [
      { name: "AWS_REGION", region: env.AWS_REGION },
      { name: "AWS_DEFAULT_REGION", region: env.AWS_DEFAULT_REGION },
      ...(config.mode === "aws" ? [{ name: "the stack outputs' region", region: config.region }] : []),
    ]);
    if ("problem" in region) throw new UsageError(region.problem);
    store = new SecretsManagerKeyStore(new SecretsManagerClient({ region: region.region }), secretName);
  } else {
    if (config.mode !== "local") throw new UsageError("--store local keeps the key in SHARE_DATA_DIR/keys, which is for local mode; use --store secretsmanager with SHARE_BUCKET set");
    store = new LocalKeyStore(localKeysDir(config.dataDir));
  }

  const existing = await activeOrUndefined(store);
  const problems = [
    ...(existing ? [`${store.location} already holds the key ${existing.keyPairId}`] : []),
    ...(hasStackConfigValue(stackText, CONFIG_KEY) ? [`${stackFile} already sets ${CONFIG_KEY}`] : []),
  ];
  if (problems.length && !force) {
    io.stderr.write(`refused: ${problems.join("; ")}. --force replaces the key, for a stack that was never deployed; to change the key of a deployed stack use \`signed-share rotate-keys\`\n`);
    return EXIT_CODE.conflict;
  }

  const pair = generateKeyPair(type);
  let nextStackText: string;
  try {
    nextStackText = setStackConfigBlock(stackText, CONFIG_KEY, pair.publicKeyPem);
  } catch (error) {
    throw new Error(`${stackFile}: ${(error as Error).message}`);
  }
  // The private key first: a public key in the stack without its private key would be useless.
  await store.activate({ keyPairId: BOOTSTRAP_KEY_PAIR_ID, type, privateKeyPem: pair.privateKeyPem, createdAt: new Date().toISOString() });
  await writeFile(stackFile, nextStackText);
  io.stdout.write(
    [
      `stored the ${type} private key in ${store.location} (never printed)`,
      `wrote ${CONFIG_KEY} to ${stackFile}`,
      `next: pulumi up --stack ${stack}; the portal then signs with this key under the bootstrapPublicKeyId stack output`,
      "",
    ].join("\n"),
  );
  return 0;
}

