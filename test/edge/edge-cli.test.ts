import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUrl } from "../../lib/signing/signer.js";
import { runTool, startDist } from "../support/run-tool.js";
import { ecSigningKey, rsaSigningKey, rsaTestKey } from "../support/vectors.js";

const vectorsDir = join(__dirname, "..", "vectors");
const rsaPrivate = join(vectorsDir, "test-rsa-private.pem");
const rsaPublic = join(vectorsDir, "test-rsa-public.pem");
const contents = Buffer.from("0123456789abcdefghijklmnopqrstuvwxyz\n");

/** `npm run edge` and `npm run sign` as separate processes, talking real HTTP. */
describe("npm run edge + npm run sign", () => {
  let root: string;
  let edgeUrl: string;
  let stopEdge: () => Promise<void>;
  let edgeOutput: () => string;

  const sign = async (url: string, ...extra: string[]) => {
    const result = await runTool("sign.ts", ["--url", url, "--key-pair-id", rsaTestKey.keyPairId, "--private-key", `file://${rsaPrivate}`, "--date-less-than", "1d", ...extra]);
    expect(result.stderr.trim()).toBe("");
    expect(result.code).toBe(0);
    return result.stdout.trim();
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "edge-cli-"));
    await mkdir(join(root, "acme-corp", "reports"), { recursive: true });
    await writeFile(join(root, "acme-corp", "reports", "Q1 report.txt"), contents);
    const edge = await startDist(["edge", "--port", "0", "--root", root, "--trusted-key", `${rsaTestKey.keyPairId}=${rsaPublic}`], /edge listening on (http:\/\/\S+)/);
    edgeUrl = edge.match[1]!;
    stopEdge = edge.stop;
    edgeOutput = edge.output;
  }, 60_000);
  afterAll(async () => {
    await stopEdge?.();
    await rm(root, { recursive: true, force: true });
  });

  it("serves the exact bytes of a file for a URL signed by npm run sign", async () => {
    const signed = await sign(`${edgeUrl}/acme-corp/reports/Q1%20report.txt`);
    const response = await fetch(signed);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(response.headers.get("etag")).toBeTruthy();
    expect(Buffer.from(await response.arrayBuffer())).toEqual(contents);
  });

  it("serves a byte range with 206 and Content-Range", async () => {
    const signed = await sign(`${edgeUrl}/acme-corp/reports/Q1%20report.txt`);
    const response = await fetch(signed, { headers: { Range: "bytes=10-15" } });
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe(`bytes 10-15/${contents.length}`);
    expect(await response.text()).toBe("abcdef");
  });

  it("answers HEAD with the headers and no body", async () => {
    const signed = await sign(`${edgeUrl}/acme-corp/reports/Q1%20report.txt`);
    const response = await fetch(signed, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe(String(contents.length));
    expect(await response.text()).toBe("");
  });

  it("denies a tampered URL with CloudFront's 403 and says why", async () => {
    const signed = await sign(`${edgeUrl}/acme-corp/reports/Q1%20report.txt`);
    const response = await fetch(signed.replace("Q1%20report", "Q2%20report"));
    expect(response.status).toBe(403);
    expect(response.headers.get("x-deny-reason")).toBe("bad-signature");
    expect(await response.text()).toContain("<Code>AccessDenied</Code>");
  });

  it("denies an expired URL", async () => {
    const expired = signUrl(`${edgeUrl}/acme-corp/reports/Q1%20report.txt`, rsaSigningKey, { dateLessThan: new Date(Date.now() - 1000) });
    const response = await fetch(expired);
    expect(response.status).toBe(403);
    expect(response.headers.get("x-deny-reason")).toBe("expired");
  });

  it("denies a URL signed with a key the edge does not trust", async () => {
    const untrusted = signUrl(`${edgeUrl}/acme-corp/reports/Q1%20report.txt`, ecSigningKey, { dateLessThan: new Date(Date.now() + 60_000) });
    const response = await fetch(untrusted);
    expect(response.status).toBe(403);
    expect(response.headers.get("x-deny-reason")).toBe("untrusted-key");
  });

  it("denies a URL whose signature was made by another key under a trusted key pair id", async () => {
    const forged = signUrl(`${edgeUrl}/acme-corp/reports/Q1%20report.txt`, { keyPairId: rsaTestKey.keyPairId, privateKey: ecSigningKey.privateKey }, { dateLessThan: new Date(Date.now() + 60_000) });
    const response = await fetch(forged);
    expect(response.status).toBe(403);
    expect(response.headers.get("x-deny-reason")).toBe("bad-signature");
  });

  it("never serves a path outside the root, even when the traversal URL is validly signed", async () => {
    const unsigned = await fetch(`${edgeUrl}/..%2f..%2fetc/passwd`);
    expect(unsigned.status).toBe(403);
    const signed = await sign(`${edgeUrl}/..%2f..%2fetc/passwd`);
    const response = await fetch(signed);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("root:");
  });

  it("answers 404 for a signed URL to a missing object", async () => {
    const response = await fetch(await sign(`${edgeUrl}/acme-corp/missing.txt`));
    expect(response.status).toBe(404);
  });

  it("logs each request without its query string", () => {
    const log = edgeOutput();
    expect(log).toContain('"path":"/acme-corp/reports/Q1%20report.txt"');
    expect(log).not.toContain("Signature=");
  });
});

describe("npm run sign refuses bad input with one line and exit code 2", () => {
  const base = ["--url", "https://files.example.com/a.txt", "--key-pair-id", "K2JCJMDEHXQW5F", "--private-key", `file://${rsaPrivate}`, "--date-less-than", "7d"];
  const cases: [string, string[], RegExp][] = [
    ["an unreadable key", ["--private-key", "file:///nonexistent/key.pem"], /cannot read the private key/],
    ["a public key given as the private key", ["--private-key", `file://${rsaPublic}`], /not a PEM private key/],
    ["a non-http URL", ["--url", "ftp://files.example.com/a.txt"], /http or https URL/],
    ["an unparseable date", ["--date-less-than", "next tuesday"], /not a date/],
    ["an expiry in the past", ["--date-less-than", "2001-01-01T00:00:00Z"], /in the past/],
    ["a bad CIDR", ["--ip-address", "300.1.1.1/24"], /IPv4/],
  ];
  for (const [what, override, message] of cases) {
    it(`refuses ${what}`, async () => {
      const [flag, value] = override as [string, string];
      const args = [...base];
      if (args.includes(flag)) args[args.indexOf(flag) + 1] = value;
      else args.push(flag, value);
      const result = await runTool("sign.ts", args);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    });
  }
});
