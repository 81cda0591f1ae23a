import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { requestAddress } from "../net/request-address.js";
import { createEdgeHandler, type EdgeOptions } from "./edge-handler.js";

export interface RunningEdge {
  /** e.g. http://127.0.0.1:3001 */
  url: string;
  close(): Promise<void>;
}

export type StartEdgeOptions = Omit<EdgeOptions, "publicOrigin"> & {
  /**
   * The origin signed URLs name; default: the edge's own listening address (http://host:port).
   * A function receives that address once the port is known (EDGE_PORT=0).
   */
  publicOrigin?: string | ((listening: string) => string);
};

/** Serves the local edge on a port (0 for a free one) of the loopback or the given host. */
export async function startEdge(options: StartEdgeOptions, port: number, host = "127.0.0.1"): Promise<RunningEdge> {
  let handle: ReturnType<typeof createEdgeHandler> | undefined;
  const server = createServer((req, res) => {
    options.accessLog?.track(req, res, options.viewerIp?.(req) ?? requestAddress(req.socket.remoteAddress, undefined, false));
    if (!handle) {
      res.writeHead(503, { "Content-Type": "text/plain" }).end("edge starting\n");
      return;
    }
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
  const url = `http://${shownHost}:${address.port}`;
  const publicOrigin = typeof options.publicOrigin === "function" ? options.publicOrigin(url) : (options.publicOrigin ?? url);
  handle = createEdgeHandler({ ...options, publicOrigin });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
