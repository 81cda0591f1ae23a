import { describe, expect, test } from "vitest";
import { linkEvent } from "../../lib/activity/link-events.js";
import { parseLogLine } from "../../lib/activity/log-record.js";
import { stripSigning } from "../../lib/activity/strip-signing.js";
import { summarize } from "../../lib/activity/summarize.js";
import { keptViewerAddress } from "../../lib/activity/viewer-address.js";
import { CLIENT, fixtures, KEY_PAIR_ID, LINK_ID, lines, record, SIGNATURE } from "./fixtures.js";

const link = { linkId: LINK_ID, client: CLIENT };
const event = (r: ReturnType<typeof record>, rule: "full" | "truncated" | "none" = "truncated") => linkEvent(parseLogLine(lines([r]))!, link, rule);

describe("attributing and classifying log lines (fixtures in the AWS field list's forms)", () => {
  test("the page view, a whole download, a Range request", () => {
    expect(event(fixtures.page())).toMatchObject({ kind: "page", file: null, status: 200, outcome: "complete", at: "2019-12-04T21:00:05.000Z" });
    expect(event(fixtures.whole())).toMatchObject({ kind: "file", file: "report.pdf", outcome: "complete", bytesSent: 1048920, viewer: "192.0.2.0/24" });
    expect(event(fixtures.range("video.mp4", 0, 499, "21:02:00"))).toMatchObject({ outcome: "partial", status: 206, range: { start: 0, end: 499 } });
  });

  test("an aborted download: 200 with response result type Error; the key is decoded relative to the client folder", () => {
    expect(event(fixtures.aborted())).toMatchObject({ outcome: "aborted", file: "data/big export.zip" });
  });

  test("denied requests, with the reason the log gives", () => {
    expect(event(fixtures.deniedSignature())).toMatchObject({ outcome: "denied", status: 403, reason: "signature, expiry, key or address refused" });
    expect(event(fixtures.deniedGuard())).toMatchObject({ outcome: "denied", reason: expect.stringContaining("edge guard") });
  });

  test("no `l` and another link's `l` are not this link's, not even on its page's path (the guard refuses a page without `l`)", () => {
    expect(event(fixtures.noLinkId())).toBeUndefined();
    expect(event(fixtures.otherLink())).toBeUndefined();
    expect(event(record({ "cs-uri-stem": `/${CLIENT}/_links/${LINK_ID}.html` }))).toBeUndefined();
    expect(event(record({ "cs-uri-stem": `/${CLIENT}/_links/${LINK_ID}.html`, "cs-uri-query": `l=${LINK_ID}` }))).toMatchObject({ kind: "page" });
    // The id must be the value of `l`, not anywhere in the line.
    expect(event(record({ "cs-uri-stem": `/${CLIENT}/${LINK_ID}.txt`, "cs-uri-query": `x=${LINK_ID}` }))).toBeUndefined();
    expect(event(record({ "cs-uri-stem": `/${CLIENT}/a.txt`, "cs-uri-query": `l=${LINK_ID}x` }))).toBeUndefined();
  });

  test("nothing kept holds a signature; user agents are decoded and made printable", () => {
    const all = Object.values(fixtures).map((make) => event((make as () => ReturnType<typeof record>)()));
    const text = JSON.stringify(all);
    expect(text).not.toContain(SIGNATURE.slice(0, 20));
    expect(text).not.toContain(KEY_PAIR_ID);
    const hostile = event(record({ "cs-uri-query": `l=${LINK_ID}`, "cs-uri-stem": `/${CLIENT}/a.txt`, "cs(User-Agent)": `curl%0A%1B[31m%E2%80%AEevil%20https://x/?Signature=${SIGNATURE}` }))!;
    expect(hostile.userAgent).toBe("curl\uFFFD\uFFFD[31m[U+202E]evil https://x/?Signature=(removed)");
  });

  test("stripSigning removes signing values however they are encoded", () => {
    expect(stripSigning(`https://d/x?l=${LINK_ID}&Expires=1&Signature=${SIGNATURE}&Key-Pair-Id=${KEY_PAIR_ID}`)).toBe(`https://d/x?l=${LINK_ID}&Expires=(removed)&Signature=(removed)&Key-Pair-Id=(removed)`);
    expect(stripSigning(`a%3FPolicy%3DeyJ9%26signature%3Dabc`)).toBe("a%3FPolicy%3D(removed)%26signature%3D(removed)");
    expect(stripSigning("no params here: Signatures are fine")).toBe("no params here: Signatures are fine");
  });
});

describe("viewer address privacy", () => {
  test.each([
    ["192.0.2.100", "truncated", "192.0.2.0/24"],
    ["::ffff:192.0.2.100", "truncated", "192.0.2.0/24"],
    ["2001:db8:85a3:8d3:1319:8a2e:370:7348", "truncated", "2001:db8:85a3::/48"],
    ["2001:db8::1", "truncated", "2001:db8:0::/48"],
    ["::1", "truncated", "0:0:0::/48"],
    ["192.0.2.100", "full", "192.0.2.100"],
    ["192.0.2.100", "none", null],
    ["not-an-address", "truncated", null],
    [undefined, "full", null],
  ] as const)("%s kept %s: %s", (address, rule, kept) => {
    expect(keptViewerAddress(address, rule)).toBe(kept);
  });
});

describe("summaries", () => {
  const sizes = new Map([["video.mp4", 1000], ["report.pdf", 1048576]]);
  const events = (records: ReturnType<typeof record>[]) => records.map((r) => event(r)!).filter(Boolean);

  test("a file fetched in two Range parts is complete once both are in; aborted never completes", () => {
    const first = summarize(LINK_ID, events([fixtures.page(), fixtures.range("video.mp4", 0, 499, "21:02:00"), fixtures.aborted()]), sizes, 3, new Date("2019-12-04T22:00:00Z"));
    expect(first.files.find((f) => f.file === "video.mp4")).toMatchObject({ complete: false, downloads: 1 });
    expect(first.totals).toMatchObject({ downloads: 2, pageViews: 1, filesComplete: [] });
    const both = summarize(LINK_ID, events([fixtures.range("video.mp4", 0, 499, "21:02:00"), fixtures.range("video.mp4", 500, 999, "21:02:30"), fixtures.whole()]), sizes, 3, new Date("2019-12-04T22:00:00Z"));
    expect(both.files.find((f) => f.file === "video.mp4")).toMatchObject({ complete: true, completedAt: "2019-12-04T21:02:30.000Z" });
    expect(both.totals).toMatchObject({ linkId: LINK_ID, downloads: 3, firstDownloadAt: "2019-12-04T21:01:10.000Z", lastDownloadAt: "2019-12-04T21:02:30.000Z", filesComplete: ["report.pdf", "video.mp4"], filesTotal: 3 });
  });

  test("overlapping and out-of-order ranges merge; a gap keeps the file incomplete", () => {
    const gap = summarize(LINK_ID, events([fixtures.range("video.mp4", 0, 400, "21:00:00"), fixtures.range("video.mp4", 600, 999, "21:00:01")]), sizes, 1, new Date());
    expect(gap.totals.filesComplete).toEqual([]);
    const merged = summarize(LINK_ID, events([fixtures.range("video.mp4", 300, 999, "21:00:00"), fixtures.range("video.mp4", 0, 350, "21:00:01")]), sizes, 1, new Date());
    expect(merged.totals.filesComplete).toEqual(["video.mp4"]);
  });

  test("denied requests and HEADs are not downloads", () => {
    const s = summarize(LINK_ID, events([fixtures.deniedSignature(), fixtures.deniedGuard(), record({ "cs-method": "HEAD", "cs-uri-stem": `/${CLIENT}/report.pdf`, "cs-uri-query": `l=${LINK_ID}` })]), sizes, 1, new Date());
    expect(s.totals).toMatchObject({ downloads: 0, denied: 2, firstDownloadAt: null });
  });
});
