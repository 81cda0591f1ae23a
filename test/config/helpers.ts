import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";
import { ConfigError, loadConfig, type Config, type LoadConfigOptions } from "../../lib/config.js";

/** A temp directory as cwd, with an optional stack.json in it; removed when the test ends. */
export function workdir(stack?: Record<string, unknown> | string): string {
  const dir = mkdtempSync(join(tmpdir(), "signed-share-config-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  if (stack !== undefined) writeFileSync(join(dir, "stack.json"), typeof stack === "string" ? stack : JSON.stringify(stack));
  return dir;
}

export const AWS_ENV = {
  SHARE_BUCKET: "acme-share-files",
  SHARE_PUBLIC_URL: "https://files.example.com",
};

export function load(env: Record<string, string | undefined>, options: Partial<LoadConfigOptions> = {}): Config {
  return loadConfig({ env, cwd: options.cwd ?? workdir(), ...options });
}

/** The ConfigError message loadConfig throws for this input. */
export function refusal(env: Record<string, string | undefined>, options: Partial<LoadConfigOptions> = {}): string {
  try {
    load(env, options);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected loadConfig to refuse, but it accepted the configuration");
}
