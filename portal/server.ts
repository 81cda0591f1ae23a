import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import type { PortalApp } from "./app.js";

/** Stops the server (open connections are closed); `port` is the port it listened on. */
export type ClosePortal = (() => Promise<void>) & { port: number };

/** Serves the portal over HTTP on `port` (0 picks a free one). TLS is the reverse proxy's job. */
export function startPortal(app: PortalApp, port: number, hostname?: string): Promise<ClosePortal> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    const server: ServerType = serve({ fetch: app.fetch, port, hostname }, (info: AddressInfo) => {
      server.off("error", onError);
      const close = () =>
        new Promise<void>((done, fail) => {
          server.close((error) => (error ? fail(error) : done()));
          if ("closeAllConnections" in server) server.closeAllConnections();
        });
      resolve(Object.assign(close, { port: info.port }));
    });
    server.once("error", onError);
  });
}
