// Where objects live: the bucket (AWS mode) or the data directory (local mode, no SHARE_BUCKET).
import { resolve } from "node:path";
import { z } from "zod";
import { bucketName, got, parseUrl, type SettingsOf } from "./shared.js";

export const storageSettings = {
  SHARE_BUCKET: bucketName("(3-63 lowercase letters, digits, dots, hyphens; no s3:// prefix)").optional(),
  SHARE_PREFIX: z
    .string()
    .transform((text) => text.replace(/^\/+|\/+$/g, ""))
    .refine((text) => /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/.test(text) && !/(^|\/)\.\.?(\/|$)/.test(text), {
      error: (issue) => `must be a key prefix like client_files${got(issue.input)}`,
    })
    .default("client_files"),
  SHARE_DATA_DIR: z.string().default("./data"),
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
};

type StorageSettings = SettingsOf<typeof storageSettings>;

/** Local mode: the absolute path of the data directory. */
export function localStorage(s: StorageSettings, cwd: string) {
  return { dataDir: resolve(cwd, s.SHARE_DATA_DIR) };
}

/** AWS mode: the bucket, its region and a custom S3 endpoint (MinIO, an emulator). */
export function awsStorage(s: StorageSettings & { SHARE_BUCKET: string }) {
  return {
    bucket: s.SHARE_BUCKET,
    ...(s.AWS_REGION ? { region: s.AWS_REGION } : {}),
    ...(s.AWS_ENDPOINT_URL_S3 ? { endpoint: s.AWS_ENDPOINT_URL_S3 } : {}),
  };
}
