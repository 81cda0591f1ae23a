// signed-share requests new | ls | close in local mode (data directory, local key), and links revoke on a request.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initLocalKeys } from "../../lib/keys/local-init.js";
import { localKeysDir } from "../../lib/keys/local-key-store.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { runTool } from "../support/run-tool.js";

describe("signed-share requests", { timeout: 60_000 }, () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const requests = (...args: string[]) => runTool("requests.ts", args, { env });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "requests-cli-"));
    await new LocalObjectStore(dataDir).put("client_files/acme/readme.txt", "hi\n");
    await initLocalKeys(localKeysDir(dataDir)); // what local mode does on its first start
    env = { SHARE_DATA_DIR: dataDir, SHARE_PUBLIC_URL: "http://localhost:3001" };
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("new prints the link (--json: url and requestId), ls lists it, close closes it and the page is gone", async () => {
    const created = await requests("new", "acme", "--expires", "7d", "--max-file-size", "2GB", "--max-files", "3", "--note", "Contract please", "--json");
    expect(created.code, created.stderr).toBe(0);
    const doc = JSON.parse(created.stdout) as { url: string; requestId: string; maxFileSize: number; maxFiles: number; note: string };
    expect(doc.url).toMatch(new RegExp(`^http://localhost:3001/acme/_links/${doc.requestId}\\.html\\?l=${doc.requestId}&Policy=`));
    expect(doc).toMatchObject({ maxFileSize: 2 * 1024 ** 3, maxFiles: 3, note: "Contract please" });

    const plain = await requests("new", "acme", "--expires", "1d");
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout.trim()).toMatch(/^http:\/\/localhost:3001\/acme\/_links\/.+Policy=/);

    const listed = await requests("ls", "acme", "--json");
    expect(listed.code, listed.stderr).toBe(0);
    const rows = JSON.parse(listed.stdout) as { requestId: string; status: string; files: number }[];
    expect(rows.find((r) => r.requestId === doc.requestId)).toMatchObject({ status: "open", files: 0 });

    const closed = await requests("close", doc.requestId, "--by", "olivia");
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stdout).toMatch(/^closed .* takes no more files; the edge refuses it at once/);
    const after = JSON.parse((await requests("ls", "--json")).stdout) as { requestId: string; status: string }[];
    expect(after.find((r) => r.requestId === doc.requestId)?.status).toBe("closed");
    expect(await readdir(join(dataDir, "client_files", "acme", "_links"))).not.toContain(`${doc.requestId}.html`);
  });

  it("refuses bad input with exit 2 naming the flag, an unknown client or request with exit 3", async () => {
    const noExpiry = await requests("new", "acme");
    expect(noExpiry.code).toBe(2);
    expect(noExpiry.stderr).toMatch(/--expires/);
    const badSize = await requests("new", "acme", "--expires", "7d", "--max-file-size", "lots");
    expect(badSize.code).toBe(2);
    expect(badSize.stderr).toMatch(/--max-file-size/);
    expect((await requests("new", "nobody", "--expires", "7d")).code).toBe(3);
    expect((await requests("close", "AAAAAAAAAAAAAAAAAAAAAA")).code).toBe(3);
    expect((await requests("ls", "--max-files", "2")).code).toBe(2);
  });
});
