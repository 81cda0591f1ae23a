import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import { afterEach, describe, expect, test } from "vitest";
import { distributionFolder, hourPartition, logFileName } from "../../lib/activity/log-layout.js";
import { LogReader } from "../../lib/activity/log-reader.js";
import { linesContaining } from "../../lib/activity/scan-lines.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { DISTRIBUTION, fixtures, gzipLines, LINK_ID, lines, record } from "./fixtures.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function logStore(): LocalObjectStore {
  const dir = mkdtempSync(join(tmpdir(), "activity-logs-"));
  dirs.push(dir);
  return new LocalObjectStore(dir);
}

const collect = async <T>(items: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

describe("linesContaining", () => {
  test("finds exactly the lines a naive split finds, however the bytes are chunked", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom("alpha", `x ${LINK_ID} y`, "", LINK_ID, "beta gamma", `${LINK_ID}${LINK_ID}`), { maxLength: 30 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 }),
        async (parts, trailingNewline, cuts) => {
          const text = parts.join("\n") + (trailingNewline ? "\n" : "");
          const bytes = Buffer.from(text);
          const chunks: Buffer[] = [];
          for (let at = 0, i = 0; at < bytes.length; i++) {
            const size = cuts[i % cuts.length]!;
            chunks.push(bytes.subarray(at, at + size));
            at += size;
          }
          const expected = text.split("\n").filter((line) => line.includes(LINK_ID));
          expect(await collect(linesContaining(Readable.from(chunks), Buffer.from(LINK_ID)))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("LogReader over the v2 layout", () => {
  const base = "AWSLogs/aws-account-id=123456789012/CloudFront/";
  const hourKey = (at: string, name: string, prefix = base) => `${prefix}${distributionFolder(DISTRIBUTION)}${hourPartition(new Date(at))}${name}`;

  test("reads gzip and plain files of the window's hour partitions only; a torn gzip is named, its lines before the tear kept", async () => {
    const store = logStore();
    const inside = new Date("2019-12-04T21:00:00Z");
    await store.put(hourKey("2019-12-04T21:00:00Z", logFileName(DISTRIBUTION, inside, "a1b2c3d4", ".gz")), gzipLines([fixtures.page(), fixtures.whole(), fixtures.otherLink()]));
    await store.put(hourKey("2019-12-04T22:00:00Z", "local.log"), lines([fixtures.aborted()]));
    const torn = gzipLines([fixtures.deniedGuard(), ...Array.from({ length: 200 }, () => fixtures.otherLink())]);
    await store.put(hourKey("2019-12-04T22:00:00Z", "torn.gz"), torn.subarray(0, torn.length - 40));
    // Outside the window: never read.
    await store.put(hourKey("2019-12-05T03:00:00Z", "late.gz"), gzipLines([fixtures.deniedSignature()]));
    await store.put(hourKey("2019-12-04T19:00:00Z", "early.gz"), gzipLines([fixtures.deniedSignature()]));

    const reader = new LogReader({ logs: store, distributionId: DISTRIBUTION });
    const problems = { unreadable: [] as string[] };
    const found = await collect(reader.lines(LINK_ID, new Date("2019-12-04T20:30:00Z"), new Date("2019-12-05T02:59:00Z"), problems));
    const statuses = found.map((line) => JSON.parse(line)["sc-status"]);
    expect(found.every((line) => line.includes(LINK_ID))).toBe(true);
    expect(statuses).toEqual(["200", "200", "200", "403"]);
    expect(problems.unreadable).toEqual([expect.stringMatching(/torn\.gz: unexpected end of file/)]);
  });

  test("finds the folder before DistributionId= whatever CloudFront puts there", async () => {
    for (const prefix of ["AWSLogs/123456789012/CloudFront/", "logs/AWSLogs/aws-account-id=123456789012/CloudFront/", ""]) {
      const store = logStore();
      await store.put(hourKey("2019-12-04T21:00:00Z", "x.gz", prefix), gzipLines([fixtures.whole()]));
      await store.put(`${prefix}DistributionId=EOTHER/${hourPartition(new Date("2019-12-04T21:00:00Z"))}y.gz`, gzipLines([fixtures.page()]));
      const reader = new LogReader({ logs: store, distributionId: DISTRIBUTION });
      const found = await collect(reader.lines(LINK_ID, new Date("2019-12-04T21:00:00Z"), new Date("2019-12-04T21:59:00Z")));
      expect(found.map((line) => JSON.parse(line)["cs-uri-stem"]), prefix).toEqual(["/acme-corp/report.pdf"]);
    }
  });

  test("no logs yet: nothing, no error", async () => {
    const reader = new LogReader({ logs: logStore(), distributionId: DISTRIBUTION });
    expect(await collect(reader.lines(LINK_ID, new Date("2019-12-04T21:00:00Z"), new Date("2019-12-04T23:00:00Z")))).toEqual([]);
    expect(record({}).date).toBe("2019-12-04");
  });
});
