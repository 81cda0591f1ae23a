import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/run-tool.js";
import { importCycles, importGraph } from "./import-graph.js";

const graph = importGraph(repoRoot, ["lib", "portal", "tools"]);
const importsOf = (prefix: string) =>
  [...graph].filter(([file]) => file.startsWith(prefix)).flatMap(([file, targets]) => targets.map((target) => `${file} -> ${target}`));

/** The dependency rules of the code layout (docs/architecture.md), checked on the import graph. */
describe("import graph", () => {
  it("reads the imports (sanity: the portal's app imports its routes)", () => {
    expect(graph.get("portal/app.ts")).toContain("portal/routes/api/index.ts");
  });

  it("has no import cycle in lib/, portal/ or tools/", () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    const circle = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]);
    expect(importCycles(circle)).toEqual([["a", "b", "c"]]);
  });

  it("lib/ imports neither portal/ nor tools/", () => {
    expect(importsOf("lib/").filter((edge) => /-> (portal|tools)\//.test(edge))).toEqual([]);
  });

  it("portal views depend only on lib/, other views, static assets and the portal's types and domain helpers", () => {
    const allowed = /-> (lib\/|portal\/views\/|portal\/static\/|portal\/env\.ts$|portal\/deps\.ts$|portal\/auth\/roles\.ts$|portal\/auth\/api-tokens\.ts$|portal\/sharing\/)/;
    expect(importsOf("portal/views/").filter((edge) => !allowed.test(edge))).toEqual([]);
  });
});
