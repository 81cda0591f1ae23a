import { spawn, type ChildProcess } from "node:child_process";

/** fauxqs in a child Node process on a free loopback port. */
export async function startFauxqsProcess(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const script = `import { buildApp } from "fauxqs";
const app = buildApp({ logger: false, defaultRegion: "us-east-1" });
await app.listen({ port: 0, host: "127.0.0.1" });
process.stdout.write("listening " + app.server.address().port + "\\n");`;
  const child: ChildProcess = spawn(process.execPath, ["--input-type=module", "--no-warnings", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`fauxqs exited with ${code} before listening`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
