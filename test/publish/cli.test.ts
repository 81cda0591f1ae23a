import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEdge, type RunningEdge } from "../../lib/edge/edge-server.js";
import type { LinkRecord } from "../../lib/links/link-record.js";
import type { S3ObjectStore } from "../../lib/storage/s3-store.js";
import type { FauxqsHandle } from "../support/fauxqs.js";
import { join } from "node:path";
import { repoRoot } from "../support/run-tool.js";
import { runInProcess } from "../support/run-command.js";
import { rsaTestKey, trustedPublicKeys } from "../support/vectors.js";
import { PREFIX, allKeys, freshStore, pageLinks, putFiles, startFauxqs } from "./helpers.js";

/** `signed-share issue|links args`, in this process through the command table (test/tools/entry-points.test.ts runs the real entries). */
const runTool = (tool: "issue" | "links", args: string[], env: NodeJS.ProcessEnv) => runInProcess([tool, ...args], { env });

type IssuedLink = { url: string; link: LinkRecord & { status: string } };

describe("signed-share issue / links against fauxqs, links opened through the edge", () => {
  let s3: FauxqsHandle;
  let store: S3ObjectStore;
  let edge: RunningEdge;
  let env: NodeJS.ProcessEnv;
  const issue = (...args: string[]) => runTool("issue", args, env);
  const links = (...args: string[]) => runTool("links", args, env);

  beforeAll(async () => {
    s3 = await startFauxqs();
    // The CLI's S3 client takes its credentials from the SDK's chain, which reads the environment.
    process.env.AWS_ACCESS_KEY_ID = s3.credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = s3.credentials.secretAccessKey;
    store = await freshStore(s3);
    await putFiles(store, "acme", { "report 1.txt": "one", "sub/<two>.txt": "two" });
    await putFiles(store, "beta", { "b.txt": "b" });
    await store.put(`${PREFIX}/empty/`, "");
    edge = await startEdge({ store, originPrefix: PREFIX, trustedKey: (id) => trustedPublicKeys.get(id), clock: () => new Date() }, 0);
    env = {
      SHARE_BUCKET: store.bucket,
      SHARE_PUBLIC_URL: edge.url,
      SHARE_KEY_PAIR_ID: rsaTestKey.keyPairId,
      SHARE_PRIVATE_KEY: `file://${join(repoRoot, "test", "vectors", "test-rsa-private.pem")}`,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_REGION: s3.region,
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
    };
  });
  afterAll(async () => {
    await edge?.close();
    await s3?.stop();
  });

  it("prints only the page URL, which opens through the edge with every file", async () => {
    const result = await issue("acme", "--expires", "7d");
    expect(result.code, result.stderr).toBe(0);
    const url = result.stdout.trim();
    expect(url).toMatch(new RegExp(`^${edge.url}/acme/_links/[A-Za-z0-9_-]{22}\\.html\\?l=[A-Za-z0-9_-]{22}&Expires=\\d+&Signature=[^&]+&Key-Pair-Id=${rsaTestKey.keyPairId}$`));
    expect(result.stderr).toMatch(/acme: 2 files, 6 B, per-file mode, expires/);
    const html = await (await fetch(url)).text();
    const bodies = await Promise.all(pageLinks(html).map(async (l) => (await fetch(l)).text()));
    expect(bodies.sort()).toEqual(["one", "two"]);
  });

  it("lists a link whose start is ahead as scheduled, in the table and in JSON", { timeout: 90_000 }, async () => {
    const issued = await issue("beta", "--expires", "7d", "--not-before", "2d", "--json");
    expect(issued.code, issued.stderr).toBe(0);
    const { linkId } = (JSON.parse(issued.stdout) as IssuedLink).link;
    const listed = (JSON.parse((await links("list", "beta", "--json")).stdout) as { links: (LinkRecord & { status: string })[] }).links;
    expect(listed.find((r) => r.linkId === linkId)?.status).toBe("scheduled");
    expect((await links("list", "beta")).stdout).toMatch(new RegExp(`${linkId}\\s+beta\\s+scheduled`));
  });

  it("prints one JSON document with --json (the API's: url, link), in folder mode with an IP range and a start time", async () => {
    const result = await issue("acme", "--expires", "2d", "--mode", "folder", "--ip", "127.0.0.1/32", "--not-before", "2000-01-01T00:00:00Z", "--json", "--by", "ops-bot");
    expect(result.code, result.stderr).toBe(0);
    const { url, link } = JSON.parse(result.stdout) as IssuedLink;
    expect(link).toMatchObject({ client: "acme", mode: "folder", ipRange: "127.0.0.1/32", notBefore: "2000-01-01T00:00:00.000Z", issuedBy: "ops-bot", fileCount: 2, status: "active", url });
    expect((await fetch(url)).status).toBe(200);
  });

  it.each([
    [["acme"], /--expires: is required/],
    [["acme", "--expires", "yesterday"], /--expires: "yesterday" is not a date/],
    [["acme", "--expires", "2001-01-01T00:00:00Z"], /not in the future/],
    [["acme", "--expires", "400d"], /maximum of 366 days from now \(SHARE_MAX_EXPIRY\)/],
    [["acme", "--expires", "7d", "--not-before", "8d"], /start time .* must be before the expiry/],
    [["acme", "--expires", "7d", "--ip", "10.0.0.300"], /IP range: "10.0.0.300" is not an IPv4/],
    [["acme", "--expires", "7d", "--mode", "bucket"], /--mode: must be per-file or folder/],
    [["../portal", "--expires", "7d"], /contains a \//],
    [["acme", "beta", "--expires", "7d"], /issue takes CLIENT; got "acme" "beta"/],
    [["acme", "--expires", "7d", "--bogus"], /Unknown option '--bogus'/],
  ])("exits 2 and writes nothing for %j", async (args, message) => {
    const before = await allKeys(store);
    const result = await issue(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
    expect(await allKeys(store)).toEqual(before);
  });

  it("exits 3 for an unknown client and says how to list the valid ones", async () => {
    const result = await issue("nobody", "--expires", "7d");
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/no client folder "nobody".*signed-share issue --list-clients/);
  });

  it("exits 1 with the storage error when the bucket does not exist", async () => {
    const result = await runTool("issue", ["acme", "--expires", "7d"], { ...env, SHARE_BUCKET: "no-such-bucket-here" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/failed: .*NoSuchBucket.*SHARE_BUCKET/);
  });

  it("exits 2 naming the setting when the configuration is invalid or the key is missing", async () => {
    const badUrl = await runTool("issue", ["acme", "--expires", "7d"], { ...env, SHARE_PUBLIC_URL: "ftp://x" });
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/SHARE_PUBLIC_URL must be an https URL/);
    const noKey = await runTool("issue", ["acme", "--expires", "7d"], { ...env, SHARE_PRIVATE_KEY: "file:///nonexistent.pem" });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/cannot read the private key \/nonexistent.pem \(SHARE_PRIVATE_KEY\): ENOENT/);
  });

  it("--all issues one link per client, skips an empty one with a note, prints plain progress lines and a summary, and exits 0", async () => {
    const result = await issue("--all", "--expires", "1d");
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/\[\d\/3\] acme: 2 files/);
    expect(result.stderr).toMatch(/\[\d\/3\] empty: skipped: no files/);
    expect(result.stderr).toContain("note: skipped 1 client with no files to share: empty");
    expect(result.stderr).not.toContain("\r");
    expect(result.stdout).toMatch(/Issued 2 of 2 links/);
    expect(result.stdout).toMatch(/acme\s+2\s+6 B\s+http:\/\/127\.0\.0\.1:\d+\/acme\/_links\//);
    expect(result.stdout).not.toContain("empty");
  });

  it("--all --json prints what was issued and which clients were skipped for having no files", async () => {
    const result = await issue("--all", "--expires", "1d", "--json");
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as { issued: { client: string }[]; skipped: unknown[]; failed: unknown[] };
    expect(document.issued.map((o) => o.client)).toEqual(["acme", "beta"]);
    expect(document.skipped).toEqual([{ client: "empty", reason: "no files to share" }]);
    expect(document.failed).toEqual([]);
  });

  it("--list-clients shows each client folder with its file count", async () => {
    const result = await issue("--list-clients", "--json");
    expect((JSON.parse(result.stdout) as { clients: unknown[] }).clients).toEqual([
      { client: "acme", fileCount: 2, bytes: 6, countComplete: true, activeLinks: expect.any(Number), archived: false },
      { client: "beta", fileCount: 1, bytes: 1, countComplete: true, activeLinks: expect.any(Number), archived: false },
      { client: "empty", fileCount: 0, bytes: 0, countComplete: true, activeLinks: 0, archived: false },
    ]);
  });

  it("links list shows issued links with their status, links revoke deletes the page", async () => {
    const issued = (JSON.parse((await issue("beta", "--expires", "1d", "--json")).stdout) as IssuedLink).link;
    const listed = await links("list", "beta", "--json");
    expect(listed.code).toBe(0);
    const records = (JSON.parse(listed.stdout) as { links: (LinkRecord & { status: string })[] }).links;
    expect(records.find((r) => r.linkId === issued.linkId)?.status).toBe("active");

    const revoked = await links("revoke", issued.linkId, "--by", "alice");
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toMatch(`revoked ${issued.linkId} (client beta): page deleted, record marked, no SHARE_DISTRIBUTION_ID`);
    expect((await fetch(issued.url)).status).toBe(404);
    const table = await links("list");
    expect(table.stdout).toMatch(new RegExp(`${issued.linkId}\\s+beta\\s+revoked`));
    // One page by cursor, from the link index: the API's document.
    const page = JSON.parse((await links("list", "--status", "revoked", "--limit", "1", "--json")).stdout) as { links: LinkRecord[]; next?: string };
    expect(page.links.map((l) => l.linkId)).toEqual([issued.linkId]);
    expect(page.next).toBeUndefined();
  });

  it("links exits 3 for an unknown link or client, a malformed id included (it names no link)", async () => {
    const unknown = await links("revoke", "AAAAAAAAAAAAAAAAAAAAAA");
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/no link AAAAAAAAAAAAAAAAAAAAAA; see the issued links with: signed-share links list/);
    const noClient = await links("list", "nobody");
    expect(noClient.code).toBe(3);
    const malformed = await links("revoke", "../../etc");
    expect(malformed.code).toBe(3);
    expect(malformed.stderr).toMatch(/there is no link "..\/..\/etc": a link id is 22 characters/);
  });
});
