// `signed-share <command> [args]`: the one command-line entry (the `bin`, and dist/cli.js once built).
// Each tool module runs its own main() on process.argv when loaded, so the dispatcher drops the
// command name from argv and loads the module; the npm scripts stay as aliases of the same modules.

const commands: Record<string, { summary: string; load: () => unknown }> = {
  start: { summary: "local mode: portal, local edge and storage on this machine (npm start)", load: () => require("../portal/local/main.js") },
  portal: { summary: "the portal against the configured storage and key store (npm run portal)", load: () => require("../portal/main.js") },
  issue: { summary: "publish a client's page and print its link", load: () => require("./issue.js") },
  links: { summary: "list and revoke issued links", load: () => require("./links.js") },
  requests: { summary: "file requests: a link where a client sends you files (new, ls, close)", load: () => require("./requests.js") },
  remind: { summary: "send due expiry reminders and download notifications, once each (for cron)", load: () => require("./remind.js") },
  files: { summary: "create clients, upload, list and delete their files", load: () => require("./files.js") },
  users: { summary: "portal accounts", load: () => require("./users.js") },
  tokens: { summary: "API tokens for pipelines: create (shown once), list, revoke", load: () => require("./tokens.js") },
  "keys:init": { summary: "the first signing key of a stack", load: () => require("./keys-init.js") },
  "rotate-keys": { summary: "rotate the signing key (revokes every link unless --keep-old)", load: () => require("./rotate-keys.js") },
  keys: { summary: "generate a CloudFront key pair", load: () => require("./keys.js") },
  sign: { summary: "sign one URL, with the flags of aws cloudfront sign", load: () => require("./sign.js") },
  edge: { summary: "the local CloudFront edge", load: () => require("./edge.js") },
  bench: { summary: "benchmarks against references measured in the same run", load: () => require("./bench.js") },
  build: { summary: "the production bundle in dist/: portal, tools, Lambda handler (npm run build)", load: () => require("./build.js") },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`);
  return `Usage: signed-share <command> [options]    (signed-share <command> --help for its options)\n\nCommands:\n${lines.join("\n")}\n\nThe npm scripts (npm start, npm run <command> -- ...) run the same commands; npm adds its own lines\nto stdout, so scripts that read --json use signed-share.\n`;
}

const [name, ...rest] = process.argv.slice(2);
if (name === undefined || name === "-h" || name === "--help" || name === "help") {
  process.stdout.write(usage());
} else if (!Object.hasOwn(commands, name)) {
  process.stderr.write(`error: unknown command "${name}"\n\n${usage()}`);
  process.exitCode = 2;
} else {
  process.argv = [process.argv[0]!, process.argv[1]!, ...rest];
  commands[name]!.load();
}
