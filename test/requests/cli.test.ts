// signed-share requests new | ls | show | close in local mode (data directory, local key), in process
// through the command table, and links revoke on a request.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initLocalKeys } from "../../lib/keys/local-init.js";
import { localKeysDir } from "../../lib/keys/local-key-store.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { runInProcess } from "../support/run-command.js";

describe("signed-share requests", () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const requests = (...args: string[]) => runInProcess(["requests", ...args], { env });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "requests-cli-"));
    await new LocalObjectStore(dataDir).put("client_files/acme/readme.txt", "hi\n");
    await initLocalKeys(localKeysDir(dataDir)); // what local mode does on its first start
    env = { SHARE_DATA_DIR: dataDir, SHARE_PUBLIC_URL: "http://localhost:3001" };
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("new prints the link (--json: url and requestId), ls and show list it, close closes it and the page is gone", async () => {
    const created = await requests("new", "acme", "--expires", "7d", "--max-file-size", "2GB", "--max-files", "3", "--note", "Contract please", "--json");
    expect(created.code, created.stderr).toBe(0);
    const doc = JSON.parse(created.stdout) as { url: string; requestId: string; request: { maxFileSize: number; maxFiles: number; note: string; status: string } };
    expect(doc.url).toMatch(new RegExp(`^http://localhost:3001/acme/_links/${doc.requestId}\\.html\\?l=${doc.requestId}&Policy=`));
    expect(doc.request).toMatchObject({ maxFileSize: 2 * 1024 ** 3, maxFiles: 3, note: "Contract please", status: "open" });

    const plain = await requests("new", "acme", "--expires", "1d");
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout.trim()).toMatch(/^http:\/\/localhost:3001\/acme\/_links\/.+Policy=/);
    expect(plain.stderr).toMatch(/^file request .* for acme: files up to/);

    const listed = await requests("ls", "acme", "--json");
    expect(listed.code, listed.stderr).toBe(0);
    const rows = (JSON.parse(listed.stdout) as { requests: { requestId: string; status: string; files: number }[] }).requests;
    expect(rows.find((r) => r.requestId === doc.requestId)).toMatchObject({ status: "open", files: 0 });
    expect((await requests("ls", "acme")).stdout).toContain(doc.requestId);

    const shown = await requests("show", doc.requestId, "--json");
    expect(JSON.parse(shown.stdout)).toMatchObject({ request: { requestId: doc.requestId, status: "open" }, received: [] });

    const closed = await requests("close", doc.requestId, "--by", "olivia");
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stdout).toMatch(/^closed .* takes no more files; the edge refuses it at once/);
    const after = (JSON.parse((await requests("ls", "--json")).stdout) as { requests: { requestId: string; status: string; closed?: { by: string } }[] }).requests;
    expect(after.find((r) => r.requestId === doc.requestId)).toMatchObject({ status: "closed", closed: { by: "olivia" } });
    expect(await readdir(join(dataDir, "client_files", "acme", "_links"))).not.toContain(`${doc.requestId}.html`);
    expect((await requests("close", doc.requestId)).stdout).toMatch(/^already closed/);

    // Revoking is links revoke, like any link.
    const revoked = await runInProcess(["links", "revoke", plain.stdout.trim().match(/l=([^&]+)/)![1]!], { env });
    expect(revoked.code, revoked.stderr).toBe(0);
    const statuses = (JSON.parse((await requests("ls", "acme", "--json")).stdout) as { requests: { status: string }[] }).requests.map((r) => r.status);
    expect(statuses.sort()).toEqual(["closed", "revoked"]);
  });

  it("refuses bad input with exit 2 naming the flag, an unknown client or request with exit 3; --json prints the error document", async () => {
    const noExpiry = await requests("new", "acme");
    expect(noExpiry.code).toBe(2);
    expect(noExpiry.stderr).toMatch(/--expires/);
    const badSize = await requests("new", "acme", "--expires", "7d", "--max-file-size", "lots", "--json");
    expect(badSize.code).toBe(2);
    expect(JSON.parse(badSize.stdout)).toEqual({ error: { kind: "bad-input", message: expect.stringMatching(/size like 2GB/), field: "maxFileSize" } });
    const tooBig = await requests("new", "acme", "--expires", "7d", "--max-file-size", "100TB");
    expect(tooBig.code).toBe(2);
    expect(tooBig.stderr).toMatch(/--max-file-size/);
    expect((await requests("new", "nobody", "--expires", "7d")).code).toBe(3);
    expect((await requests("close", "AAAAAAAAAAAAAAAAAAAAAA")).code).toBe(3);
    expect((await requests("show", "AAAAAAAAAAAAAAAAAAAAAA")).code).toBe(3);
    expect((await requests("ls", "nobody")).code).toBe(3);
    expect((await requests("ls", "--max-files", "2")).code).toBe(2);
  });
});
