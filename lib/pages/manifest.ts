import { TextChunks } from "../storage/text-chunks.js";

/**
 * The files of one link as the publisher collected them, in listing order: parallel arrays, so that
 * 100,000 files cost a few arrays and no object per file. `queries[i]` is the file's signing query
 * (what follows `?l=<linkId>&` in its URL) or the index of a shared query in `shared` (a folder
 * signature that many files carry).
 */
export interface LinkFileList {
  paths: string[];
  sizes: number[];
  /** Epoch milliseconds. */
  modified: number[];
  queries: (string | number)[];
  shared: string[];
}

export function emptyFileList(): LinkFileList {
  return { paths: [], sizes: [], modified: [], queries: [], shared: [] };
}

/** The URL of file `i`: `base` (the client's folder URL, ending in "/") + the encoded path + the link id + the query. */
export function fileUrl(files: LinkFileList, i: number, base: string, linkId: string, encodePath: (path: string) => string): string {
  const query = files.queries[i]!;
  return `${base}${encodePath(files.paths[i]!)}?l=${linkId}&${typeof query === "number" ? files.shared[query] : query}`;
}

/**
 * The compact manifest the page for many files loads (its format is in lib/pages/many-files-script.ts):
 * folders written once, files as [folder, name, size, modified seconds, query], and of a per-file
 * signing query only the part that differs from file to file (the signature, or policy and
 * signature) between a prefix and a suffix all of them share.
 */
export function manifestJson(files: LinkFileList, base: string, linkId: string): Buffer {
  const first = files.queries.find((q): q is string => typeof q === "string");
  const prefix = first === undefined ? "" : sharedPrefix(first);
  const suffix = first === undefined ? "" : sharedSuffix(first);
  const folders = new Map<string, number>();
  const body = new TextChunks();
  // The folders are known only once every file is seen, so they come last (JSON does not mind the order).
  body.add(`${JSON.stringify({ version: 1, base, link: linkId, prefix, suffix, shared: files.shared }).slice(0, -1)},"files":[\n`);
  for (let i = 0; i < files.paths.length; i++) {
    const path = files.paths[i]!;
    const cut = path.lastIndexOf("/") + 1;
    const folder = path.slice(0, cut);
    let index = folders.get(folder);
    if (index === undefined) folders.set(folder, (index = folders.size));
    const query = files.queries[i]!;
    const q = typeof query === "number" ? query : query.startsWith(prefix) && query.endsWith(suffix) && query.length >= prefix.length + suffix.length ? query.slice(prefix.length, query.length - suffix.length) : [query];
    body.add(`${i === 0 ? "" : ",\n"}[${index},${JSON.stringify(path.slice(cut))},${files.sizes[i]},${Math.floor(files.modified[i]! / 1000)},${typeof q === "number" ? q : JSON.stringify(q)}]`);
  }
  body.add(`\n],"folders":${JSON.stringify([...folders.keys()])}}\n`);
  return body.take();
}

/** A canned query "Expires=E&Signature=S&Key-Pair-Id=K": everything up to the signature is shared. */
function sharedPrefix(query: string): string {
  if (!query.startsWith("Expires=")) return "";
  const at = query.indexOf("&Signature=");
  return at < 0 ? "" : query.slice(0, at + "&Signature=".length);
}

/** "…&Key-Pair-Id=K" (and "&Hash-Algorithm=SHA256") ends every query of one link. */
function sharedSuffix(query: string): string {
  const at = query.indexOf("&Key-Pair-Id=");
  return at < 0 ? "" : query.slice(at);
}
