import { createServer, type Server } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ClamdClient, ClamdError, parseClamdAddress } from "../../lib/scanning/clamd-client.js";
import { EICAR, EICAR_SIGNATURE, startClamd, type ClamdDaemon } from "../../tools/bench/clamd-daemon.js";

const clamd = inject("clamd");

describe("parseClamdAddress", () => {
  it("reads TCP and unix socket addresses", () => {
    expect(parseClamdAddress("clamd://127.0.0.1:3310")).toEqual({ kind: "tcp", host: "127.0.0.1", port: 3310 });
    expect(parseClamdAddress("clamd://scanner.internal:3310")).toEqual({ kind: "tcp", host: "scanner.internal", port: 3310 });
    expect(parseClamdAddress("clamd://[::1]:3310")).toEqual({ kind: "tcp", host: "::1", port: 3310 });
    expect(parseClamdAddress("clamd:///run/clamav/clamd.ctl")).toEqual({ kind: "unix", path: "/run/clamav/clamd.ctl" });
  });

  it.each(["clamd://", "clamd://host", "clamd://host:3310/x", "clamd://user:pw@host:3310", "clamd:///", "clamd:///dir/", "clamd://host:3310?x=1", "tcp://host:3310", "clamd:///a\0b"])(
    "refuses %j",
    (text) => expect(parseClamdAddress(text)).toBeUndefined(),
  );
});

describe.skipIf(!clamd)("ClamdClient against a real clamd", () => {
  const unix = () => new ClamdClient({ kind: "unix", path: clamd!.socketPath });
  const tcp = () => new ClamdClient({ kind: "tcp", host: "127.0.0.1", port: clamd!.port });

  it("answers PING and VERSION over both sockets", async () => {
    await unix().ping();
    await tcp().ping();
    expect(await tcp().version()).toMatch(/^ClamAV \d/);
  });

  it("finds the EICAR test file and passes a clean one, over the unix socket and TCP", async () => {
    for (const client of [unix(), tcp()]) {
      expect(await client.scan(Readable.from([Buffer.from(EICAR)]))).toEqual({ infected: true, signature: EICAR_SIGNATURE });
      expect(await client.scan(Readable.from([Buffer.from("quarterly report\n")]))).toEqual({ infected: false });
    }
  });

  it("streams a body in many small chunks and one large one (chunk framing)", async () => {
    const bytes = Buffer.from(EICAR);
    const pieces = [...bytes].map((b) => Buffer.from([b]));
    expect(await new ClamdClient({ kind: "unix", path: clamd!.socketPath }, { chunkSize: 5 }).scan(Readable.from(pieces))).toMatchObject({ infected: true });
    const large = Buffer.alloc(3 * 1024 * 1024 + 17, 0x61);
    expect(await unix().scan(Readable.from([large]))).toEqual({ infected: false });
  });

  it("scans an empty body", async () => {
    expect(await unix().scan(Readable.from([]))).toEqual({ infected: false });
  });

  it("rethrows a failure of the body itself, not as clamd's", async () => {
    async function* failing() {
      yield Buffer.from("partial");
      throw new Error("storage went away");
    }
    await expect(unix().scan(failing())).rejects.toThrow("storage went away");
    await unix().ping(); // clamd is unharmed
  });

  describe("with a small StreamMaxLength", () => {
    let small: ClamdDaemon;
    beforeAll(async () => {
      small = await startClamd({ streamMaxLength: "1K" });
    });
    afterAll(() => small?.stop());

    it("reports the size limit with what to change", async () => {
      const error = await new ClamdClient({ kind: "unix", path: small.socketPath }).scan(Readable.from([Buffer.alloc(256 * 1024, 0x62)])).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClamdError);
      // clamd answers "INSTREAM size limit exceeded" and hangs up; when the hang-up reaches us first, the message still names the limit.
      expect(["size-limit", "scan-error"]).toContain((error as ClamdError).code);
      expect((error as ClamdError).message).toContain("StreamMaxLength");
    });
  });
});

describe("ClamdClient failures", () => {
  let server: Server | undefined;
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  const fakeClamd = async (answer: (socket: import("node:net").Socket) => void): Promise<number> => {
    server?.close();
    server = createServer(answer);
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return (server!.address() as { port: number }).port;
  };

  it("says clamd is unreachable when nothing listens", async () => {
    const error = await new ClamdClient({ kind: "unix", path: "/nonexistent/clamd.sock" }).ping().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "unreachable" });
    expect((error as Error).message).toContain("SHARE_SCANNER");
  });

  it("times out when clamd says nothing", async () => {
    const port = await fakeClamd((socket) => socket.on("data", () => undefined));
    const error = await new ClamdClient({ kind: "tcp", host: "127.0.0.1", port }, { idleTimeoutMs: 100 }).scan(Readable.from([Buffer.from("x")])).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "timeout" });
  });

  it("refuses a reply that is not a verdict", async () => {
    const port = await fakeClamd((socket) => socket.once("data", () => socket.end("UNKNOWN COMMAND\0")));
    const error = await new ClamdClient({ kind: "tcp", host: "127.0.0.1", port }).scan(Readable.from([Buffer.from("x")])).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "scan-error" });
  });

  it("reports a connection closed without a reply", async () => {
    const port = await fakeClamd((socket) => socket.once("data", () => socket.destroy()));
    const error = await new ClamdClient({ kind: "tcp", host: "127.0.0.1", port }).scan(Readable.from([Buffer.alloc(1024 * 1024)])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClamdError);
    expect((error as ClamdError).code).toBe("scan-error");
  });
});
