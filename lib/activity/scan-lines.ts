import type { Readable } from "node:stream";

const NEWLINE = 0x0a;

/**
 * The lines of a byte stream that contain `needle`, without splitting the stream into lines:
 * the needle is searched in each chunk and only the lines around a hit are cut out, so one link's
 * requests are found among millions of others' at about the speed of reading the bytes.
 * Memory: one chunk plus the partial line it ends with.
 */
export async function* linesContaining(stream: Readable | AsyncIterable<Buffer>, needle: Buffer): AsyncGenerator<string> {
  let carry: Buffer | undefined;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let from = 0;
    if (carry) {
      const first = chunk.indexOf(NEWLINE);
      if (first === -1) {
        carry = Buffer.concat([carry, chunk]);
        continue;
      }
      const line = Buffer.concat([carry, chunk.subarray(0, first)]);
      carry = undefined;
      if (line.includes(needle)) yield line.toString("utf8");
      from = first + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last < from) {
      carry = Buffer.from(chunk.subarray(from));
      continue;
    }
    let hit = chunk.indexOf(needle, from);
    while (hit !== -1 && hit < last) {
      const start = chunk.lastIndexOf(NEWLINE, hit) + 1;
      const end = chunk.indexOf(NEWLINE, hit);
      yield chunk.toString("utf8", Math.max(start, from), end);
      hit = chunk.indexOf(needle, end + 1);
    }
    carry = last + 1 < chunk.length ? Buffer.from(chunk.subarray(last + 1)) : undefined;
  }
  if (carry && carry.includes(needle)) yield carry.toString("utf8");
}
