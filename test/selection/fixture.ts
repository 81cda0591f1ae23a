import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEdge, type RunningEdge } from "../../lib/edge/edge-server.js";
import { Publisher } from "../../lib/publishing/publisher.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { repoRoot } from "../support/run-tool.js";
import { rsaSigningKey, rsaTestKey, trustedPublicKeys } from "../support/vectors.js";

export const PREFIX = "client_files";
export const CLIENT = "acme corp";
export const DAY = 86_400_000;

/**
 * A client with nested folders and names that break naive download commands: spaces, unicode,
 * `#`, `%`, `+`, a single quote, and the same file name in two folders.
 */
export const FILES: Record<string, string> = {
  "exports/2025/summary.csv": "year,total\n2025,1\n",
  "exports/2026/summary.csv": "year,total\n2026,2\n",
  "exports/orders 2026-09 (final).json": '{"orders":[1,2,3]}\n',
  "exports/ünïcödé 日本語 #1 100% a+b.txt": "unicode, hash, percent, plus\n",
  "exports/it's here.txt": "a single quote\n",
  "invoices/2026-01.pdf": "%PDF-1.4 not really\n",
  "invoices/private/notes.txt": "not for the exports link\n",
  "README.txt": "top level\n",
};

/** A local store holding FILES for CLIENT (plus another client), and the local edge in front of it. */
export async function selectionFixture() {
  const dir = await mkdtemp(join(tmpdir(), "selection-"));
  const store = new LocalObjectStore(join(dir, "data"));
  for (const [path, body] of Object.entries(FILES)) await store.put(`${PREFIX}/${CLIENT}/${path}`, body);
  await store.put(`${PREFIX}/other/secret.txt`, "other client\n");
  let now = new Date();
  const edge: RunningEdge = await startEdge({ store, originPrefix: PREFIX, trustedKey: (id) => trustedPublicKeys.get(id), clock: () => now }, 0);
  const publisher = new Publisher({
    store,
    prefix: PREFIX,
    publicUrl: edge.url,
    signingKey: async () => rsaSigningKey,
    clock: () => new Date(),
    maxExpiryMs: 366 * DAY,
    hashAlgorithm: "SHA1",
  });
  return {
    dir,
    store,
    edge,
    publisher,
    expiresAt: () => new Date(Date.now() + 7 * DAY),
    setNow(date: Date) {
      now = date;
    },
    async close() {
      await edge.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The environment of a tool in local mode on the fixture's data directory, signing with the test key. */
export function toolEnv(fx: { dir: string; edge: RunningEdge }): NodeJS.ProcessEnv {
  return {
    SHARE_DATA_DIR: join(fx.dir, "data"),
    SHARE_PUBLIC_URL: fx.edge.url,
    SHARE_KEY_PAIR_ID: rsaTestKey.keyPairId,
    SHARE_PRIVATE_KEY: `file://${join(repoRoot, "test", "vectors", "test-rsa-private.pem")}`,
  };
}
