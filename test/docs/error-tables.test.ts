// docs/contributing.md#errors: the two tables of lib/errors.ts are the only places an error becomes an
// HTTP status or an exit code. The portal, the tools and the operations name kinds (HTTP_STATUS[kind],
// EXIT_CODE[kind]), never a number. (lib/edge/ is the local CloudFront: it answers S3's own statuses.)
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/run-tool.js";

function sources(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx)$/.test(entry.name))
    .map((entry) => relative(repoRoot, join(entry.parentPath, entry.name)));
}

const RULES: [string, RegExp][] = [
  ["an exit code written as a number", /process\.exit\(\s*[1-9]\s*\)|process\.exitCode\s*=\s*[1-9]\b/],
  ["an error status written as a number", /\bc\.(html|json|text|body)\((?:[^;]|\n)*?,\s*[45]\d\d\s*\)/],
  ["an error class turned into an exit code by hand", /instanceof \w+Error\s*\?\s*[1-5]\s*:\s*[0-5]\b/],
];

describe("errors become statuses and exit codes in lib/errors.ts only", () => {
  const files = [...sources("portal"), ...sources("tools").filter((file) => !file.startsWith("tools/bench/")), ...sources("lib/ops")];

  it.each(RULES)("no %s in portal/, tools/ or lib/ops/", (_, pattern) => {
    const found = files.filter((file) => pattern.test(readFileSync(join(repoRoot, file), "utf8")));
    expect(found).toEqual([]);
  });
});
