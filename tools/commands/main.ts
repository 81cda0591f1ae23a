import { runCommand } from "./run-command.js";

/** Runs a table command as the process's command (exit code, process streams). */
export function runMain(argv: readonly string[]): void {
  void runCommand(argv).then((code) => {
    process.exitCode = code;
  });
}
