import { existsSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import type { Tokens } from "marked";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/run-tool.js";
import { allTokens, documentationFiles, headingAnchors, parseDoc } from "./markdown.js";

/**
 * Every relative link (and image) in README.md, the other top-level *.md files and docs/*.md names a
 * file or folder of the repository, and a `#fragment` names a heading of the Markdown file it points
 * to (GitHub's anchors). Links with a scheme (https:, mailto:) are not followed.
 */
describe("documentation links", () => {
  const anchorsOf = new Map<string, Set<string>>();
  const anchors = (file: string) => {
    if (!anchorsOf.has(file)) anchorsOf.set(file, headingAnchors(parseDoc(file)));
    return anchorsOf.get(file)!;
  };

  it.each(documentationFiles())("%s: every relative link resolves", (file) => {
    const broken: string[] = [];
    for (const token of allTokens(parseDoc(file))) {
      if (token.type !== "link" && token.type !== "image") continue;
      const href = (token as Tokens.Link | Tokens.Image).href;
      if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
      const [path = "", fragment] = href.split("#", 2);
      const target = path === "" ? file : normalize(relative(repoRoot, join(repoRoot, dirname(file), decodeURIComponent(path))));
      if (target.startsWith("..") || !existsSync(join(repoRoot, target))) {
        broken.push(`${href}: ${target} does not exist`);
        continue;
      }
      if (fragment === undefined) continue;
      if (!target.endsWith(".md") || statSync(join(repoRoot, target)).isDirectory()) {
        broken.push(`${href}: a #fragment only works on a Markdown file`);
      } else if (!anchors(target).has(fragment)) {
        broken.push(`${href}: ${target} has no heading with the anchor #${fragment} (it has: ${[...anchors(target)].join(", ")})`);
      }
    }
    expect(broken, `broken links in ${file}`).toEqual([]);
  });

  it("finds the links it checks", () => {
    const readme = allTokens(parseDoc("README.md")).filter((token) => token.type === "link" || token.type === "image");
    expect(readme.map((token) => (token as Tokens.Link).href)).toContain("docs/architecture.md");
    expect(anchors("docs/rotation.md")).toContain("first-key-keysinit");
  });
});
