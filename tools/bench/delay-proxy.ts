import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An HTTP proxy in front of an S3 endpoint that holds every request `delayMs` before forwarding it:
 * the round trip of a real S3 region, so that a count of requests shows as time (bench scale's AWS
 * mode rows). It also counts the requests that pass.
 */
export async function startDelayProxy(target: string, delayMs: number): Promise<{ endpoint: string; requests(): number; stop(): Promise<void> }> {
  const to = new URL(target);
  let count = 0;
  const server: Server = createServer((req, res) => {
    count++;
    setTimeout(() => {
      const upstream = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", () => res.destroy());
      req.pipe(upstream);
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => count,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
