// Issue 21.1 through the local edge (what `npm start` runs): a revoked folder link is not revived by a
// decoy `l` whatever revoked it: `links revoke`, `links renew --revoke-old` or `links revoke --client`
// (revoking every link of a client). The decoys keep the revoked link's signing parameters, which its
// wildcard Resource `<folder>/*?l=<id>` still accepts when the query merely ends in `<one char>l=<id>`.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../lib/clock.js";
import { loadConfig, type LocalConfig } from "../../lib/config.js";
import { GUARD_DENY_REASON } from "../../lib/edge/guard/edge-guard.js";
import { createKeyProvider } from "../../lib/keys/key-provider.js";
import { LocalKeyStore, localKeysDir } from "../../lib/keys/local-key-store.js";
import { createPublishing, type Publishing } from "../../lib/publishing/create-publishing.js";
import type { LinkRecord } from "../../lib/links/link-record.js";
import { renewLink } from "../../lib/links/renew.js";
import { revokeClientLinks } from "../../lib/links/revoke-client.js";
import { startLocalMode, type RunningLocalMode } from "../../portal/local/local-mode.js";
import { pageLinks } from "../publish/helpers.js";

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const MADE_UP = "madeUpmadeUpmadeUpmade";

describe("decoy link ids through the local edge, after each way of revoking", () => {
  let dataDir: string;
  let running: RunningLocalMode;
  let publishing: Publishing;
  const expiresAt = new Date(Date.now() + 7 * 86_400_000);

  const get = async (url: string) => {
    const response = await fetch(url);
    return { status: response.status, reason: response.headers.get("x-deny-reason"), body: await response.text() };
  };
  const publisher = () => {
    const provider = createKeyProvider({ store: new LocalKeyStore(localKeysDir(dataDir)), clock: systemClock });
    return publishing.publisher(() => provider.current());
  };
  /** A file URL of the link (the page lists them), taken apart: path, its l, the signing parameters. */
  const fileUrlOf = async (record: LinkRecord) => {
    const url = new URL(pageLinks((await get(record.url)).body).find((link) => link.includes("/exports/"))!);
    const signing = url.search.slice(1).split("&").filter((pair) => !pair.startsWith("l="));
    return { base: `${url.origin}${url.pathname}`, signing: signing.join("&") };
  };
  /** Every decoy form of a revoked link's URL: the revoked id must end the query, another `l` is what a guard would read. */
  const decoys = (file: { base: string; signing: string }, revokedId: string, liveIds: string[]) =>
    [MADE_UP, ...liveIds].flatMap((decoy) => [
      `${file.base}?l=${decoy}&xl=${revokedId}&${file.signing}`,
      `${file.base}?l=${decoy}&${file.signing}&xl=${revokedId}`,
      `${file.base}?${file.signing}&l=${decoy}&_l=${revokedId}`,
      `${file.base}?l=${decoy}&${file.signing}&Hash-Algorithml=${revokedId}`,
      `${file.base}?l=${decoy}&Xl=${revokedId}&${file.signing}`,
    ]);
  async function expectAllRefused(urls: string[]) {
    for (const url of urls) {
      const answer = await get(url);
      expect(answer.status, url).toBe(403);
      // Either the guard refuses the query, or CloudFront's check refuses the signature; never a 200.
      if (answer.reason === GUARD_DENY_REASON) expect(answer.body, url).toContain("This link is not complete");
    }
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "decoy-revocation-"));
    const env = { SHARE_DATA_DIR: dataDir, PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: "correct horse battery staple" };
    running = await startLocalMode(loadConfig({ env }) as LocalConfig, { logger: silent });
    const config = loadConfig({ env: { ...env, SHARE_PUBLIC_URL: running.edgeUrl } }) as LocalConfig;
    publishing = createPublishing(config, { clock: systemClock });
  });
  afterAll(async () => {
    await running?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("the decoys work as a signature: before any revocation the matcher accepts them, and the guard alone refuses them", async () => {
    const folder = await publisher().publish({ client: "acme-corp", expiresAt, issuedBy: "test", mode: "folder" });
    const file = await fileUrlOf(folder);
    expect((await get(`${file.base}?l=${folder.linkId}&${file.signing}`)).status).toBe(200);
    for (const url of decoys(file, folder.linkId, [])) expect(await get(url), url).toMatchObject({ status: 403, reason: GUARD_DENY_REASON });
  });

  it("links revoke: a revoked folder link stays refused under every decoy, a made-up id or another live link's", async () => {
    const [revoked, live] = [
      await publisher().publish({ client: "acme-corp", expiresAt, issuedBy: "test", mode: "folder" }),
      await publisher().publish({ client: "acme-corp", expiresAt, issuedBy: "test", mode: "folder" }),
    ];
    const file = await fileUrlOf(revoked);
    await publishing.records.revoke(revoked.linkId, "test");
    expect(await get(`${file.base}?l=${revoked.linkId}&${file.signing}`)).toMatchObject({ status: 403, reason: GUARD_DENY_REASON });
    await expectAllRefused(decoys(file, revoked.linkId, [live.linkId]));
    const liveFile = await fileUrlOf(live);
    expect((await get(`${liveFile.base}?l=${live.linkId}&${liveFile.signing}`)).status).toBe(200);
  });

  it("links renew --revoke-old: the old folder-selection link is refused under every decoy, the new link's id included", async () => {
    const old = await publisher().publish({ client: "acme-corp", expiresAt, issuedBy: "test", mode: "folder", only: ["exports/"] });
    const file = await fileUrlOf(old);
    expect((await get(`${file.base}?l=${old.linkId}&${file.signing}`)).status).toBe(200);
    const renewed = await renewLink(publisher(), { linkId: old.linkId, expiresAt, issuedBy: "test", revokeOld: true });
    expect(renewed.revoked).toBeTruthy();
    expect(await get(`${file.base}?l=${old.linkId}&${file.signing}`)).toMatchObject({ status: 403, reason: GUARD_DENY_REASON });
    await expectAllRefused(decoys(file, old.linkId, [renewed.record.linkId]));
    const fresh = await fileUrlOf(renewed.record);
    expect((await get(`${fresh.base}?l=${renewed.record.linkId}&${fresh.signing}`)).status).toBe(200);
  });

  it("links revoke --client: every link of the client is refused under every decoy, with each other's ids too", async () => {
    const links = [
      await publisher().publish({ client: "acme-corp", expiresAt, issuedBy: "test", mode: "folder" }),
      await publisher().publish({ client: "acme-corp", expiresAt, issuedBy: "test", mode: "folder", only: ["exports/"] }),
      await publisher().publish({ client: "acme-corp", expiresAt, issuedBy: "test" }),
    ];
    const files = await Promise.all(links.map(fileUrlOf));
    const result = await revokeClientLinks(publishing.records, "acme-corp", "test", systemClock);
    expect(result.failed).toEqual([]);
    const ids = links.map((link) => link.linkId);
    for (const [i, link] of links.entries()) {
      expect(await get(`${files[i]!.base}?l=${link.linkId}&${files[i]!.signing}`)).toMatchObject({ status: 403, reason: GUARD_DENY_REASON });
      await expectAllRefused(decoys(files[i]!, link.linkId, ids.filter((id) => id !== link.linkId)));
    }
  });
});
