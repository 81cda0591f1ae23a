/**
 * A private ClamAV daemon for the tests and `bench scan`: Debian's clamd (package clamav-daemon)
 * started with its own clamd.conf in a fresh folder, listening on a unix socket and a loopback TCP
 * port, with a one-line signature database that knows only the EICAR test file. The official
 * signature downloads are not needed (nor reachable on the development machines).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { ClamdClient } from "../../lib/scanning/clamd-client.js";

/** The EICAR anti-virus test file (eicar.org): harmless, and every scanner reports it. */
export const EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
/** The name our test database gives it; clamd adds ".UNOFFICIAL" to signatures of local databases. */
export const EICAR_SIGNATURE = "Signed-Share.Test.EICAR.UNOFFICIAL";

const CLAMD_PATHS = ["/usr/sbin/clamd", "/usr/bin/clamd"];

/** The clamd binary, when clamav-daemon is installed. */
export function clamdBinary(): string | undefined {
  return CLAMD_PATHS.find((path) => existsSync(path));
}

export interface ClamdDaemon {
  socketPath: string;
  port: number;
  /** The clamd.conf it runs with (clamdscan -c reads it too). */
  configPath: string;
  /** SHARE_SCANNER values for it. */
  unixUrl: string;
  tcpUrl: string;
  stop(): Promise<void>;
}

export interface StartClamdOptions {
  /** clamd's StreamMaxLength (default 100M). */
  streamMaxLength?: string;
  /** Where its folder goes (default: the temp directory). */
  parent?: string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startClamd(options: StartClamdOptions = {}): Promise<ClamdDaemon> {
  const binary = clamdBinary();
  if (!binary) throw new Error("clamd is not installed: apt-get install -y clamav-daemon (.ci/run installs it)");
  const dir = await mkdtemp(join(options.parent ?? tmpdir(), "clamd-"));
  try {
    const database = join(dir, "db");
    await mkdir(database);
    const md5 = createHash("md5").update(EICAR).digest("hex");
    await writeFile(join(database, "signed-share-test.hdb"), `${md5}:${Buffer.byteLength(EICAR)}:Signed-Share.Test.EICAR\n`);
    // Short socket path: unix socket paths are limited to about 100 bytes.
    const socketPath = join(dir, "c.sock");
    const port = await freePort();
    const configPath = join(dir, "clamd.conf");
    await writeFile(
      configPath,
      [
        `DatabaseDirectory ${database}`,
        `LocalSocket ${socketPath}`,
        `TCPSocket ${port}`,
        "TCPAddr 127.0.0.1",
        "Foreground yes",
        `LogFile ${join(dir, "clamd.log")}`,
        `PidFile ${join(dir, "clamd.pid")}`,
        `StreamMaxLength ${options.streamMaxLength ?? "100M"}`,
        "MaxThreads 4",
        "",
      ].join("\n"),
    );
    const child = spawn(binary, ["-c", configPath], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (data: Buffer) => (stderr += data.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    await waitReady(new ClamdClient({ kind: "unix", path: socketPath }, { connectTimeoutMs: 1000 }), child, () => stderr);
    return {
      socketPath,
      port,
      configPath,
      unixUrl: `clamd://${socketPath}`,
      tcpUrl: `clamd://127.0.0.1:${port}`,
      async stop() {
        if (child.exitCode === null) {
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
          await exited;
          clearTimeout(timer);
        }
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function waitReady(client: ClamdClient, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`clamd exited with code ${child.exitCode}: ${stderr().trim().slice(-500)}`);
    try {
      await client.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`clamd did not answer within 30 s: ${(error as Error).message}; ${stderr().trim().slice(-500)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
