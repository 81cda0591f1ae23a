// Issue 21.1, attribution: the holder of folder link A could credit downloads to link B of the same
// client with `?l=<B>&xl=<A>&<A's signing parameters>` (A's wildcard Resource accepts it; the old guard
// and the old reader both read `l=<B>`), so B's issuer got a false "downloaded everything" e-mail and its
// recipients were never reminded. Now the reader credits a logged request to a link only when the edge
// guard's own rule reads that link's id from the query, so a forged query is credited to no link, served
// or refused.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LogActivitySource } from "../../lib/activity/link-activity-source.js";
import { distributionFolder, hourPartition, LOCAL_DISTRIBUTION_ID, LOCAL_LOG_BASE, logFileName } from "../../lib/activity/log-layout.js";
import { formatLogLine, type LogRecord } from "../../lib/activity/log-record.js";
import { LogReader } from "../../lib/activity/log-reader.js";
import type { LinkRecord } from "../../lib/links/link-record.js";
import { LinkRecords } from "../../lib/links/link-records.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";

const CLIENT = "acme-corp";
const A = "holderOfFolderLinkA000";
const B = "victimLinkBvictimLinkB";
const NOW = new Date("2030-01-01T12:30:00Z");
const SIGNING_OF_A = "Policy=eyJTdGF0ZW1lbnQiOltdfQ__&Signature=c2lnbmVkLWZvci1h~A_&Key-Pair-Id=K2JCJMDEHXQW5F";
const SIGNING_OF_B = "Policy=eyJTdGF0ZW1lbnQiOlt7fV19&Signature=c2lnbmVkLWZvci1i~B_&Key-Pair-Id=K2JCJMDEHXQW5F";
const FILES = ["report.pdf", "exports/q1.csv"];

let sequence = 0;
function line(stem: string, query: string, fields: LogRecord = {}): string {
  sequence++;
  return formatLogLine({
    date: "2030-01-01",
    time: `12:0${sequence % 10}:00`,
    "x-edge-location": "LOCAL",
    "sc-bytes": "1400",
    "c-ip": "203.0.113.9",
    "cs-method": "GET",
    "cs-uri-stem": stem,
    "sc-status": "200",
    "cs-uri-query": query,
    "x-edge-result-type": "Miss",
    "x-edge-request-id": `request-${sequence}`,
    "x-edge-response-result-type": "Miss",
    "x-edge-detailed-result-type": "Miss",
    "sc-content-len": "1000",
    ...fields,
  });
}

/** Every forged form: B's id where the guard reads `l`, A's id where A's Resource needs it (the end of the query). */
const FORGED = [
  `l=${B}&xl=${A}&${SIGNING_OF_A}`,
  `l=${B}&${SIGNING_OF_A}&xl=${A}`,
  `${SIGNING_OF_A}&l=${B}&Hash-Algorithml=${A}`,
  `l=${B}&l=${B}&${SIGNING_OF_B}`,
  `l=${B}&utm_source=mail&${SIGNING_OF_B}`,
  `l=${B}&download&${SIGNING_OF_B}`,
];

describe("a forged query is credited to no link", () => {
  let dir: string;
  let source: LogActivitySource;
  const record: LinkRecord = {
    linkId: B,
    client: CLIENT,
    url: `http://localhost:3001/${CLIENT}/_links/${B}.html?l=${B}&${SIGNING_OF_B}`,
    pageKey: `client_files/${CLIENT}/_links/${B}.html`,
    issuedBy: "ops",
    issuedAt: "2030-01-01T11:00:00.000Z",
    expiresAt: "2030-01-08T11:00:00.000Z",
    keyPairId: "K2JCJMDEHXQW5F",
    hashAlgorithm: "SHA1",
    mode: "folder",
    fileCount: FILES.length,
    bytes: 2000,
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "decoy-attribution-"));
    const store = new LocalObjectStore(join(dir, "data"));
    for (const file of FILES) await store.put(`client_files/${CLIENT}/${file}`, Buffer.alloc(1000));
    const records = new LinkRecords({ store, clock: () => NOW });
    await records.write(record);
    const lines = [
      // B's recipient opens the page: B's.
      line(`/${CLIENT}/_links/${B}.html`, `l=${B}&${SIGNING_OF_B}`),
      // A's holder downloads every file with forged queries, served (the old guard) or refused (the guard now).
      ...FORGED.flatMap((query) => FILES.map((file) => line(`/${CLIENT}/${file}`, query))),
      ...FORGED.map((query) => line(`/${CLIENT}/${FILES[0]}`, query, { "sc-status": "403", "x-edge-detailed-result-type": "FunctionGeneratedResponse" })),
    ];
    const logs = new LocalObjectStore(join(dir, "logs"));
    const hour = new Date("2030-01-01T12:00:00Z");
    await logs.put(`${LOCAL_LOG_BASE}${distributionFolder(LOCAL_DISTRIBUTION_ID)}${hourPartition(hour)}${logFileName(LOCAL_DISTRIBUTION_ID, hour, "abc123", ".log")}`, lines.join(""));
    source = new LogActivitySource({
      reader: new LogReader({ logs, distributionId: LOCAL_DISTRIBUTION_ID, base: LOCAL_LOG_BASE }),
      store,
      records,
      fileSet: async () => new Map(FILES.map((file) => [file, 1000])),
      fileSize: async () => 1000,
      clock: () => NOW,
      delivery: "local",
      viewerAddress: "full",
      retentionMs: 30 * 86_400_000,
    });
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("B's activity holds its page view only: no download, no denied request, every file still pending (so remind reminds)", async () => {
    const activity = await source.activity(record);
    expect(activity.events.map((event) => [event.kind, event.outcome])).toEqual([["page", "complete"]]);
    expect(activity.totals).toMatchObject({ downloads: 0, filesComplete: [], denied: 0, pageViews: 1 });
    expect(activity.filesPending).toEqual([...FILES].sort());
    // What `signed-share remind` and the notifications read.
    expect(await source.summary(B)).toMatchObject({ downloads: 0, filesComplete: [] });
  });
});
