import { mkdtemp, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { describeObjectStoreContract } from "./contract.js";

describeObjectStoreContract("LocalObjectStore", async () => {
  const root = await mkdtemp(join(tmpdir(), "signed-share-contract-"));
  return {
    store: new LocalObjectStore(root),
    // The local adapter "sends" cache-control to its sidecar (<root>/.signed-share/meta/<key>.json).
    cacheControlSent: (key) =>
      (JSON.parse(readFileSync(join(root, ".signed-share", "meta", `${key}.json`), "utf8")) as { cacheControl?: string })
        .cacheControl,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});
