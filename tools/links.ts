// `signed-share links <command>` (and `npm run links --`): the table commands of tools/commands/links.ts.
import { runMain } from "./commands/main.js";

runMain(["links", ...process.argv.slice(2)]);
