// docs/contributing.md#errors lists the kinds of lib/errors.ts with their HTTP status and exit code:
// the table in the docs is the code's two tables, word for word.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ERROR_KINDS, EXIT_CODE, HTTP_STATUS } from "../../lib/errors.js";
import { repoRoot } from "../support/run-tool.js";

it("docs/contributing.md's table of error kinds is lib/errors.ts's", () => {
  const docs = readFileSync(join(repoRoot, "docs", "contributing.md"), "utf8");
  const rows = [...docs.matchAll(/^\| `([a-z-]+)` \| (\d{3}) \| (\d) \|/gm)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
  expect(rows).toEqual(ERROR_KINDS.map((kind) => [kind, HTTP_STATUS[kind], EXIT_CODE[kind]]));
});
