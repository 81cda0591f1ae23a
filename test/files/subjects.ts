import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ClientFiles } from "../../lib/files/client-files.js";
import { multipartFor } from "../../lib/files/create-client-files.js";
import { MIN_PART_SIZE } from "../../lib/files/multipart.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import type { ObjectStore } from "../../lib/storage/object-store.js";
import { S3ObjectStore } from "../../lib/storage/s3-store.js";
import { startFaultProxy, type RecordedRequest } from "../support/fault-proxy.js";
import { startFauxqs } from "../support/fauxqs.js";

export const PREFIX = "client_files";
export const NOW = new Date("2026-03-02T09:00:00Z");
/** Small parts (S3's minimum), so a 11 MB file takes three. */
export const PART_SIZE = MIN_PART_SIZE;

export interface FilesSubject {
  name: string;
  store: ObjectStore;
  files: ClientFiles;
  /** The Content-Disposition the store was given for `key` (fauxqs keeps none: read what the adapter sent). */
  dispositionSent(key: string): Promise<string | undefined>;
  /** Requests seen on the wire (S3 only). */
  requests?: RecordedRequest[];
  /** Where temp files may go. */
  scratch: string;
  cleanup(): Promise<void>;
}

export function clientFilesOn(store: ObjectStore, maxFileSize = 64 * 1024 * 1024): ClientFiles {
  return new ClientFiles({ store, multipart: multipartFor(store, () => NOW), prefix: PREFIX, clock: () => NOW, maxFileSize, partSize: PART_SIZE });
}

export async function localSubject(): Promise<FilesSubject> {
  const scratch = await mkdtemp(join(tmpdir(), "files-local-"));
  const store = new LocalObjectStore(join(scratch, "data"));
  return {
    name: "local directory",
    store,
    files: clientFilesOn(store),
    dispositionSent: async (key) => (await store.head(key))?.contentDisposition,
    scratch,
    cleanup: () => rm(scratch, { recursive: true, force: true }),
  };
}

export async function s3Subject(): Promise<FilesSubject> {
  const scratch = await mkdtemp(join(tmpdir(), "files-s3-"));
  const s3 = await startFauxqs();
  const proxy = await startFaultProxy(s3.endpoint);
  const bucket = await s3.createBucket();
  const store = new S3ObjectStore(s3.client({ endpoint: proxy.endpoint }), bucket);
  return {
    name: "S3 (fauxqs over HTTP)",
    store,
    files: clientFilesOn(store),
    dispositionSent: async (key) => {
      const create = proxy.requests.findLast((r) => r.method === "POST" && r.path === `/${bucket}/${key}` && r.url.includes("uploads"));
      const put = proxy.requests.findLast((r) => r.method === "PUT" && r.path === `/${bucket}/${key}`);
      const header = (create ?? put)?.headers["content-disposition"];
      return Array.isArray(header) ? header[0] : header;
    },
    requests: proxy.requests,
    scratch,
    cleanup: async () => {
      await proxy.stop();
      await s3.stop();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
