// AWS mode: the activity source reads CloudFront's log objects (gzip JSON lines, v2 Hive layout)
// from a log bucket in an S3 emulator, and keeps its summary in the files bucket.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createActivitySource } from "../../lib/activity/from-config.js";
import type { LogActivitySource } from "../../lib/activity/link-activity-source.js";
import { distributionFolder, hourPartition, logFileName } from "../../lib/activity/log-layout.js";
import { loadConfig } from "../../lib/config.js";
import type { LinkRecord } from "../../lib/links/link-record.js";
import { LinkRecords } from "../../lib/links/link-records.js";
import { linkFileSetKey, writeFileSet } from "../../lib/links/link-file-set.js";
import { listAll } from "../../lib/storage/list-all.js";
import { readText } from "../../lib/storage/read-text.js";
import { S3ObjectStore } from "../../lib/storage/s3-store.js";
import { startFauxqs, type FauxqsHandle } from "../support/fauxqs.js";
import { CLIENT, DISTRIBUTION, fixtures, gzipLines, KEY_PAIR_ID, LINK_ID, SIGNATURE } from "./fixtures.js";

const BASE = "AWSLogs/aws-account-id=123456789012/CloudFront/";
const partition = (at: string) => `${BASE}${distributionFolder(DISTRIBUTION)}${hourPartition(new Date(at))}`;

describe("activity in AWS mode, logs in an S3 emulator", () => {
  let s3: FauxqsHandle;
  let files: S3ObjectStore;
  let now = new Date("2019-12-04T23:00:00Z");
  let source: LogActivitySource;
  const record: LinkRecord = {
    linkId: LINK_ID,
    client: CLIENT,
    url: `https://files.example.com/${CLIENT}/_links/${LINK_ID}.html?l=${LINK_ID}&Signature=${SIGNATURE}`,
    pageKey: `client_files/${CLIENT}/_links/${LINK_ID}.html`,
    issuedBy: "ops",
    issuedAt: "2019-12-04T20:55:00.000Z",
    expiresAt: "2019-12-11T20:55:00.000Z",
    keyPairId: KEY_PAIR_ID,
    hashAlgorithm: "SHA1",
    mode: "per-file",
    fileCount: 3,
    bytes: 1049576,
    fileSetKey: linkFileSetKey(CLIENT, LINK_ID),
  };

  beforeAll(async () => {
    s3 = await startFauxqs();
    const client = s3.client();
    const filesBucket = await s3.createBucket();
    const logBucket = await s3.createBucket();
    files = new S3ObjectStore(client, filesBucket);
    const logs = new S3ObjectStore(client, logBucket);
    await files.put(`client_files/${CLIENT}/report.pdf`, Buffer.alloc(1048576));
    await files.put(`client_files/${CLIENT}/video.mp4`, Buffer.alloc(1000));
    const records = new LinkRecords({ store: files, clock: () => now });
    await records.write(record);
    // The file set written when the link was issued: sizes come from it, never from listing the folder.
    await writeFileSet(files, record.fileSetKey!, ["report.pdf", "video.mp4", "notes.txt"], [1048576, 1000, 10]);
    // Two files for the first hour, as CloudFront may deliver; one for the next; a delayed line filed under the hour it happened.
    const hour = new Date("2019-12-04T21:00:00Z");
    await logs.put(`${partition("2019-12-04T21:00:00Z")}${logFileName(DISTRIBUTION, hour, "a1b2c3d4", ".gz")}`, gzipLines([fixtures.page(), fixtures.whole(), fixtures.otherLink(), fixtures.noLinkId()]));
    await logs.put(`${partition("2019-12-04T21:00:00Z")}${logFileName(DISTRIBUTION, hour, "e5f6a7b8", ".gz")}`, gzipLines([fixtures.range("video.mp4", 0, 499, "21:02:00"), fixtures.aborted(), fixtures.deniedSignature()]));
    await logs.put(`${partition("2019-12-04T22:00:00Z")}${logFileName(DISTRIBUTION, new Date("2019-12-04T22:00:00Z"), "c9d0e1f2", ".gz")}`, gzipLines([{ ...fixtures.range("video.mp4", 500, 999, "22:10:00") }, fixtures.deniedGuard()].map((r, i) => (i === 1 ? { ...r, time: "22:20:00" } : r))));
    const config = loadConfig({
      env: {
        SHARE_BUCKET: filesBucket,
        SHARE_PUBLIC_URL: "https://files.example.com",
        SHARE_DISTRIBUTION_ID: DISTRIBUTION,
        SHARE_ACTIVITY_LOG_BUCKET: logBucket,
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_REGION: s3.region,
      },
    });
    source = createActivitySource(config, { store: files, records, clock: () => now, s3Client: client })!;
  }, 60_000);
  afterAll(() => s3?.stop());

  test("the link's requests oldest first: page, downloads, the two Range parts, aborted, denied; others' and unattributed lines left out", async () => {
    const activity = await source.activity(record);
    expect(activity.events.map((e) => [e.at.slice(11, 19), e.kind, e.file, e.outcome])).toEqual([
      ["21:00:05", "page", null, "complete"],
      ["21:01:10", "file", "report.pdf", "complete"],
      ["21:02:00", "file", "video.mp4", "partial"],
      ["21:03:00", "file", "data/big export.zip", "aborted"],
      ["21:04:00", "file", "report.pdf", "denied"],
      ["22:10:00", "file", "video.mp4", "partial"],
      ["22:20:00", "file", "report.pdf", "denied"],
    ]);
    expect(activity.files).toEqual([
      expect.objectContaining({ file: "data/big export.zip", complete: false, size: null }),
      expect.objectContaining({ file: "report.pdf", complete: true }),
      expect.objectContaining({ file: "video.mp4", complete: true, completedAt: "2019-12-04T22:10:00.000Z" }),
    ]);
    expect(activity.totals).toMatchObject({ downloads: 4, pageViews: 1, denied: 2, filesComplete: ["report.pdf", "video.mp4"], filesTotal: 3, asOf: now.toISOString() });
    expect(activity.completeness).toMatch(/^Activity up to 2019-12-04 23:00 UTC\. CloudFront delivers its logs with a delay .* does not guarantee every line\.$/);
    expect(activity.events[0]!.viewer).toBe("192.0.2.0/24");
    expect(activity.filesPending).toEqual(["notes.txt"]);
  });

  test("a link issued before file sets were kept: sizes by HEAD of the files its requests name, and the page says what is missing", async () => {
    const { fileSetKey: _set, ...legacy } = record;
    const activity = await source.activity(legacy);
    expect(activity.files.find((f) => f.file === "video.mp4")).toMatchObject({ size: 1000, complete: true });
    expect(activity.filesPending).toEqual([]);
    expect(activity.completeness).toMatch(/issued before links kept their file list/);
  });

  test("the summary is stored in the files bucket, without a signature or an address, and read back while fresh", async () => {
    const keys: string[] = [];
    for await (const object of listAll(files, "portal/activity/")) keys.push(object.key);
    expect(keys).toEqual([`portal/activity/${CLIENT}/${LINK_ID}.json`]);
    const stored = (await readText(files, keys[0]!))!;
    expect(stored).not.toContain(SIGNATURE.slice(0, 16));
    expect(stored).not.toContain("192.0.2");
    expect(JSON.parse(stored)).toMatchObject({ linkId: LINK_ID, downloads: 4, final: false });
    const summary = await source.summary(LINK_ID);
    expect(summary).toMatchObject({ linkId: LINK_ID, downloads: 4, firstDownloadAt: "2019-12-04T21:01:10.000Z", lastDownloadAt: "2019-12-04T22:10:00.000Z", filesComplete: ["report.pdf", "video.mp4"] });
    expect(await source.summary("AAAAAAAAAAAAAAAAAAAAAA")).toBeNull();
  });

  test("once the link ended longer ago than the log's longest delay, the summary is final and no log is read again", async () => {
    now = new Date("2019-12-14T00:00:00Z");
    await source.activity(record);
    expect(JSON.parse((await readText(files, `portal/activity/${CLIENT}/${LINK_ID}.json`))!)).toMatchObject({ final: true });
    const calls: string[] = [];
    const reader = (source as unknown as { deps: { reader: { lines: (...a: unknown[]) => AsyncGenerator<string> } } }).deps.reader;
    const original = reader.lines.bind(reader);
    reader.lines = (...args: unknown[]) => {
      calls.push("scan");
      return original(...args);
    };
    now = new Date("2020-01-01T00:00:00Z");
    expect(await source.summary(LINK_ID)).toMatchObject({ downloads: 4 });
    expect(calls).toEqual([]);
  });

  test("a damaged stored summary counts as missing: the next read scans the logs and writes it afresh (it is derived, nothing is lost)", async () => {
    const key = `portal/activity/${CLIENT}/${LINK_ID}.json`;
    await files.put(key, JSON.stringify({ linkId: LINK_ID, downloads: "many", asOf: "2019-12-05T00:00:00.000Z", final: true }));
    expect(await source.summary(LINK_ID)).toMatchObject({ linkId: LINK_ID, downloads: 4 });
    expect(JSON.parse((await readText(files, key))!)).toMatchObject({ linkId: LINK_ID, downloads: 4 });
  });
});
