// `signed-share brand <command>` (and `npm run brand --`): the table commands of tools/commands/brand.ts.
import { runMain } from "./commands/main.js";

runMain(["brand", ...process.argv.slice(2)]);
