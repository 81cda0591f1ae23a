// Writes docs/openapi.json from the operations' schemas and the API's route table (the same document
// the portal serves at /api/openapi.json). Run after changing an operation or a route:
//   npx tsx tools/dev/write-openapi.ts
// test/api/openapi.test.ts fails while the checked-in file differs.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openApiText } from "../../portal/api/openapi.js";

const target = join(__dirname, "..", "..", "docs", "openapi.json");
writeFileSync(target, openApiText());
process.stderr.write(`wrote ${target}\n`);
