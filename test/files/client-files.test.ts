import { createHash, randomBytes } from "node:crypto";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientExistsError, FileExistsError, FileTooLargeError } from "../../lib/files/errors.js";
import { InvalidRequestError, NotFoundError } from "../../lib/errors.js";
import { listAll } from "../../lib/storage/list-all.js";
import { localSubject, PREFIX, s3Subject, type FilesSubject } from "./subjects.js";

async function sha256Of(subject: FilesSubject, key: string): Promise<string | undefined> {
  const object = await subject.store.get(key);
  if (!object) return undefined;
  const hash = createHash("sha256");
  for await (const chunk of object.body) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function allKeys(subject: FilesSubject): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of listAll(subject.store, "")) keys.push(object.key);
  return keys.sort();
}

describe.each([
  ["local directory", localSubject],
  ["S3 (fauxqs over HTTP)", s3Subject],
])("client files on %s", (_name, make) => {
  let subject: FilesSubject;
  const big = randomBytes(11 * 1024 * 1024 + 123); // three 5 MiB parts
  let bigPath: string;
  let smallPath: string;

  beforeAll(async () => {
    subject = await make();
    bigPath = join(subject.scratch, "big.bin");
    smallPath = join(subject.scratch, "small.txt");
    await writeFile(bigPath, big);
    await writeFile(smallPath, "hello\n");
  });
  afterAll(async () => {
    await subject.cleanup();
  });

  it("creates an empty client that exists, lists no files, and keeps its profile outside the served prefix", async () => {
    const profile = await subject.files.createClient("new-co", { displayName: " New Co ", contacts: ["Ops@New.example", "ops@new.example"] }, "olivia");
    expect(profile).toMatchObject({ client: "new-co", displayName: "New Co", contacts: ["ops@new.example"], archived: false, createdBy: "olivia" });
    expect(await subject.files.hasClient("new-co")).toBe(true);
    expect(await subject.files.list("new-co")).toEqual([]);
    expect((await subject.files.catalog.clients()).map((c) => c.client)).toContain("new-co");
    expect(await subject.store.head("portal/clients/new-co.json")).toBeDefined();
    expect((await allKeys(subject)).filter((k) => k.startsWith(`${PREFIX}/new-co`))).toEqual([`${PREFIX}/new-co/`]);
  });

  it("refuses a taken client name and names that break the catalog's rules, writing nothing", async () => {
    await expect(subject.files.createClient("new-co", {}, "olivia")).rejects.toThrow(ClientExistsError);
    const before = await allKeys(subject);
    for (const bad of ["..", "_links", "a/b", "tab\there", ""]) {
      await expect(subject.files.createClient(bad, {}, "olivia")).rejects.toThrow(InvalidRequestError);
    }
    await expect(subject.files.createClient("bad-contact", { contacts: ["not an address"] }, "olivia")).rejects.toThrow(/e-mail/);
    expect(await allKeys(subject)).toEqual(before);
  });

  it("uploads a small file and an 11 MB file in three parts, byte-identical, with the original name in Content-Disposition", async () => {
    const odd = "reports/Q1 #1 100%+ünï.csv";
    await subject.files.putFile("new-co", odd, smallPath, { by: "olivia" });
    const progress: number[] = [];
    const upload = await subject.files.putFile("new-co", "data/big.bin", bigPath, { by: "olivia", onProgress: (p) => progress.push(p.sent) });
    expect(upload.plan.partCount).toBe(3);
    expect(progress.at(-1)).toBe(big.length);
    expect(progress).toHaveLength(4);
    expect(await sha256Of(subject, `${PREFIX}/new-co/data/big.bin`)).toBe(createHash("sha256").update(big).digest("hex"));
    expect(await sha256Of(subject, `${PREFIX}/new-co/${odd}`)).toBe(createHash("sha256").update("hello\n").digest("hex"));
    expect(await subject.dispositionSent(`${PREFIX}/new-co/${odd}`)).toBe(
      `attachment; filename="Q1 #1 100_+__n__.csv"; filename*=UTF-8''Q1%20%231%20100%25%2B%C3%BCn%C3%AF.csv`.replace('"Q1 #1 100_+__n__.csv"', '"Q1 #1 100_+_n_.csv"'),
    );
    if (subject.requests) {
      const parts = subject.requests.filter((r) => r.method === "PUT" && r.url.includes("partNumber="));
      expect(parts.length).toBeGreaterThanOrEqual(4);
    }
    expect((await subject.files.list("new-co")).map((f) => f.path).sort()).toEqual(["data/big.bin", odd]);
  });

  it("never replaces a stored file silently: refuse by default, keep both or replace when asked", async () => {
    await writeFile(join(subject.scratch, "other.txt"), "other\n");
    const other = join(subject.scratch, "other.txt");
    await expect(subject.files.putFile("new-co", "reports/Q1 #1 100%+ünï.csv", other, { by: "olivia" })).rejects.toThrow(FileExistsError);
    expect(await sha256Of(subject, `${PREFIX}/new-co/reports/Q1 #1 100%+ünï.csv`)).toBe(createHash("sha256").update("hello\n").digest("hex"));

    const kept = await subject.files.putFile("new-co", "reports/Q1 #1 100%+ünï.csv", other, { by: "olivia", onConflict: "keep-both" });
    expect(kept.path).toBe("reports/Q1 #1 100%+ünï (2).csv");
    await subject.files.putFile("new-co", "data/big.bin", other, { by: "olivia", onConflict: "replace" });
    expect((await subject.store.head(`${PREFIX}/new-co/data/big.bin`))?.size).toBe(6);
  });

  it("refuses bad file names, a file over the limit and an unknown client before any byte is sent", async () => {
    const before = await allKeys(subject);
    for (const bad of ["../escape.txt", "a/../b.txt", "_links/page.html", "reports/_links/AAAAAAAAAAAAAAAAAAAAAA.html", "bell\u0007.txt", "back\\slash.txt", "/abs.txt", "dir/", "a//b.txt"]) {
      await expect(subject.files.putFile("new-co", bad, smallPath, { by: "olivia" })).rejects.toThrow(InvalidRequestError);
    }
    await expect(subject.files.startUpload("new-co", "huge.bin", 65 * 1024 * 1024, { by: "olivia" })).rejects.toThrow(FileTooLargeError);
    await expect(subject.files.putFile("no-such-client", "a.txt", smallPath, { by: "olivia" })).rejects.toThrow(NotFoundError);
    await expect(subject.files.putFile("..", "a.txt", smallPath, { by: "olivia" })).rejects.toThrow(InvalidRequestError);
    expect(await allKeys(subject)).toEqual(before);
  });

  it("deletes files and folders; the emptied client still exists", async () => {
    await expect(subject.files.deleteFile("new-co", "nope.txt")).rejects.toThrow(NotFoundError);
    await subject.files.deleteFile("new-co", "data/big.bin");
    const deleted = await subject.files.deleteFolder("new-co", "reports");
    expect(deleted.sort()).toEqual(["reports/Q1 #1 100%+ünï (2).csv", "reports/Q1 #1 100%+ünï.csv"]);
    await expect(subject.files.deleteFolder("new-co", "_links")).rejects.toThrow(InvalidRequestError);
    await expect(subject.files.deleteFolder("new-co", "")).rejects.toThrow(NotFoundError);
    expect(await subject.files.list("new-co")).toEqual([]);
    expect(await subject.files.hasClient("new-co")).toBe(true);
  });

  it("edits and archives a profile without touching the files", async () => {
    const saved = await subject.files.profiles.save("new-co", { archived: true, displayName: "" }, "adam");
    expect(saved).toMatchObject({ archived: true, updatedBy: "adam", createdBy: "olivia" });
    expect(saved.displayName).toBeUndefined();
    expect((await subject.files.profiles.all()).get("new-co")?.archived).toBe(true);
  });
});

describe("local multipart uploads", () => {
  let subject: FilesSubject;
  beforeAll(async () => {
    subject = await localSubject();
    await subject.files.createClient("acme", {}, "olivia");
  });
  afterAll(async () => {
    await subject.cleanup();
  });
  const uploadsDir = () => join(subject.scratch, "data", ".signed-share", "uploads");

  it("refuses a part of the wrong length, a part for another key, a missing part; abort leaves nothing", async () => {
    const upload = await subject.files.startUpload("acme", "a.bin", 10, { by: "olivia" });
    const multipart = (subject.files as unknown as { deps: { multipart: import("../../lib/files/multipart.js").MultipartStore } }).deps.multipart;
    await expect(multipart.uploadPart(upload.key, upload.uploadId, 1, Buffer.alloc(11), 10)).rejects.toThrow(/longer than the 10 bytes/);
    await expect(multipart.uploadPart(upload.key, upload.uploadId, 1, Buffer.alloc(9), 10)).rejects.toThrow(/ended after 9/);
    await expect(multipart.uploadPart(`${PREFIX}/acme/other.bin`, upload.uploadId, 1, Buffer.alloc(10), 10)).rejects.toThrow(/not for/);
    await expect(subject.files.completeUpload(upload, [{ partNumber: 1, etag: '"0123456789abcdef0123456789abcdef"' }])).rejects.toThrow(/was not received/);
    await expect(subject.files.completeUpload(upload, [{ partNumber: 1, etag: '"../../x"' }])).rejects.toThrow(/was not received|not one this store gave out/);
    const etag = await multipart.uploadPart(upload.key, upload.uploadId, 1, Buffer.alloc(10, 1), 10);
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    await subject.files.abortUpload(upload);
    await expect(subject.files.completeUpload(upload, [{ partNumber: 1, etag }])).rejects.toThrow(/no open upload/);
    expect(await readdir(uploadsDir())).toEqual([]);
    expect(await subject.store.head(upload.key)).toBeUndefined();
  });

  it("accepts parts in any order and sent twice, and leaves no temp files", async () => {
    const upload = await subject.files.startUpload("acme", "b.bin", 12, { by: "olivia" });
    const multipart = (subject.files as unknown as { deps: { multipart: import("../../lib/files/multipart.js").MultipartStore } }).deps.multipart;
    const second = await multipart.uploadPart(upload.key, upload.uploadId, 2, Buffer.from("world!"), 6);
    await multipart.uploadPart(upload.key, upload.uploadId, 1, Buffer.from("xxxxxx"), 6);
    const first = await multipart.uploadPart(upload.key, upload.uploadId, 1, Buffer.from("hello "), 6);
    await subject.files.completeUpload({ ...upload, plan: { partSize: 6, partCount: 2 } }, [{ partNumber: 2, etag: second }, { partNumber: 1, etag: first }]);
    const object = await subject.store.get(upload.key);
    let text = "";
    for await (const chunk of object!.body) text += String(chunk);
    expect(text).toBe("hello world!");
    expect(object!.etag).toMatch(/-2"$/);
    expect(await readdir(uploadsDir())).toEqual([]);
    expect((await readdir(join(subject.scratch, "data", PREFIX, "acme"))).filter((n) => n.startsWith(".~tmp-"))).toEqual([]);
  });
});
