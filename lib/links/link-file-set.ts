import type { ObjectStore } from "../storage/object-store.js";
import { readText } from "../storage/read-text.js";
import { TextChunks } from "../storage/text-chunks.js";

/**
 * The files a link covers, as they were when it was issued: each path (relative to the client's
 * folder) and size, kept under portal/ beside the link's record (docs/activity.md). Download
 * activity reads sizes and the file set from it instead of listing the client's folder, which may
 * hold 100,000 files and may have changed since. Written at issue time; never served.
 */
export const LINK_FILE_SETS_PREFIX = "portal/link-files/";

export function linkFileSetKey(client: string, linkId: string): string {
  return `${LINK_FILE_SETS_PREFIX}${client}/${linkId}.json`;
}

/** The stored form: one `[path, size]` per line, in listing order. */
export function fileSetJson(paths: readonly string[], sizes: readonly number[]): Buffer {
  const body = new TextChunks();
  body.add(`{"version":1,"files":[\n`);
  for (let i = 0; i < paths.length; i++) body.add(`${i === 0 ? "" : ",\n"}[${JSON.stringify(paths[i])},${sizes[i]}]`);
  body.add("\n]}\n");
  return body.take();
}

export async function writeFileSet(store: ObjectStore, key: string, paths: readonly string[], sizes: readonly number[]): Promise<void> {
  await store.put(key, fileSetJson(paths, sizes), { contentType: "application/json", cacheControl: "no-store" });
}

/** Path → size of the link's files; undefined when the set is missing or unreadable (a link issued before file sets were kept). */
export async function readFileSet(store: ObjectStore, key: string): Promise<Map<string, number> | undefined> {
  const text = await readText(store, key).catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as { version?: number; files?: [string, number][] };
    if (parsed.version !== 1 || !Array.isArray(parsed.files)) return undefined;
    return new Map(parsed.files.filter((f) => Array.isArray(f) && typeof f[0] === "string" && typeof f[1] === "number"));
  } catch {
    return undefined;
  }
}
