import { S3ObjectStore } from "../../lib/storage/s3-store.js";
import type { ObjectStore } from "../../lib/storage/object-store.js";
import { Publisher, type PublisherDeps } from "../../lib/publishing/publisher.js";
import { startFauxqs, type FauxqsHandle } from "../support/fauxqs.js";
import { rsaSigningKey, trustedPublicKeys } from "../support/vectors.js";
import { startEdge, type RunningEdge, type StartEdgeOptions } from "../../lib/edge/edge-server.js";

export const PREFIX = "client_files";
export const PUBLIC_URL = "https://files.example.com";
export const T0 = new Date("2030-01-01T00:00:00Z");
export const DAY = 86_400_000;

/** A fresh bucket on a shared fauxqs, as an S3ObjectStore. */
export async function freshStore(s3: FauxqsHandle): Promise<S3ObjectStore> {
  return new S3ObjectStore(s3.client({ maxAttempts: 1 }), await s3.createBucket());
}

export { startFauxqs };

/** Puts files (path relative to the client folder → body) under <prefix>/<client>/, a few at a time. */
export async function putFiles(store: ObjectStore, client: string, files: Record<string, string | Uint8Array>, concurrency = 16): Promise<void> {
  const entries = Object.entries(files);
  for (let i = 0; i < entries.length; i += concurrency) {
    await Promise.all(entries.slice(i, i + concurrency).map(([path, body]) => store.put(`${PREFIX}/${client}/${path}`, body)));
  }
}

export function publisherFor(store: ObjectStore, overrides: Partial<PublisherDeps> = {}): Publisher {
  return new Publisher({
    store,
    prefix: PREFIX,
    publicUrl: PUBLIC_URL,
    signingKey: async () => rsaSigningKey,
    clock: () => T0,
    maxExpiryMs: 366 * DAY,
    hashAlgorithm: "SHA1",
    ...overrides,
  });
}

/**
 * The local edge on a free port over `store`, trusting the test keys, and a publisher whose links
 * name that edge (signed with the test RSA key): the fixture of every test that opens published
 * links through the edge. `edge` adds options of the edge (an access log, a guard); `clock` is the
 * edge's and the publisher's unless `publisherClock` says otherwise.
 */
export async function edgeWithPublisher(
  store: ObjectStore,
  options: { clock?: () => Date; publisherClock?: () => Date; edge?: Partial<StartEdgeOptions> } = {},
): Promise<{ edge: RunningEdge; publisher: Publisher }> {
  const clock = options.clock ?? (() => new Date());
  const edge = await startEdge({ store, originPrefix: PREFIX, trustedKey: (id) => trustedPublicKeys.get(id), clock, ...options.edge }, 0);
  return { edge, publisher: publisherFor(store, { publicUrl: edge.url, clock: options.publisherClock ?? clock }) };
}

/** Every key in the store (for "nothing was written" checks). */
export async function allKeys(store: ObjectStore): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await store.list({ prefix: "", ...(token ? { token } : {}) });
    keys.push(...page.objects.map((o) => o.key));
    token = page.nextToken;
  } while (token);
  return keys.sort();
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

export function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]!);
}

/** The href of every link on a page, unescaped, in page order. */
export function pageLinks(html: string): string[] {
  return [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => unescapeHtml(m[1]!));
}

/** The "download all" commands: the output path and URL of each `curl --create-dirs -fLo 'PATH' 'URL'`, shell quoting undone. */
export function downloadCommands(html: string): { path: string; url: string }[] {
  const match = /<textarea id="all-commands"[^>]*>([^<]*)<\/textarea>/.exec(html);
  if (!match) return [];
  const quoted = String.raw`((?:'[^']*'|\\')+)`;
  const unquote = (text: string) => text.replace(/'([^']*)'|\\(')/g, (_, inside: string | undefined, quote: string | undefined) => inside ?? quote!);
  return [...unescapeHtml(match[1]!).matchAll(new RegExp(String.raw`^curl --create-dirs -fLo ${quoted} ${quoted}$`, "gm"))].map((m) => ({ path: unquote(m[1]!), url: unquote(m[2]!) }));
}

/** The URLs of the "download all" commands. */
export function downloadAllLines(html: string): string[] {
  return downloadCommands(html).map((c) => c.url);
}

/** The files of a page-for-many-files manifest, each URL built as the page's script builds it. */
export function manifestFiles(json: string): { path: string; size: number; modified: number; url: string }[] {
  const m = JSON.parse(json) as { base: string; link: string; prefix: string; suffix: string; shared: string[]; folders: string[]; files: [number, string, number, number, string | number | [string]][] };
  const encode = (path: string) => path.split("/").map(encodeURIComponent).join("/").replaceAll("*", "%2A");
  return m.files.map(([folder, name, size, modified, q]) => {
    const path = m.folders[folder]! + name;
    const query = typeof q === "number" ? m.shared[q]! : Array.isArray(q) ? q[0] : m.prefix + q + m.suffix;
    return { path, size, modified, url: `${m.base}${encode(path)}?l=${m.link}&${query}` };
  });
}

/** The (url, output) pairs of a download list for curl --config, each URL as curl requests it (a section's `get` + `data` appended). */
export function curlListPairs(text: string): { url: string; output: string }[] {
  const unquote = (value: string) => value.replace(/\\(.)/g, (_, c: string) => ({ t: "\t", n: "\n", r: "\r", v: "\v" })[c] ?? c);
  const pairs: { url: string; output: string }[] = [];
  for (const section of text.split(/^next$/m)) {
    const data = /^get\ndata = "((?:[^"\\]|\\.)*)"$/m.exec(section)?.[1];
    for (const m of section.matchAll(/^url = "((?:[^"\\]|\\.)*)"\noutput = "((?:[^"\\]|\\.)*)"$/gm)) {
      pairs.push({ url: unquote(m[1]!) + (data === undefined ? "" : `?${unquote(data)}`), output: unquote(m[2]!) });
    }
  }
  return pairs;
}
