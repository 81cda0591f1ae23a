import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotFoundError } from "../../lib/errors.js";
import { pageLinks } from "../publish/helpers.js";
import { Publisher } from "../../lib/publishing/publisher.js";
import { signUrl } from "../../lib/signing/signer.js";
import { rsaSigningKey } from "../support/vectors.js";
import { CLIENT, FILES, PREFIX, selectionFixture } from "./fixture.js";

type Fixture = Awaited<ReturnType<typeof selectionFixture>>;

/** The path inside the client's folder that a signed file URL names. */
function pathOf(fx: Fixture, url: string): string {
  return decodeURIComponent(new URL(url).pathname).slice(`/${CLIENT}/`.length);
}

/** The signed URL of another object with the query of `signed`: what a client would try to reach more. */
function sameQueryFor(fx: Fixture, signed: string, path: string): string {
  const url = new URL(signed);
  return `${fx.edge.url}/${encodeURIComponent(CLIENT)}/${path.split("/").map(encodeURIComponent).join("/")}${url.search}`;
}

describe("a link for a selection, through the local edge", () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await selectionFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it("per-file: the page lists exactly the chosen files, each served; the record keeps the selection", async () => {
    const only = ["exports/2025/summary.csv", "exports/it's here.txt"];
    const record = await fx.publisher.publish({ client: CLIENT, expiresAt: fx.expiresAt(), issuedBy: "t", only });
    expect(record).toMatchObject({ mode: "per-file", selection: only, fileCount: 2, bytes: FILES[only[0]!]!.length + FILES[only[1]!]!.length });
    expect((await fx.publisher.records.get(CLIENT, record.linkId))?.selection).toEqual(only);
    const html = await (await fetch(record.url)).text();
    const links = pageLinks(html);
    expect(links.map((l) => pathOf(fx, l)).sort()).toEqual([...only].sort());
    for (const link of links) expect(await (await fetch(link)).text()).toBe(FILES[pathOf(fx, link)]);
    expect(html).not.toContain("2026/summary.csv");
    expect(html).not.toContain("invoices");
  });

  it("per-file: a URL for a file outside the selection has no signature, so the edge refuses it", async () => {
    const record = await fx.publisher.publish({ client: CLIENT, expiresAt: fx.expiresAt(), issuedBy: "t", only: ["exports/2025/summary.csv"] });
    const [link] = pageLinks(await (await fetch(record.url)).text());
    for (const other of ["exports/2026/summary.csv", "invoices/2026-01.pdf", "README.txt"]) {
      const response = await fetch(sameQueryFor(fx, link!, other));
      expect(response.status).toBe(403);
      expect(response.headers.get("x-deny-reason")).toBe("bad-signature");
    }
  });

  it("folder: one wildcard per chosen sub-folder; a link for exports/ cannot reach invoices/ (resource mismatch)", async () => {
    const record = await fx.publisher.publish({ client: CLIENT, expiresAt: fx.expiresAt(), issuedBy: "t", mode: "folder", only: ["exports"] });
    expect(record.selection).toEqual(["exports/"]);
    const links = pageLinks(await (await fetch(record.url)).text());
    const exported = Object.keys(FILES).filter((p) => p.startsWith("exports/"));
    expect(links.map((l) => pathOf(fx, l)).sort()).toEqual(exported.sort());
    expect(new Set(links.map((l) => new URL(l).search)).size).toBe(1); // one signature for the folder
    for (const link of links) expect((await fetch(link)).status).toBe(200);
    for (const other of ["invoices/2026-01.pdf", "invoices/private/notes.txt", "README.txt"]) {
      const response = await fetch(sameQueryFor(fx, links[0]!, other));
      expect(response.status).toBe(403);
      expect(response.headers.get("x-deny-reason")).toBe("resource-mismatch");
    }
    // The page has its own signature: the folder wildcard does not reach the page folder.
    expect(new URL(record.url).search).not.toBe(new URL(links[0]!).search);
    expect((await fetch(record.url)).status).toBe(200);
  });

  it("folder: two sub-folders and a single file get two wildcards and one signature of its own", async () => {
    const record = await fx.publisher.publish({
      client: CLIENT,
      expiresAt: fx.expiresAt(),
      issuedBy: "t",
      mode: "folder",
      only: ["exports/2025/", "invoices/private/", "README.txt"],
    });
    const links = pageLinks(await (await fetch(record.url)).text());
    expect(links.map((l) => pathOf(fx, l)).sort()).toEqual(["README.txt", "exports/2025/summary.csv", "invoices/private/notes.txt"]);
    expect(new Set(links.map((l) => new URL(l).search)).size).toBe(3);
    for (const link of links) expect((await fetch(link)).status).toBe(200);
    const readme = links.find((l) => pathOf(fx, l) === "README.txt")!;
    expect((await fetch(sameQueryFor(fx, readme, "invoices/2026-01.pdf"))).headers.get("x-deny-reason")).toBe("bad-signature");
    const year = links.find((l) => pathOf(fx, l).startsWith("exports/2025/"))!;
    expect((await fetch(sameQueryFor(fx, year, "exports/2026/summary.csv"))).headers.get("x-deny-reason")).toBe("resource-mismatch");
  });

  it("per-file through a bulk signer (the portal's signing pool): the same chosen files, each served", async () => {
    const calls: number[] = [];
    const publisher = new Publisher({
      store: fx.store,
      prefix: PREFIX,
      publicUrl: fx.edge.url,
      signingKey: async () => rsaSigningKey,
      clock: () => new Date(),
      listing: { pageSize: 2, firstPageSize: 2 },
      signUrls: async (urls, key, options) => {
        calls.push(urls.length);
        return urls.map((url) => signUrl(url, key, options));
      },
    });
    const only = ["exports/2026/", "README.txt"];
    const record = await publisher.publish({ client: CLIENT, expiresAt: fx.expiresAt(), issuedBy: "t", only });
    const links = pageLinks(await (await fetch(record.url)).text());
    expect(links.map((l) => pathOf(fx, l)).sort()).toEqual(["README.txt", "exports/2026/summary.csv"]);
    for (const link of links) expect(await (await fetch(link)).text()).toBe(FILES[pathOf(fx, link)]);
    expect(calls.reduce((a, b) => a + b, 0)).toBe(2);
    expect(calls.every((n) => n > 0)).toBe(true);
  });

  it("refuses an entry that matches nothing, and writes no page", async () => {
    const before = (await fx.publisher.records.list(CLIENT)).length;
    await expect(fx.publisher.publish({ client: CLIENT, expiresAt: fx.expiresAt(), issuedBy: "t", only: ["exports/", "nope.txt"] })).rejects.toThrow(NotFoundError);
    await expect(fx.publisher.publish({ client: CLIENT, expiresAt: fx.expiresAt(), issuedBy: "t", only: ["exports/", "nope.txt"] })).rejects.toThrow(/no file or folder "nope.txt"/);
    expect((await fx.publisher.records.list(CLIENT)).length).toBe(before);
  });
});
