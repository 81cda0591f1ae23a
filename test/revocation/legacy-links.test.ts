// `signed-share links legacy`: which recorded links carry no link id, and the legacyLinksUntil value that
// keeps the valid ones working until they expire (docs/deploy.md#upgrading-a-stack-with-live-links).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LinkRecord } from "../../lib/links/link-record.js";
import { LinkRecords } from "../../lib/links/link-records.js";
import { carriesLinkId, legacyLinks } from "../../lib/revocation/legacy-links.js";
import { parseLegacyLinksUntil } from "../../lib/edge/guard/guard-settings.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { loadConfig } from "../../lib/config.js";
import { createServices } from "../../lib/ops/compose.js";
import type { Services } from "../../lib/ops/services.js";
import { runInProcess } from "../support/run-command.js";

const NOW = new Date("2026-03-01T12:00:00Z");
const id = (n: number) => `link${String(n).padStart(18, "0")}`;

function record(n: number, options: { withId: boolean; expiresAt: string; revoked?: boolean }): LinkRecord {
  const linkId = id(n);
  const query = `${options.withId ? `l=${linkId}&` : ""}Expires=1780000000&Signature=abc&Key-Pair-Id=K2JCJMDEHXQW5F`;
  return {
    linkId,
    client: "acme",
    url: `https://files.example.com/acme/_links/${linkId}.html?${query}`,
    pageKey: `client_files/acme/_links/${linkId}.html`,
    issuedBy: "olivia",
    issuedAt: "2026-01-01T00:00:00.000Z",
    expiresAt: options.expiresAt,
    keyPairId: "K2JCJMDEHXQW5F",
    hashAlgorithm: "SHA1",
    mode: "per-file",
    fileCount: 1,
    bytes: 10,
    ...(options.revoked ? { revoked: { at: "2026-02-01T00:00:00.000Z", by: "olivia", reason: "revoked by olivia" } } : {}),
  };
}

const RECORDS = [
  record(1, { withId: false, expiresAt: "2026-03-20T08:00:00.000Z" }),
  record(2, { withId: false, expiresAt: "2026-04-30T17:30:00.000Z" }),
  record(3, { withId: false, expiresAt: "2026-02-01T00:00:00.000Z" }), // expired
  record(4, { withId: false, expiresAt: "2026-12-31T00:00:00.000Z", revoked: true }), // revoked: needs no grace
  record(5, { withId: true, expiresAt: "2027-01-01T00:00:00.000Z" }), // carries its id: the guard handles it
];

describe("legacyLinks", () => {
  it("tells links issued before link ids by their URL", () => {
    expect(RECORDS.map(carriesLinkId)).toEqual([false, false, false, false, true]);
    expect(carriesLinkId({ linkId: id(9), url: "not a url" })).toBe(false);
  });

  it("the value is the latest expiry among the valid ones without an id (not expired, not revoked)", () => {
    const found = legacyLinks(RECORDS, NOW);
    expect(found.withoutId).toBe(4);
    expect(found.valid.map((v) => v.linkId)).toEqual([id(2), id(1)]);
    expect(found.legacyLinksUntil).toBe("2026-04-30T17:30:00.000Z");
    // The value is one the stack setting takes.
    expect(parseLegacyLinksUntil(found.legacyLinksUntil!)).toEqual(new Date("2026-04-30T17:30:00.000Z"));
  });

  it("no value when every link without an id has expired or was revoked", () => {
    expect(legacyLinks(RECORDS.slice(2), NOW)).toEqual({ withoutId: 2, valid: [] });
    expect(legacyLinks([], NOW)).toEqual({ withoutId: 0, valid: [] });
  });
});

describe("signed-share links legacy", () => {
  let dir: string;
  let services: Services;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "legacy-links-tool-"));
    services = createServices(loadConfig({ env: { SHARE_DATA_DIR: dir } }), { clock: () => NOW });
    for (const r of RECORDS) await services.records.write(r);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const printed = async (json: boolean) => {
    const result = await runInProcess(["links", "legacy", ...(json ? ["--json"] : [])], { services });
    expect(result.code, result.stderr).toBe(0);
    return result.stdout;
  };

  it("prints the command that sets the value", async () => {
    const text = await printed(false);
    expect(text).toContain("4 recorded links carry no link id");
    expect(text).toContain("2 of them are still valid, the last until 2026-04-30 17:30 UTC");
    expect(text).toContain("pulumi config set signed-share:legacyLinksUntil 2026-04-30T17:30:00.000Z");
    expect(text).toContain("SHARE_LEGACY_LINKS_UNTIL=2026-04-30T17:30:00.000Z");
  });

  it("--json is one JSON document with the value", async () => {
    const json = JSON.parse(await printed(true));
    expect(json).toMatchObject({ withoutId: 4, legacyLinksUntil: "2026-04-30T17:30:00.000Z" });
    expect(json.valid).toHaveLength(2);
  });
});
