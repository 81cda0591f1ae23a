import { UsageError } from "../cli.js";

/** The whole of standard input, less one final line end: `--password-stdin`. */
export async function passwordFromStdin(stdin: AsyncIterable<Uint8Array | string> = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

/** Asks twice on the terminal without echoing; refuses without a terminal (scripts use --password-stdin). */
export async function passwordFromTerminal(prompt: string, stdin?: AsyncIterable<Uint8Array | string>): Promise<string> {
  if (stdin !== undefined || !process.stdin.isTTY) throw new UsageError("no terminal to ask for the password: use --password-stdin, --link or --generate-password");
  const first = await promptHidden(prompt);
  const second = await promptHidden("Repeat it: ");
  if (first !== second) throw new UsageError("the two passwords differ");
  return first;
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  input.setEncoding("utf8");
  return new Promise((resolve, reject) => {
    let typed = "";
    const finish = (error?: Error) => {
      input.off("data", onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: string) => {
      for (const char of data) {
        if (char === "\r" || char === "\n") return finish();
        if (char === "\u0003") return finish(new Error("cancelled"));
        if (char === "\u007f" || char === "\b") typed = typed.slice(0, -1);
        else if (char >= " ") typed += char;
      }
    };
    input.on("data", onData);
  });
}
