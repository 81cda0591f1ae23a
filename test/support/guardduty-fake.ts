/**
 * A stateful fake of Amazon GuardDuty Malware Protection for S3, in front of fauxqs (which has no
 * object tagging): S3 requests are forwarded, except object tagging, which this fake keeps itself,
 * as S3 does (a new object starts untagged; deleting it drops its tags). Like GuardDuty it notices
 * every object stored through it and scans it, but only when the test says `settle()` (the tagging
 * delay is real and unbounded); it also answers GuardDuty's on-demand API, POST
 * /object-malware-scan/send, by queueing a scan the same way. The verdict is by content: bytes
 * holding the EICAR test string are THREATS_FOUND, anything else NO_THREATS_FOUND, unless the test
 * set one for the key. Faults can be injected on tagging reads and on the on-demand API.
 *
 *   const fake = await startGuardDutyFake(s3.endpoint);
 *   const store = new S3ObjectStore(s3.client({ endpoint: fake.endpoint }), bucket);
 *   await store.put("client_files/a/x.pdf", bytes);   // pending: untagged
 *   await fake.settle();                               // now NO_THREATS_FOUND
 */
import { request as httpRequest, createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SCAN_TAG, type ScanTagValue } from "../../lib/scanning/scan-status.js";

const EICAR_MARK = "EICAR-STANDARD-ANTIVIRUS-TEST-FILE";

export interface GuardDutyFake {
  /** Point the S3 client and the GuardDuty client here. */
  readonly endpoint: string;
  /** Objects waiting for a scan ("bucket/key"), in the order they were stored or asked for. */
  readonly queued: string[];
  /** On-demand scan requests received ("bucket/key"). */
  readonly onDemand: string[];
  /** Tagging reads received (GetObjectTagging), for assertions on how many statuses were read. */
  readonly tagReads: string[];
  /** Scans everything queued: each object gets GuardDuty's tag. */
  settle(): Promise<void>;
  /** The verdict the next scans of this key give, whatever its content. */
  verdictFor(bucket: string, key: string, value: ScanTagValue): void;
  /** The tags the fake holds for an object. */
  tagsOf(bucket: string, key: string): Record<string, string> | undefined;
  /** The next `times` tagging reads (or on-demand requests) fail with this status. */
  failTagReads(times: number, status?: number, code?: string): void;
  failOnDemand(times: number, status?: number): void;
  stop(): Promise<void>;
}

export async function startGuardDutyFake(upstream: string): Promise<GuardDutyFake> {
  const target = new URL(upstream);
  const tags = new Map<string, Record<string, string>>();
  const forced = new Map<string, ScanTagValue>();
  const queued: string[] = [];
  const onDemand: string[] = [];
  const tagReads: string[] = [];
  let tagReadFaults: { times: number; status: number; code: string } = { times: 0, status: 500, code: "InternalError" };
  let onDemandFaults = { times: 0, status: 500 };

  /** Forwards a request upstream; resolves status and body. */
  const forward = (method: string, path: string, headers: IncomingMessage["headers"], body: Buffer) =>
    new Promise<{ status: number; headers: IncomingMessage["headers"]; body: Buffer }>((resolve, reject) => {
      const out = httpRequest({ host: target.hostname, port: target.port, method, path, headers: { ...headers, host: target.host } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      out.on("error", reject);
      out.end(body);
    });

  const objectExists = async (path: string) => (await forward("HEAD", path, {}, Buffer.alloc(0))).status === 200;

  const scan = async (id: string) => {
    const slash = id.indexOf("/");
    const path = `/${id.slice(0, slash)}/${id.slice(slash + 1).split("/").map(encodeURIComponent).join("/")}`;
    const got = await forward("GET", path, {}, Buffer.alloc(0));
    if (got.status !== 200) return; // gone before it was scanned
    const value = forced.get(id) ?? (got.body.includes(EICAR_MARK) ? "THREATS_FOUND" : "NO_THREATS_FOUND");
    tags.set(id, { ...(tags.get(id) ?? {}), [SCAN_TAG]: value });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks)).catch((error: Error) => {
        if (!res.headersSent) res.writeHead(500).end(error.message);
      });
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const method = req.method ?? "GET";
    if (url.pathname === "/object-malware-scan/send" && method === "POST") {
      if (onDemandFaults.times > 0) {
        onDemandFaults.times -= 1;
        res.writeHead(onDemandFaults.status, { "content-type": "application/json", "x-amzn-errortype": "InternalServerErrorException" }).end(JSON.stringify({ message: "injected fault" }));
        return;
      }
      const request = JSON.parse(body.toString("utf8") || "{}") as { s3Object?: { bucket?: string; key?: string } };
      const bucket = request.s3Object?.bucket;
      const key = request.s3Object?.key;
      if (!bucket || !key) {
        res.writeHead(400, { "content-type": "application/json", "x-amzn-errortype": "BadRequestException" }).end(JSON.stringify({ message: "s3Object.bucket and s3Object.key are required" }));
        return;
      }
      onDemand.push(`${bucket}/${key}`);
      queued.push(`${bucket}/${key}`);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
      return;
    }
    const [, bucket = "", ...rest] = url.pathname.split("/");
    const key = rest.map((s) => decodeURIComponent(s)).join("/");
    const id = `${bucket}/${key}`;
    if (url.searchParams.has("tagging") && key !== "") {
      if (method === "GET") {
        tagReads.push(id);
        if (tagReadFaults.times > 0) {
          tagReadFaults.times -= 1;
          res.writeHead(tagReadFaults.status, { "content-type": "application/xml" }).end(s3ErrorXml(tagReadFaults.code, "injected fault"));
          return;
        }
      }
      if (!(await objectExists(`/${bucket}/${rest.join("/")}`))) {
        res.writeHead(404, { "content-type": "application/xml" }).end(s3ErrorXml("NoSuchKey", "The specified key does not exist."));
        return;
      }
      if (method === "GET") {
        const set = Object.entries(tags.get(id) ?? {})
          .map(([k, v]) => `<Tag><Key>${xml(k)}</Key><Value>${xml(v)}</Value></Tag>`)
          .join("");
        res.writeHead(200, { "content-type": "application/xml" }).end(`<?xml version="1.0" encoding="UTF-8"?><Tagging><TagSet>${set}</TagSet></Tagging>`);
      } else if (method === "PUT") {
        const text = body.toString("utf8");
        const set = Object.fromEntries([...text.matchAll(/<Tag>\s*<Key>([^<]*)<\/Key>\s*<Value>([^<]*)<\/Value>\s*<\/Tag>/g)].map((m) => [unxml(m[1]!), unxml(m[2]!)]));
        tags.set(id, set);
        res.writeHead(200).end();
      } else if (method === "DELETE") {
        tags.delete(id);
        res.writeHead(204).end();
      } else res.writeHead(405).end();
      return;
    }
    const upstream = await forward(method, req.url ?? "/", req.headers, body);
    const completes = (method === "PUT" && !url.searchParams.has("partNumber")) || (method === "POST" && url.searchParams.has("uploadId"));
    if (upstream.status < 300 && key !== "" && !key.endsWith("/")) {
      if (completes) {
        tags.delete(id); // a new object starts untagged
        queued.push(id);
      } else if (method === "DELETE") tags.delete(id);
    }
    res.writeHead(upstream.status, upstream.headers).end(method === "HEAD" ? undefined : upstream.body);
  };

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    queued,
    onDemand,
    tagReads,
    async settle() {
      while (queued.length > 0) await scan(queued.shift()!);
    },
    verdictFor(bucket, key, value) {
      forced.set(`${bucket}/${key}`, value);
    },
    tagsOf(bucket, key) {
      return tags.get(`${bucket}/${key}`);
    },
    failTagReads(times, status = 500, code = "InternalError") {
      tagReadFaults = { times, status, code };
    },
    failOnDemand(times, status = 500) {
      onDemandFaults = { times, status };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function unxml(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}

function s3ErrorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>FAKE</RequestId></Error>`;
}
