import { request } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEdge, type RunningEdge } from "../../lib/edge/edge-server.js";
import { Publisher } from "../../lib/publishing/publisher.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { runInProcess } from "../support/run-command.js";
import { rsaSigningKey, trustedPublicKeys } from "../support/vectors.js";

/** GET with a Host header of our choosing (fetch does not allow setting Host). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Security review finding 2: the edge took its public origin from the Host header when none was configured. */
describe("an edge started without a public origin", () => {
  let dir: string;
  let edge: RunningEdge;
  let query: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "security-origin-"));
    const store = new LocalObjectStore(dir);
    await store.put("client_files/acme/report.txt", "acme report\n");
    await store.put("client_files/globex/secret.txt", "globex only\n");
    edge = await startEdge({ store, originPrefix: "client_files", trustedKey: (id) => trustedPublicKeys.get(id), clock: () => new Date() }, 0);
    const publisher = new Publisher({ store, prefix: "client_files", publicUrl: edge.url, signingKey: async () => rsaSigningKey, clock: () => new Date() });
    const record = await publisher.publish({ client: "acme", expiresAt: new Date(Date.now() + 3_600_000), mode: "folder", issuedBy: "test" });
    query = new URL(record.url).search;
  });
  afterAll(async () => {
    await edge?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("serves the folder link's own files", async () => {
    const response = await getWithHost(`${edge.url}/acme/report.txt${query}`, new URL(edge.url).host);
    expect(response).toEqual({ status: 200, body: "acme report\n" });
  });

  it("refuses a Host header with a path that would have moved another client's files under the policy", async () => {
    const response = await getWithHost(`${edge.url}/globex/secret.txt${query}`, `${new URL(edge.url).host}/acme`);
    expect(response.status).toBe(400);
    expect(response.body).not.toContain("globex only");
  });

  it("never takes the origin from the request: another valid Host changes nothing", async () => {
    const port = new URL(edge.url).port;
    const response = await getWithHost(`${edge.url}/globex/secret.txt${query}`, `localhost:${port}`);
    expect(response.status).toBe(403);
    const own = await getWithHost(`${edge.url}/acme/report.txt${query}`, `attacker.example:${port}`);
    expect(own.status).toBe(200); // the signature names the listening address, whatever Host says
  });

  it.each(["a b", "host:99999", "[::1", "x\\y", "host:80:80", "*.example"])("answers 400 for the Host %j", async (host) => {
    const response = await getWithHost(`${edge.url}/acme/report.txt${query}`, host).catch(() => ({ status: 400, body: "" }));
    expect(response.status).toBe(400);
  });
});

/** Security review finding 18: `npm run edge --root /missing` started and served 404s. */
describe("npm run edge --root", () => {
  it("exits 2 naming the problem when the root does not exist or is not a directory", async () => {
    const missing = await runInProcess(["edge", "--port", "0", "--root", "/nonexistent/signed-share-root", "--trusted-key", `K1=${join(__dirname, "..", "vectors", "test-rsa-public.pem")}`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("does not exist");
    const file = await runInProcess(["edge", "--port", "0", "--root", __filename, "--trusted-key", `K1=${join(__dirname, "..", "vectors", "test-rsa-public.pem")}`]);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain("not a directory");
  });

  it("exits 2 for a --public-origin with a path", async () => {
    const result = await runInProcess(["edge", "--port", "0", "--root", __dirname, "--public-origin", "http://localhost:3001/*", "--trusted-key", `K1=${join(__dirname, "..", "vectors", "test-rsa-public.pem")}`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--public-origin");
  });
});
