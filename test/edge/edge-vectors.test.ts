import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEdge, type RunningEdge } from "../../lib/edge/edge-server.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { trustedPublicKeys, verifyVectors } from "../support/vectors.js";

/** Each botocore verify vector, sent over HTTP to the edge with the vector's time, viewer IP and key group. */
describe("local edge decides the botocore verify vectors", () => {
  let root: string;
  let edge: RunningEdge;
  let current = verifyVectors[0]!;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "edge-vectors-"));
    const store = new LocalObjectStore(root);
    for (const path of ["acme-corp/a.txt", "acme-corp/b.txt", "acme-corp/d.txt", "acme-corp/deep/c.txt", "globex/c.txt"]) {
      await store.put(path, `contents of ${path}\n`, { contentType: "text/plain" });
    }
    edge = await startEdge(
      {
        store,
        originPrefix: "",
        publicOrigin: "https://files.example.com",
        trustedKey: (id) => (current.trustedKeyPairIds.includes(id) ? trustedPublicKeys.get(id) : undefined),
        clock: () => new Date(current.now),
        viewerIp: () => current.viewerIp,
      },
      0,
    );
  });
  afterAll(async () => {
    await edge.close();
    await rm(root, { recursive: true, force: true });
  });

  for (const vector of verifyVectors) {
    it(`${vector.expect}s ${vector.name}`, async () => {
      current = vector;
      const url = new URL(vector.requestUrl);
      const response = await fetch(edge.url + url.pathname + url.search);
      const body = await response.text();
      if (vector.expect === "allow") {
        expect(response.status).toBe(200);
        expect(body).toBe(`contents of ${decodeURIComponent(url.pathname.slice(1))}\n`);
      } else {
        expect(response.status).toBe(403);
        expect(body).toMatch(/<Error><Code>\w+<\/Code>/);
        expect(response.headers.get("x-deny-reason")).toBeTruthy();
      }
    });
  }
});
