// The command table of `signed-share`: every command that runs an operation of lib/ops, and those
// that run none (local.ts). Help, flag parsing, --json, errors and exit codes are made from it
// (tools/commands/run-command.ts), and so is the command list of `signed-share --help`, in this order.
import type { AnyCommand } from "./command.js";
import { LOCAL_COMMANDS } from "./local.js";
import { BRAND_COMMANDS } from "./brand.js";
import { FILE_COMMANDS } from "./files.js";
import { LINK_COMMANDS } from "./links.js";
import { REQUEST_COMMANDS } from "./requests.js";
import { TOKEN_COMMANDS } from "./tokens.js";
import { USER_COMMANDS } from "./users.js";
import { AUDIT_COMMANDS } from "./audit.js";
import { DELIVERY_COMMANDS } from "./delivery.js";
import { MAIL_COMMANDS } from "./mail.js";
import { KEY_COMMANDS } from "./keys.js";

// Sharing, receiving, what clients see, people, then keys and the edge.
export const COMMANDS: readonly AnyCommand[] = [...LINK_COMMANDS, ...REQUEST_COMMANDS, ...FILE_COMMANDS, ...BRAND_COMMANDS, ...MAIL_COMMANDS, ...DELIVERY_COMMANDS, ...TOKEN_COMMANDS, ...USER_COMMANDS, ...AUDIT_COMMANDS, ...KEY_COMMANDS, ...LOCAL_COMMANDS];

/**
 * What the list of `signed-share --help` says of a first word of the table besides the table itself:
 * for a group, what it is about (its commands follow); for a command, a line that says more than its
 * summary. A first word without one is listed with its summary.
 */
export const HELP_TOPICS: Readonly<Record<string, string>> = {
  issue: "publish a client's page and print its link (--all: every client; --list-clients)",
  links: "issued links",
  requests: "file requests, links where a client sends you files",
  files: "clients, their files and their profiles (name, contacts)",
  brand: "what clients see of the organisation",
  mail: "e-mail settings of a person (address, name as clients see it, notifications)",
  tokens: "API tokens for pipelines (the token is printed once)",
  users: "portal users",
  keys: "the signing key and CloudFront key pairs",
};

/** The table's command names, in order ("issue", "links list", ...). */
export function commandNames(): string[] {
  return [...new Set(COMMANDS.map((command) => command.name))];
}
