import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/run-tool.js";

/**
 * The one-way dependency rule of docs/architecture.md#layout: lib/ imports nothing else of the
 * repository, portal/ only lib/, tools/ lib/, portal/ and build/, build/ nothing of the others, infra/
 * nothing of the others but the shared modules below.
 */
const allowed: Record<string, string[]> = {
  lib: ["lib"],
  portal: ["lib", "portal"],
  tools: ["lib", "portal", "tools", "build"],
  infra: ["infra"],
  build: ["build"],
};

/**
 * Single modules another part may import: the edge's response headers are one rule that CloudFront and
 * the local edge both apply; the access-log fields and partition layout are one rule that the log
 * delivery and the activity reader both follow; the settings written into the edge guard function are
 * written one way for CloudFront and the local edge; the edge guard's file (its source and its
 * evaluation) is one template for every refusal page, the guard's and the custom error page; the
 * production bundle is one build that `npm run build` and `pulumi up` share; the malware-scan tag and
 * the objects served unscanned are one rule that the bucket policy and the local edge both enforce; the
 * refusal pages' words come from the one set of message catalogs (lib/i18n/catalog) and the one rule for
 * the names in them (lib/names/name-characters).
 */
const sharedModules: Record<string, string[]> = {
  infra: [
    "lib/edge/response-headers",
    "lib/edge/request-api-route",
    "lib/activity/log-record",
    "lib/activity/log-layout",
    "lib/edge/guard/guard-settings",
    "lib/edge/guard/guard-source",
    "lib/edge/guard/guard-vm",
    "lib/edge/guard/refusal-texts",
    "lib/i18n/catalog",
    "lib/names/name-characters",
    "lib/scanning/scan-status",
    "lib/scanning/served-unscanned",
    "build/portal-bundle",
  ],
  // signed-share --version
  tools: ["package.json"],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|cts|mts|js|cjs)$/.test(entry.name))
    .map((entry) => relative(repoRoot, join(entry.parentPath, entry.name)));
}

/** Relative module specifiers: `from "..."`, `import "..."`, `import("...")`, `require("...")`. */
function relativeImports(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["'](\.{1,2}\/[^"']*)["']/g)].map((match) => match[1]!);
}

describe("dependencies point one way", () => {
  it.each(Object.keys(allowed))("%s/ imports only what it may", (top) => {
    const files = sourceFiles(top);
    expect(files.length).toBeGreaterThan(0);
    const violations = files.flatMap((file) =>
      relativeImports(readFileSync(join(repoRoot, file), "utf8"))
        .map((specifier) => ({ specifier, target: relative(repoRoot, join(dirname(join(repoRoot, file)), specifier)).split(/[\\/]/)[0]! }))
        .filter(({ specifier, target }) => !allowed[top]!.includes(target) && !(sharedModules[top] ?? []).some((shared) => relative(repoRoot, join(repoRoot, top, specifier)).replace(/\.(js|ts)$/, "") === shared))
        .map(({ specifier, target }) => `${file} imports ${specifier} (${target}/)`),
    );
    expect(violations).toEqual([]);
  });

  it("lib/pages/ imports neither lib/links/ nor lib/publishing/: it renders from plain data", () => {
    const violations = sourceFiles("lib/pages").flatMap((file) =>
      relativeImports(readFileSync(join(repoRoot, file), "utf8"))
        .filter((specifier) => /^lib\/(links|publishing)\//.test(relative(repoRoot, join(dirname(join(repoRoot, file)), specifier))))
        .map((specifier) => `${file} imports ${specifier}`),
    );
    expect(violations).toEqual([]);
  });

  it("lib/links/ refers to lib/publishing/ by type only (renew issues again through the publisher it is given)", () => {
    const violations = sourceFiles("lib/links").flatMap((file) =>
      [...readFileSync(join(repoRoot, file), "utf8").matchAll(/^import (?!type )[^;]*from\s*["'](\.{1,2}\/[^"']*)["']/gm)]
        .map((match) => match[1]!)
        .filter((specifier) => relative(repoRoot, join(dirname(join(repoRoot, file)), specifier)).startsWith("lib/publishing/"))
        .map((specifier) => `${file} imports ${specifier}`),
    );
    expect(violations).toEqual([]);
  });

  it("sees imports in every form", () => {
    expect(relativeImports(`import { a } from "../lib/a.js";\nimport "./side.js";\nconst m = await import("../portal/x.js");\nrequire("./y.js");`)).toEqual([
      "../lib/a.js",
      "./side.js",
      "../portal/x.js",
      "./y.js",
    ]);
  });
});
