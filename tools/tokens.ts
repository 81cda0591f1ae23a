// `signed-share tokens <command>` (and `npm run tokens --`): the table commands of tools/commands/tokens.ts.
import { runMain } from "./commands/main.js";

runMain(["tokens", ...process.argv.slice(2)]);
