import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startEdge, type RunningEdge } from "../../lib/edge/edge-server.js";
import { Publisher } from "../../lib/publishing/publisher.js";
import { StorageError } from "../../lib/storage/errors.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { rsaSigningKey, trustedPublicKeys } from "../support/vectors.js";

/**
 * Security review finding 1: a symbolic link inside a client folder (what `cp -a`, `tar x`,
 * `rsync -a` copy in) must never let the local store reach outside the folder.
 */
let parent: string;
let root: string;
let store: LocalObjectStore;
const SECRET = "-----BEGIN EC PRIVATE KEY-----\nnot for clients\n-----END EC PRIVATE KEY-----\n";

beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), "security-links-"));
  root = join(parent, "data");
  store = new LocalObjectStore(root);
  await store.put("client_files/acme/report.txt", "acme report\n");
  await store.put("client_files/globex/secret.txt", "globex only\n");
  await mkdir(join(root, "keys"), { recursive: true });
  await writeFile(join(root, "keys", "K1.private.pem"), SECRET);
  await writeFile(join(parent, "outside.txt"), "outside the data directory\n");
  // The links a hostile tarball or a careless copy leaves in acme's folder:
  await symlink("../../keys", join(root, "client_files", "acme", "keys-link"));
  await symlink("../globex", join(root, "client_files", "acme", "globex-link"));
  await symlink(join(parent, "outside.txt"), join(root, "client_files", "acme", "outside.txt"));
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

describe("the local store never follows a symbolic link", () => {
  it("does not get or head a file through a linked folder or a linked file", async () => {
    for (const key of ["client_files/acme/keys-link/K1.private.pem", "client_files/acme/globex-link/secret.txt", "client_files/acme/outside.txt"]) {
      expect(await store.get(key), key).toBeUndefined();
      expect(await store.head(key), key).toBeUndefined();
    }
  });

  it("lists nothing through a link, even when the listed prefix itself is a link", async () => {
    const keys = (await store.list({ prefix: "client_files/acme/" })).objects.map((o) => o.key);
    expect(keys).toEqual(["client_files/acme/report.txt"]);
    expect((await store.list({ prefix: "client_files/acme/keys-link/" })).objects).toEqual([]);
    expect((await store.list({ prefix: "client_files/acme/globex-link/" })).objects).toEqual([]);
  });

  it("refuses to write through a linked folder, saying which path is a link", async () => {
    const error = await store.put("client_files/acme/keys-link/K1.private.pem", "overwritten").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toContain("client_files/acme/keys-link is a symbolic link");
    expect(await readFile(join(root, "keys", "K1.private.pem"), "utf8")).toBe(SECRET);
  });

  it("does not delete a file through a linked folder; deleting a link removes only the link", async () => {
    await store.delete("client_files/acme/globex-link/secret.txt");
    expect(existsSync(join(root, "client_files", "globex", "secret.txt"))).toBe(true);
    await store.delete("client_files/acme/outside.txt");
    expect(existsSync(join(root, "client_files", "acme", "outside.txt"))).toBe(false);
    expect(existsSync(join(parent, "outside.txt"))).toBe(true);
  });

  it("does not read metadata through a link in its metadata folder", async () => {
    await writeFile(join(parent, "evil.json"), JSON.stringify({ etag: '"x"', size: 12, mtimeMs: 0, contentType: "text/html" }));
    await rm(join(root, ".signed-share", "meta", "client_files", "acme", "report.txt.json"));
    await symlink(join(parent, "evil.json"), join(root, ".signed-share", "meta", "client_files", "acme", "report.txt.json"));
    expect((await store.head("client_files/acme/report.txt"))?.contentType).toBe("text/plain; charset=utf-8");
  });
});

describe("a folder link through the local edge", () => {
  let edge: RunningEdge;
  afterEach(async () => {
    await edge?.close();
  });

  it("serves acme's own file but answers 404 for the signing key, another client's file and files outside", async () => {
    edge = await startEdge({ store, originPrefix: "client_files", trustedKey: (id) => trustedPublicKeys.get(id), clock: () => new Date() }, 0);
    const publisher = new Publisher({ store, prefix: "client_files", publicUrl: edge.url, signingKey: async () => rsaSigningKey, clock: () => new Date() });
    const record = await publisher.publish({ client: "acme", expiresAt: new Date(Date.now() + 3_600_000), mode: "folder", issuedBy: "test" });
    expect(record.fileCount).toBe(1); // the links are not on the page
    const query = new URL(record.url).search;
    const fetchAs = (path: string) => fetch(`${edge.url}/acme/${path}${query}`);

    expect(await (await fetchAs("report.txt")).text()).toBe("acme report\n");
    for (const path of ["keys-link/K1.private.pem", "globex-link/secret.txt", "outside.txt"]) {
      const response = await fetchAs(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toMatch(/PRIVATE KEY|globex only|outside the data/);
    }
  });
});
