import { createInterface } from "node:readline/promises";

/** "yes" only when a person typed y or yes on a terminal. */
export type Confirmation = "yes" | "no" | "no-terminal";

/**
 * Asks a yes/no question on the terminal (the question goes to stderr). Standard input that is not
 * a terminal (a pipe, /dev/null, a cron job) never confirms: scripts say --yes instead. End of input
 * and Ctrl+C count as no.
 */
export async function confirmOnTerminal(question: string, input: NodeJS.ReadStream = process.stdin): Promise<Confirmation> {
  if (!input.isTTY) return "no-terminal";
  const prompt = createInterface({ input, output: process.stderr });
  const ended = new Promise<string>((resolve) => {
    prompt.once("close", () => resolve(""));
    prompt.once("SIGINT", () => resolve(""));
  });
  try {
    const answer = await Promise.race([prompt.question(question), ended]);
    return /^y(es)?$/i.test(answer.trim()) ? "yes" : "no";
  } finally {
    prompt.close();
  }
}

/** The one line a command prints when it was not confirmed; exit code 2 goes with it. */
export function unconfirmedMessage(answer: Exclude<Confirmation, "yes">): string {
  return answer === "no-terminal"
    ? "not confirmed: standard input is not a terminal, so nothing could be asked; nothing was changed. Pass --yes to go ahead without the question."
    : "not confirmed: nothing was changed. Pass --yes to go ahead without the question.";
}
