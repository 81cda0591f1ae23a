// Building blocks of the settings schemas (lib/config/*.ts): value rules that several subsystems use.
import { isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { exactOrigin } from "../net/origin.js";

/** A setting's rule that involves other settings: `problem(setting, message)` reports it under the setting's name. */
export type Problem = (setting: string, message: string) => void;

/** The parsed values of a settings shape. */
export type SettingsOf<S extends z.ZodRawShape> = z.output<z.ZodObject<S>>;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
const isLoopback = (host: string) => LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);

/** The end of a message that shows the value it refuses. */
export const got = (input: unknown) => ` (got ${JSON.stringify(input)})`;

export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** https anywhere, http only on loopback; no query or fragment. */
export function webUrl(example: string) {
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
export function webOrigin(example: string) {
  return webUrl(example).refine((text) => exactOrigin(text) !== undefined, {
    error: (issue) => `must be an origin (scheme, host and port, no path) like ${example}${got(issue.input)}`,
  });
}

export const commaList = z.string().transform((text) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== ""),
);

/** 0 asks the system for a free port (tests, several instances side by side). */
export const port = (fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: (issue) => `must be a port number from 0 to 65535${got(issue.input)}` })
    .transform(Number)
    .refine((n) => n >= 0 && n <= 65535, { error: (issue) => `must be a port number from 0 to 65535${got(String(issue.input))}` })
    .default(fallback);

/** Values that must never be echoed back in messages. */
export const secret = (rule: string, check: (text: string) => boolean) => z.string().refine(check, { error: rule });

/** "true" or "false". */
export const flag = () => z.enum(["true", "false"], { error: (issue) => `must be true or false${got(issue.input)}` }).default("false");

/** An S3 bucket name; `what` completes the message. */
export const bucketName = (what: string) =>
  z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: (issue) => `must be an S3 bucket name ${what}${got(issue.input)}` });

/** `file://PATH` as an absolute path. */
export function filePath(uri: string, cwd: string): string {
  const path = uri.slice("file://".length);
  return isAbsolute(path) ? path : resolve(cwd, path);
}
