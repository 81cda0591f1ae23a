import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { compareKeys } from "../../lib/storage/local-keys.js";

/**
 * The local store's listing walks the folder once, in S3's order, and cuts pages from that walk
 * (docs/architecture.md#bucket-layout). Checked here against a plain model of S3's listing: every
 * key sorted by its UTF-8 bytes, filtered by prefix, grouped by delimiter, paged.
 */

const SEGMENTS = ["a", "b", "a-b", "a.b", "ab", "é", "ｚ", "😀", "~x", "A"];

/** What S3 returns for all pages of a listing, in order: keys and common prefixes. */
function model(keys: readonly string[], prefix: string, delimiter: string | undefined): string[] {
  const out: string[] = [];
  for (const key of [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)))) {
    if (!key.startsWith(prefix)) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const item = cut >= 0 ? key.slice(0, cut + delimiter!.length) : key;
    if (out.at(-1) !== item) out.push(item);
  }
  return out;
}

async function pages(open: () => LocalObjectStore, prefix: string, delimiter: string | undefined, maxKeys: number, startAfter?: string): Promise<string[]> {
  const seen: string[] = [];
  let token: string | undefined;
  do {
    const page = await open().list({ prefix, maxKeys, ...(delimiter ? { delimiter } : {}), ...(token ? { token } : startAfter !== undefined ? { startAfter } : {}) });
    expect(page.objects.length + page.prefixes.length).toBeLessThanOrEqual(maxKeys);
    // Within a page, keys and prefixes each come in order; merged they are the model's order.
    seen.push(...[...page.objects.map((o) => o.key), ...page.prefixes].sort(compareKeys));
    token = page.nextToken;
  } while (token);
  return seen;
}

describe("local store listing", () => {
  let parent: string;
  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), "local-listing-"));
  });
  afterAll(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  it("orders like S3 (UTF-8 bytes), also for names beyond U+FFFF", () => {
    const names = ["a", "a/", "a-b", "a/b", "\uffee", "😀", "\ue000", "ab"];
    const bytes = [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect([...names].sort(compareKeys)).toEqual(bytes);
  });

  it("pages through any tree like S3, whether the next page continues the walk or starts from the token", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 4 }).map((s) => s.join("/")), { minLength: 1, maxLength: 40 }),
        fc.array(fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 3 }).map((s) => `${s.join("/")}/`), { maxLength: 4 }),
        fc.constantFrom("", "a", "a/", "a-", "b/", "é/"),
        fc.constantFrom(undefined, "/", "-"),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom("", "a", "a/", "a/\u{10FFFF}", "b", "é/a", "ab/a-b"),
        async (paths, markers, prefix, delimiter, maxKeys, startAfter) => {
          const root = join(parent, `tree-${run++}`);
          const store = new LocalObjectStore(root);
          // A key that is both a file and a folder cannot exist in a directory: keep the first.
          const files: string[] = [];
          for (const path of paths) {
            if (files.some((f) => path.startsWith(`${f}/`) || f.startsWith(`${path}/`))) continue;
            files.push(path);
            await mkdir(dirname(join(root, path)), { recursive: true });
            await writeFile(join(root, path), path);
          }
          const keys = [...files];
          for (const marker of markers) {
            if (files.some((f) => marker.startsWith(`${f}/`) || `${f}/` === marker)) continue;
            await store.put(marker, "");
            keys.push(marker);
          }
          const expected = model([...new Set(keys)], prefix, delimiter);
          expect(await pages(() => store, prefix, delimiter, maxKeys)).toEqual(expected);
          expect(await pages(() => new LocalObjectStore(root), prefix, delimiter, maxKeys)).toEqual(expected);
          // StartAfter: what S3 lists after that key (a common prefix only when it holds a key after it).
          const after = `${prefix}${startAfter}`;
          const byBytes = (x: string, y: string) => Buffer.compare(Buffer.from(x), Buffer.from(y));
          const later = model([...new Set(keys)].filter((k) => byBytes(k, after) > 0), prefix, delimiter).filter((item) => byBytes(item, after) > 0 || item.endsWith(delimiter ?? "\0"));
          expect(await pages(() => store, prefix, delimiter, maxKeys, after)).toEqual(later);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("cuts every page of a 3,000-file folder from one walk, and lists nothing through a link", async () => {
    const root = join(parent, "big");
    for (let d = 0; d < 3; d++) {
      await mkdir(join(root, "c", `d${d}`), { recursive: true });
      await Promise.all(Array.from({ length: 1000 }, (_, i) => writeFile(join(root, "c", `d${d}`, `f${String(i).padStart(4, "0")}`), "x")));
    }
    await mkdir(join(root, "secret"), { recursive: true });
    await writeFile(join(root, "secret", "key.pem"), "secret");
    await symlink(join(root, "secret"), join(root, "c", "d1", "zz-link"));
    await symlink(join(root, "secret", "key.pem"), join(root, "c", "d2", "a-link.pem"));
    const store = new LocalObjectStore(root);
    const keys: string[] = [];
    let token: string | undefined;
    let pagesRead = 0;
    do {
      const page = await store.list({ prefix: "c/", ...(token ? { token } : {}) });
      keys.push(...page.objects.map((o) => o.key));
      expect(page.objects.every((o) => o.size === 1)).toBe(true);
      token = page.nextToken;
      pagesRead++;
    } while (token);
    expect(pagesRead).toBe(3);
    expect(keys).toHaveLength(3000);
    expect(keys.some((k) => k.includes("link") || k.includes("secret"))).toBe(false);
  });
});
