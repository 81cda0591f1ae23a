// Reads the `signed-share:*` stack configuration through Pulumi and validates it.
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE, InfraConfigError, parseInfraConfig, type InfraConfig } from "./config";

/** Whether a key was set with --secret; undefined when this Pulumi SDK does not say (the check is then skipped). */
function isConfigSecret(key: string): boolean | undefined {
  const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
  return typeof runtime.isConfigSecret === "function" ? runtime.isConfigSecret(key) : undefined;
}

/** The validated stack configuration; a bad value stops `pulumi up` with a message naming the key. */
export function readInfraConfig(): InfraConfig {
  const prefix = `${CONFIG_NAMESPACE}:`;
  const raw: Record<string, string> = {};
  const all = pulumi.runtime.allConfig();
  for (const [key, value] of Object.entries(all)) {
    if (key.startsWith(prefix)) raw[key.slice(prefix.length)] = value;
  }
  try {
    return parseInfraConfig(raw, { region: all["aws:region"], isSecret: (key) => isConfigSecret(`${prefix}${key}`) });
  } catch (err) {
    // RunError: Pulumi prints the message alone, without a stack trace.
    if (err instanceof InfraConfigError) throw new pulumi.RunError(err.message);
    throw err;
  }
}
