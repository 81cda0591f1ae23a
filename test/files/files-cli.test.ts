import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../support/run-command.js";
import { runTool } from "../support/run-tool.js";
import { startFauxqs, type FauxqsHandle } from "../support/fauxqs.js";

const sha = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

describe("npm run files (local mode)", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const big = randomBytes(20 * 1024 * 1024 + 5);
  const files = (args: string[]) => runInProcess(["files", ...args], { env });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "files-cli-"));
    env = { SHARE_DATA_DIR: join(dir, "data") };
    const src = join(dir, "src", "delivery");
    await mkdir(join(src, "sub dir"), { recursive: true });
    await writeFile(join(src, "a #1.txt"), "a\n");
    await writeFile(join(src, "sub dir", "ünï+%.csv"), "x,y\n");
    await writeFile(join(src, "big.bin"), big);
    await symlink("/etc/hostname", join(src, "link.txt"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("creates a client, uploads a directory recursively, lists it as JSON, deletes a file", async () => {
    const created = await files(["new", "acme", "--name", "ACME Corp", "--contact", "ops@acme.example", "--json"]);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ client: { client: "acme", displayName: "ACME Corp", contacts: ["ops@acme.example"] } });
    expect((await files(["new", "acme"])).code).toBe(1);

    const put = await files(["put", "acme", join(dir, "src", "delivery"), "--to", "2026/march", "--json"]);
    expect(put.code, put.stderr).toBe(0);
    expect(put.stderr).toContain("skipped");
    expect(put.stderr).toMatch(/uploaded 2026\/march\/delivery\/big.bin, [0-9.]+ MiB \[2\/3\]/);
    const stored = JSON.parse(put.stdout) as { stored: { path: string }[] };
    expect(stored.stored.map((s) => s.path).sort()).toEqual(["2026/march/delivery/a #1.txt", "2026/march/delivery/big.bin", "2026/march/delivery/sub dir/ünï+%.csv"]);
    expect(sha(await readFile(join(dir, "data", "client_files", "acme", "2026/march/delivery/big.bin")))).toBe(sha(big));

    const ls = await files(["ls", "acme", "--json"]);
    expect(ls.code).toBe(0);
    expect((JSON.parse(ls.stdout) as { files: { path: string; size: number }[] }).files.find((f) => f.path.endsWith("big.bin"))).toMatchObject({ size: big.length, scan: "off" });

    const again = await files(["put", "acme", join(dir, "src", "delivery", "a #1.txt"), "--to", "2026/march/delivery"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already stored.*--replace or --keep-both/);
    const both = await files(["put", "acme", join(dir, "src", "delivery", "a #1.txt"), "--to", "2026/march/delivery", "--keep-both"]);
    expect(both.stderr).toContain("as 2026/march/delivery/a #1 (2).txt");

    const removed = await files(["rm", "acme", "2026/march/delivery/a #1.txt"]);
    expect(removed.code, removed.stderr).toBe(0);
    expect((await files(["rm", "acme", "2026/march/delivery/a #1.txt"])).code).toBe(3);
    const notAFile = await files(["rm", "acme", "2026/march"]);
    expect(notAFile.code).toBe(2);
    expect(notAFile.stderr).toContain("2026/march is a folder of acme, not a file; to delete it and everything in it, run signed-share files rm acme 2026/march --recursive");
    const folder = await files(["rm", "acme", "2026", "--recursive", "--json"]);
    expect((JSON.parse(folder.stdout) as { deleted: string[] }).deleted).toHaveLength(3);
    expect(JSON.parse((await files(["ls", "acme", "--json"])).stdout)).toEqual({ client: "acme", files: [] });
  }, 180_000);

  it("refuses bad names and unknown clients with exit codes that say so", async () => {
    expect((await files(["put", "..", join(dir, "src")])).code).toBe(2);
    const reserved = await files(["put", "acme", join(dir, "src", "delivery", "a #1.txt"), "--to", "_links"]);
    expect(reserved.code).toBe(2);
    expect(reserved.stderr).toContain("reserved folder name _links");
    const unknown = await files(["put", "nobody", join(dir, "src", "delivery", "a #1.txt")]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain("signed-share files new nobody");
    expect((await files(["ls", "nobody"])).code).toBe(3);
    expect((await files(["frob", "acme"])).code).toBe(2);
    const limited = await runInProcess(["files", "put", "acme", join(dir, "src", "delivery", "big.bin")], { env: { ...env, SHARE_MAX_FILE_SIZE: "1MB" } });
    expect(limited.code).toBe(2);
    expect(limited.stderr).toContain("SHARE_MAX_FILE_SIZE");
  }, 180_000);
});

describe("npm run files against S3 (fauxqs)", () => {
  let s3: FauxqsHandle;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    s3 = await startFauxqs();
    dir = await mkdtemp(join(tmpdir(), "files-cli-s3-"));
    const bucket = await s3.createBucket();
    env = {
      SHARE_BUCKET: bucket,
      SHARE_PUBLIC_URL: "https://files.example.com",
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_REGION: s3.region,
      AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    };
    await writeFile(join(dir, "report.pdf"), "%PDF-1.4\n");
  });
  afterAll(async () => {
    await s3.stop();
    await rm(dir, { recursive: true, force: true });
  });

  // As processes: the S3 client takes the bucket's credentials from the environment, as the CLI's does.
  it("creates a client, uploads and lists through the bucket", async () => {
    expect((await runTool("files.ts", ["new", "globex"], { env })).code).toBe(0);
    const put = await runTool("files.ts", ["put", "globex", join(dir, "report.pdf")], { env });
    expect(put.code, put.stderr).toBe(0);
    const ls = await runTool("files.ts", ["ls", "globex", "--json"], { env });
    expect(JSON.parse(ls.stdout)).toMatchObject({ client: "globex", files: [{ path: "report.pdf", size: 9 }] });
  }, 60_000);
});
