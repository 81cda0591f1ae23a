import { connect, type Socket } from "node:net";

/** Where clamd listens: TCP (clamd://HOST:PORT) or a unix socket (clamd:///path/to/clamd.sock). */
export type ClamdAddress = { kind: "tcp"; host: string; port: number } | { kind: "unix"; path: string };

/** Reads SHARE_SCANNER's clamd form; undefined when the text is not one. */
export function parseClamdAddress(text: string): ClamdAddress | undefined {
  if (!text.startsWith("clamd://")) return undefined;
  const rest = text.slice("clamd://".length);
  if (rest.startsWith("/")) {
    // clamd:///run/clamav/clamd.ctl: an absolute path, nothing after it.
    return /^\/[^\0?#]*[^/\0?#]$/.test(rest) ? { kind: "unix", path: rest } : undefined;
  }
  let url: URL;
  try {
    url = new URL(`tcp://${rest}`);
  } catch {
    return undefined;
  }
  if (!url.hostname || !url.port || url.username || url.password || (url.pathname !== "" && url.pathname !== "/") || url.search || url.hash) return undefined;
  return { kind: "tcp", host: url.hostname.replace(/^\[|\]$/g, ""), port: Number(url.port) };
}

export function describeClamdAddress(address: ClamdAddress): string {
  return address.kind === "unix" ? `clamd://${address.path}` : `clamd://${address.host.includes(":") ? `[${address.host}]` : address.host}:${address.port}`;
}

/** What clamd said about one stream. */
export interface ClamdVerdict {
  infected: boolean;
  /** The matching signature's name, when infected ("Win.Test.EICAR_HDB-1"). */
  signature?: string;
}

export type ClamdErrorCode =
  /** No connection (not running, wrong address, refused). */
  | "unreachable"
  /** Connected, but no progress for the idle timeout. */
  | "timeout"
  /** The file is larger than clamd's StreamMaxLength. */
  | "size-limit"
  /** clamd answered with an error, or with something that is not a verdict. */
  | "scan-error";

export class ClamdError extends Error {
  override readonly name = "ClamdError";
  constructor(
    message: string,
    readonly code: ClamdErrorCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface ClamdClientOptions {
  /** Give up when clamd sends or accepts nothing for this long (default 60 s: big archives take time). */
  idleTimeoutMs?: number;
  /** Give up connecting after this long (default 5 s). */
  connectTimeoutMs?: number;
  /** Bytes per INSTREAM chunk (default 64 KiB). */
  chunkSize?: number;
}

const END_OF_STREAM = Buffer.alloc(4);

/**
 * ClamAV's daemon over its INSTREAM command (clamd(8)): `zINSTREAM\0`, then chunks each preceded by
 * its length as 4 bytes big-endian, then a zero length; the reply is `stream: OK`, `stream: <name>
 * FOUND` or `<message> ERROR`, ending in NUL. The body is streamed, never held in memory, and
 * writing waits for the socket to drain. One connection per scan (clamd closes it after the reply).
 */
export class ClamdClient {
  readonly address: ClamdAddress;
  readonly description: string;
  private readonly idleTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly chunkSize: number;

  constructor(address: ClamdAddress, options: ClamdClientOptions = {}) {
    this.address = address;
    this.description = describeClamdAddress(address);
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
    this.chunkSize = options.chunkSize ?? 64 * 1024;
  }

  /** Resolves when clamd answers PONG. */
  async ping(): Promise<void> {
    const reply = await this.command("zPING\0");
    if (reply !== "PONG") throw new ClamdError(`${this.description} answered ${JSON.stringify(reply)} to PING, not PONG: is it clamd?`, "scan-error");
  }

  /** clamd's version line, e.g. "ClamAV 1.4.6/27000/...". */
  version(): Promise<string> {
    return this.command("zVERSION\0");
  }

  /** Scans the bytes of `body`; a failure of `body` itself is rethrown as it is (it is not clamd's). */
  async scan(body: AsyncIterable<Uint8Array>): Promise<ClamdVerdict> {
    const socket = await this.open();
    const reply = this.replyOf(socket);
    let sent = 0;
    try {
      await write(socket, "zINSTREAM\0");
      for await (const chunk of body) {
        for (let at = 0; at < chunk.byteLength && !reply.settled; at += this.chunkSize) {
          const piece = chunk.subarray(at, at + this.chunkSize);
          const length = Buffer.alloc(4);
          length.writeUInt32BE(piece.byteLength);
          await write(socket, length);
          await write(socket, piece);
          sent += piece.byteLength;
        }
        if (reply.settled) break; // clamd answered before the end (its size limit): stop sending
      }
      if (!reply.settled) await write(socket, END_OF_STREAM);
    } catch (error) {
      socket.destroy();
      if (!(error instanceof SocketWriteError)) throw error; // the body's own failure
    }
    try {
      return parseVerdict(await reply.promise, this.description);
    } catch (error) {
      if (error instanceof ClamdError && error.code === "scan-error" && reply.closedEarly) {
        // clamd hung up mid-stream and its reason did not reach us: the usual cause is its size limit.
        throw new ClamdError(
          `${this.description} closed the connection after ${sent} bytes of the file, without a verdict: clamd does this when a file is larger than its StreamMaxLength (raise it in clamd.conf), or when it is stopping`,
          "scan-error",
          { cause: error },
        );
      }
      throw error;
    } finally {
      socket.destroy();
    }
  }

  private async command(text: string): Promise<string> {
    const socket = await this.open();
    const reply = this.replyOf(socket);
    try {
      await write(socket, text);
      return await reply.promise;
    } finally {
      socket.destroy();
    }
  }

  private open(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = this.address.kind === "unix" ? connect({ path: this.address.path }) : connect({ host: this.address.host, port: this.address.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new ClamdError(`could not connect to ${this.description} within ${this.connectTimeoutMs} ms: is clamd running there (SHARE_SCANNER)?`, "unreachable"));
      }, this.connectTimeoutMs);
      socket.once("connect", () => {
        clearTimeout(timer);
        socket.setTimeout(this.idleTimeoutMs);
        resolve(socket);
      });
      socket.once("error", (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new ClamdError(`could not connect to ${this.description} (${error.code ?? error.message}): is clamd running there (SHARE_SCANNER)?`, "unreachable", { cause: error }));
      });
    });
  }

  /** The reply: everything up to the first NUL (or the end of the connection). */
  private replyOf(socket: Socket): { promise: Promise<string>; settled: boolean; closedEarly: boolean } {
    const state = { settled: false, closedEarly: false, promise: undefined as unknown as Promise<string> };
    state.promise = new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const done = (outcome: () => void) => {
        if (state.settled) return;
        state.settled = true;
        outcome();
      };
      socket.on("data", (data: Buffer) => {
        const nul = data.indexOf(0);
        chunks.push(nul === -1 ? data : data.subarray(0, nul));
        if (nul !== -1) done(() => resolve(Buffer.concat(chunks).toString("utf8").trim()));
      });
      socket.once("end", () => {
        const text = Buffer.concat(chunks).toString("utf8").trim();
        done(() => (text ? resolve(text) : reject(new ClamdError(`${this.description} closed the connection without a reply`, "scan-error"))));
      });
      socket.once("timeout", () => {
        done(() => reject(new ClamdError(`${this.description} sent nothing for ${Math.round(this.idleTimeoutMs / 1000)} s: the scan timed out`, "timeout")));
        socket.destroy();
      });
      socket.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "EPIPE" || error.code === "ECONNRESET") state.closedEarly = true;
        done(() => reject(new ClamdError(`${this.description}: ${error.message}`, "scan-error", { cause: error })));
      });
      socket.once("close", () => {
        state.closedEarly = true;
        done(() => reject(new ClamdError(`${this.description} closed the connection without a reply`, "scan-error")));
      });
    });
    state.promise.catch(() => undefined);
    return state;
  }
}

class SocketWriteError extends Error {}

/** Writes, and waits only when the socket's buffer is full (so chunks stream without a round trip each). */
function write(socket: Socket, data: Uint8Array | string): Promise<void> {
  if (socket.destroyed || socket.writableEnded) return Promise.reject(new SocketWriteError("the connection is closed"));
  if (socket.write(data)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (outcome: () => void) => {
      socket.off("drain", onDrain);
      socket.off("close", onClose);
      outcome();
    };
    const onDrain = () => settle(resolve);
    const onClose = () => settle(() => reject(new SocketWriteError("the connection closed")));
    socket.once("drain", onDrain);
    socket.once("close", onClose);
  });
}

/** `stream: OK`, `stream: Name FOUND`, or an error line. */
export function parseVerdict(reply: string, description: string): ClamdVerdict {
  if (/^stream: OK$/.test(reply)) return { infected: false };
  const found = /^stream: (.+) FOUND$/.exec(reply);
  if (found) return { infected: true, signature: found[1]! };
  if (/size limit exceeded/i.test(reply)) {
    throw new ClamdError(`${description} refused the file: it is larger than clamd's StreamMaxLength (raise it in clamd.conf)`, "size-limit");
  }
  throw new ClamdError(`${description} answered ${JSON.stringify(reply.slice(0, 200))} instead of a verdict`, "scan-error");
}
