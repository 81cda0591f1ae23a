import { Readable } from "node:stream";
import { runCommand } from "../../tools/commands/run-command.js";
import type { Services } from "../../lib/ops/services.js";
import type { ToolResult } from "./run-tool.js";

/**
 * Runs `signed-share <argv>` in this process through the command table (no tsx, no child process):
 * what the command prints on stdout and stderr, and its exit code. `env` replaces the process's
 * project settings (SHARE_*, ...); AWS credentials still come from the SDK's chain, as in the CLI.
 * Standard input is `stdin` (empty by default), never a terminal.
 */
export async function runInProcess(argv: string[], options: { env?: NodeJS.ProcessEnv; services?: Services; stderrIsTTY?: boolean; stdin?: string } = {}): Promise<ToolResult> {
  let stdout = "";
  let stderr = "";
  const code = await runCommand(argv, {
    io: { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text), isTTY: options.stderrIsTTY ?? false }, stdin: Readable.from([Buffer.from(options.stdin ?? "")]) },
    env: options.env ?? {},
    ...(options.services ? { services: options.services } : {}),
  });
  return { code, stdout, stderr };
}
