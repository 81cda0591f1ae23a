import type { ServerResponse } from "node:http";
import type { Readable } from "node:stream";

/** How a body ended: every byte handed to the response, or the viewer left first. */
export type BodyOutcome = "sent" | "viewer-gone";

/**
 * Writes the `length` bytes of `body` to `res` with back-pressure and ends the response the moment
 * the last byte is handed over, instead of waiting for the source to report its end. A file stream
 * learns of its end only from one more read; a viewer that has every byte (its Content-Length) may
 * hang up before that, and the response must then count as complete, not cut off (docs/activity.md).
 * A source that ends short or fails destroys the response, so the viewer never takes a truncated
 * body for a whole one.
 */
export async function sendBody(body: Readable, res: ServerResponse, length: number): Promise<BodyOutcome> {
  let remaining = length;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (res.destroyed) return "viewer-gone";
      const part = chunk.length > remaining ? chunk.subarray(0, remaining) : chunk;
      remaining -= part.length;
      if (remaining === 0) {
        res.end(part);
        return "sent";
      }
      if (!res.write(part)) await drainedOrClosed(res);
    }
  } finally {
    body.destroy();
  }
  if (res.destroyed) return "viewer-gone";
  const short = new Error(`the object ended ${remaining} bytes before its length of ${length}`);
  res.destroy(short);
  throw short;
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
