// The local edge's upload API behaviour (lib/edge/request-api-proxy.ts) when the portal does not
// answer: the API's error document with the status of its kind (lib/errors.ts HTTP_STATUS), not a
// status of its own.
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { proxyToRequestApi } from "../../lib/edge/request-api-proxy.js";
import { HTTP_STATUS } from "../../lib/errors.js";

describe("the upload API proxy of the local edge", () => {
  it("answers the unavailable kind with its status when the portal does not answer", async () => {
    // A port nobody listens on: one that was just free.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    let sent: number | undefined;
    const edge = createServer((req, res) => {
      void proxyToRequestApi(`http://127.0.0.1:${deadPort}`, req, res, "127.0.0.1").then((status) => (sent = status));
    });
    await new Promise<void>((resolve) => edge.listen(0, "127.0.0.1", resolve));
    try {
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        request(`http://127.0.0.1:${(edge.address() as AddressInfo).port}/uploads`, { method: "GET" }, (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        })
          .on("error", reject)
          .end();
      });
      expect(JSON.parse(body)).toEqual({ error: { kind: "unavailable", message: expect.stringContaining("did not answer") } });
      expect(status).toBe(HTTP_STATUS.unavailable);
      expect(sent).toBe(HTTP_STATUS.unavailable);
    } finally {
      await new Promise((resolve) => edge.close(resolve));
    }
  });
});
