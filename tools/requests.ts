// `signed-share requests <command>` (and `npm run requests --`): the table commands of tools/commands/requests.ts.
import { runMain } from "./commands/main.js";

runMain(["requests", ...process.argv.slice(2)]);
