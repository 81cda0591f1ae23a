import { execFile } from "node:child_process";

export interface DeployedCheck {
  /** true: the stack has outputs (it was deployed); false: it has none; undefined: could not tell. */
  deployed: boolean | undefined;
  /** Where the answer came from, for messages. */
  source: string;
}

/**
 * Whether a stack has been deployed, from the stack outputs the tools were given (--config / SHARE_CONFIG)
 * or, failing that, from `pulumi stack output --json --stack S` when the Pulumi CLI is installed.
 */
export async function checkDeployed(
  stack: string,
  options: { outputsFile?: string; outputsSayDeployed: boolean; cwd: string; pulumi?: string },
): Promise<DeployedCheck> {
  if (options.outputsSayDeployed) return { deployed: true, source: options.outputsFile ?? "the stack outputs" };
  const pulumi = options.pulumi ?? "pulumi";
  return new Promise((resolve) => {
    execFile(pulumi, ["stack", "output", "--json", "--stack", stack], { cwd: options.cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      const source = `\`pulumi stack output --json --stack ${stack}\``;
      // No CLI, no login, no such stack: nothing known (a missing stack is also "not deployed").
      if (error) return resolve({ deployed: /no stack named/i.test(String(stderr)) ? false : undefined, source });
      try {
        const outputs = JSON.parse(stdout) as unknown;
        const some = typeof outputs === "object" && outputs !== null && Object.keys(outputs).length > 0;
        resolve({ deployed: some, source });
      } catch {
        resolve({ deployed: undefined, source });
      }
    });
  });
}
