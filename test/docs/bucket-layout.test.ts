// docs/architecture.md#bucket-layout names every place the product keeps its own records: each
// "portal/..." prefix or key the code defines (an exported constant in lib/ or portal/) is on a line
// of that section, so a new store cannot go undocumented.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/run-tool.js";

function sources(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx)$/.test(entry.name))
    .map((entry) => relative(repoRoot, join(entry.parentPath, entry.name)));
}

/** The code's own prefixes and keys: `export const NAME = "portal/...";`. */
function definedPlaces(): { file: string; name: string; value: string }[] {
  return [...sources("lib"), ...sources("portal")].flatMap((file) =>
    [...readFileSync(join(repoRoot, file), "utf8").matchAll(/export const (\w+) = "(portal\/[^"]*)"/g)].map((match) => ({ file, name: match[1]!, value: match[2]! })),
  );
}

function layoutLines(): string[] {
  const doc = readFileSync(join(repoRoot, "docs", "architecture.md"), "utf8");
  const section = doc.slice(doc.indexOf("## Bucket layout"));
  const block = /```\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block.split("\n").filter((line) => line.startsWith("<bucket>/"));
}

describe("the bucket layout of docs/architecture.md", () => {
  const places = definedPlaces();

  it("finds the code's places (the scan itself works)", () => {
    expect(places.map((p) => p.value)).toEqual(expect.arrayContaining(["portal/tokens/", "portal/clients/", "portal/links/"]));
  });

  it.each(places.map((p) => [`${p.value} (${p.name}, ${p.file})`, p] as const))("names %s", (_, place) => {
    const dir = place.value.slice(0, place.value.lastIndexOf("/") + 1);
    const leaf = place.value.slice(dir.length);
    const line = layoutLines().find((l) => l.startsWith(`<bucket>/${dir}`) && (leaf === "" || l.includes(leaf)));
    expect(line, `add a line for <bucket>/${place.value} to docs/architecture.md#bucket-layout`).toBeDefined();
  });
});
