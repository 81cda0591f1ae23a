// Client files: the largest upload.
import { z } from "zod";
import { got, type SettingsOf } from "./shared.js";

export const fileSettings = {
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
};

export function fileConfig(s: SettingsOf<typeof fileSettings>) {
  return { maxFileSize: s.SHARE_MAX_FILE_SIZE };
}

/** "10GB", "500 MiB", "1073741824" → bytes (K/M/G/T are powers of 1024, like S3's limits); undefined when unreadable or over S3's 5 TiB. */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?\s*$/i.exec(text);
  if (!match) return undefined;
  const power = { b: 0, k: 1, m: 2, g: 3, t: 4 }[(match[2] ?? "b")[0]!.toLowerCase() as "b" | "k" | "m" | "g" | "t"];
  const bytes = Math.floor(Number(match[1]) * 1024 ** power);
  return bytes > 0 && bytes <= 5 * 1024 ** 4 ? bytes : undefined;
}
