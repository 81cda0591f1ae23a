import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEdge } from "../../lib/edge/edge-server.js";
import type { Publisher } from "../../lib/publishing/publisher.js";
import type { S3ObjectStore } from "../../lib/storage/s3-store.js";
import { DAY, PREFIX, T0, downloadAllLines, edgeWithPublisher, freshStore, pageLinks, putFiles, startFauxqs } from "./helpers.js";
import type { FauxqsHandle } from "../support/fauxqs.js";

const CLIENT = "acme corp ü";
const FILES: Record<string, string> = {
  "report Q1.txt": "plain report\n",
  "ünïcödé – 日本語.txt": "unicode name\n",
  "a+b %20 #1 ?x=1 &y.txt": "reserved URL characters\n",
  [`quotes "double" 'single'.txt`]: "quotes\n",
  "<script>alert(1)</script>.txt": "script tags split into a folder and a file\n",
  '<script>alert("x").txt': "script name\n",
  "nested/deeper/deepest/leaf.bin": "\u0000\u0001binary\u00ff",
  "nested/sibling file.csv": "a,b\n1,2\n",
  "nested/<b>bold</b>/x.txt": "tag folder\n",
  "star*name.txt": "wildcard char\n",
};

describe("a published link through the local edge (fauxqs + S3ObjectStore + edge)", () => {
  let s3: FauxqsHandle;
  let store: S3ObjectStore;
  let edge: RunningEdge;
  let now = T0;
  let publisher: Publisher;

  beforeAll(async () => {
    s3 = await startFauxqs();
    store = await freshStore(s3);
    await putFiles(store, CLIENT, FILES);
    await store.put(`${PREFIX}/${CLIENT}/empty-folder/`, ""); // a folder marker: not a file
    await putFiles(store, "other-client", { "secret.txt": "not for acme\n" });
    ({ edge, publisher } = await edgeWithPublisher(store, { clock: () => now, publisherClock: () => T0 }));
  });
  afterAll(async () => {
    await edge?.close();
    await s3?.stop();
  });

  describe.each(["per-file", "folder"] as const)("%s mode", (mode) => {
    const expiresAt = new Date(T0.getTime() + 7 * DAY);

    it("serves the page, and every link on it returns exactly the bytes of its object", async () => {
      now = T0;
      const record = await publisher.publish({ client: CLIENT, expiresAt, mode, issuedBy: "test" });
      expect(record.fileCount).toBe(Object.keys(FILES).length);

      const page = await fetch(record.url);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const html = await page.text();

      const links = pageLinks(html);
      expect(links).toHaveLength(Object.keys(FILES).length);
      expect(downloadAllLines(html).sort()).toEqual([...links].sort());
      const served = new Map<string, Buffer>();
      for (const link of links) {
        const response = await fetch(link);
        expect(response.status, `${link}: ${response.headers.get("x-deny-reason")}`).toBe(200);
        const path = decodeURIComponent(new URL(link).pathname).slice(`/${CLIENT}/`.length);
        served.set(path, Buffer.from(await response.arrayBuffer()));
      }
      expect(new Map([...served].sort())).toEqual(new Map(Object.entries(FILES).map(([p, body]) => [p, Buffer.from(body)] as const).sort()));
    });

    it("renders a <script> file name as text: the page holds exactly one script element, its own", async () => {
      now = T0;
      const record = await publisher.publish({ client: CLIENT, expiresAt, mode, issuedBy: "test" });
      const html = await (await fetch(record.url)).text();
      expect(html.match(/<script>/g)).toHaveLength(1);
      expect(html.match(/<script/g)).toHaveLength(1);
      expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;).txt");
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/"); // the folder part of "<script>alert(1)</script>.txt"
      expect(html).not.toContain("<b>bold</b>");
    });

    it("denies the page and every link once the expiry has passed", async () => {
      now = T0;
      const record = await publisher.publish({ client: CLIENT, expiresAt, mode, issuedBy: "test" });
      const links = pageLinks(await (await fetch(record.url)).text());
      now = expiresAt;
      for (const url of [record.url, ...links]) {
        const response = await fetch(url);
        expect(response.status).toBe(403);
        expect(response.headers.get("x-deny-reason")).toBe("expired");
      }
    });

    it("does not let a link reach another client's folder", async () => {
      now = T0;
      const record = await publisher.publish({ client: CLIENT, expiresAt, mode, issuedBy: "test" });
      const link = new URL(pageLinks(await (await fetch(record.url)).text())[0]!);
      const other = `${edge.url}/other-client/secret.txt${link.search}`;
      const response = await fetch(other);
      expect(response.status).toBe(403);
    });

    it("answers 404 for the page once the link is revoked, while the files stay", async () => {
      now = T0;
      const record = await publisher.publish({ client: CLIENT, expiresAt, mode, issuedBy: "test" });
      expect((await fetch(record.url)).status).toBe(200);
      const result = await publisher.records.revoke(record.linkId, "tester");
      expect(result.record.revoked?.by).toBe("tester");
      expect((await fetch(record.url)).status).toBe(404);
      expect(await store.head(`${PREFIX}/${CLIENT}/report Q1.txt`)).toBeDefined();
    });
  });

  it("honours an IPv4 range and a start time on the page and its links", async () => {
    now = T0;
    const record = await publisher.publish({
      client: CLIENT,
      expiresAt: new Date(T0.getTime() + 2 * DAY),
      notBefore: new Date(T0.getTime() + DAY),
      ipRange: "127.0.0.0/8",
      issuedBy: "test",
    });
    expect((await fetch(record.url)).headers.get("x-deny-reason")).toBe("not-yet-valid");
    now = new Date(T0.getTime() + DAY + 1000);
    const html = await (await fetch(record.url)).text();
    for (const link of pageLinks(html)) expect((await fetch(link)).status).toBe(200);
  });
});
