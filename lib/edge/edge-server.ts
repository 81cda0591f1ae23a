import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createEdgeHandler, type EdgeOptions } from "./edge-handler.js";

export interface RunningEdge {
  /** e.g. http://127.0.0.1:3001 */
  url: string;
  close(): Promise<void>;
}

/** Serves the local edge on a port (0 for a free one) of the loopback or the given host. */
export async function startEdge(options: EdgeOptions, port: number, host = "127.0.0.1"): Promise<RunningEdge> {
  const handle = createEdgeHandler(options);
  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      options.log?.({ method: req.method ?? "", path: (req.url ?? "").split("?")[0] ?? "", status: 500, reason: error.message, ms: 0 });
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" }).end("edge error\n");
      else res.destroy(error);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
