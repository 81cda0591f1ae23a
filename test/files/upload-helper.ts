import type { TestPortal } from "../portal/fixture.js";

/** Uploads `data` through the API as the given caller (cookie session or bearer token); returns the completion response. */
export async function uploadThroughApi(
  p: TestPortal,
  auth: (body: unknown) => RequestInit,
  client: string,
  path: string,
  data: Buffer,
  send: (url: string, body: Buffer) => Response | Promise<Response> = (url, body) => p.app.request(url, { method: "PUT", body, headers: { "content-length": String(body.length) } }),
  extra: Record<string, unknown> = {},
) {
  const start = await p.app.request("/api/uploads", auth({ client, path, size: data.length, ...extra }));
  if (start.status !== 201) return start;
  const upload = (await start.json()) as { upload: string; partCount: number; partSize: number };
  const numbers = Array.from({ length: upload.partCount }, (_, i) => i + 1);
  const { parts } = (await (await p.app.request("/api/uploads/parts", auth({ upload: upload.upload, client, partNumbers: numbers }))).json()) as { parts: { partNumber: number; url: string; length: number }[] };
  const done = [];
  for (const part of parts) {
    const body = data.subarray((part.partNumber - 1) * upload.partSize, (part.partNumber - 1) * upload.partSize + part.length);
    const response = await send(part.url, body);
    if (response.status !== 200) throw new Error(`part ${part.partNumber}: ${response.status} ${await response.text()}`);
    done.push({ partNumber: part.partNumber, etag: response.headers.get("etag")! });
  }
  return p.app.request("/api/uploads/complete", auth({ upload: upload.upload, client, parts: done }));
}

