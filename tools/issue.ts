// `signed-share issue` (and `npm run issue --`): the table command of tools/commands/links.ts.
import { runMain } from "./commands/main.js";

runMain(["issue", ...process.argv.slice(2)]);
