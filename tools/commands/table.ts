// The command table of `signed-share`: every command that runs an operation of lib/ops. Help, flag
// parsing, --json, errors and exit codes are made from it (tools/commands/run-command.ts).
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

export const COMMANDS: readonly AnyCommand[] = [...LINK_COMMANDS, ...FILE_COMMANDS, ...TOKEN_COMMANDS, ...REQUEST_COMMANDS, ...BRAND_COMMANDS, ...USER_COMMANDS, ...AUDIT_COMMANDS, ...DELIVERY_COMMANDS, ...MAIL_COMMANDS, ...LOCAL_COMMANDS];

/** The table's command names, in order ("issue", "links list", ...). */
export function commandNames(): string[] {
  return [...new Set(COMMANDS.map((command) => command.name))];
}
