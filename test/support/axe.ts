import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE = readFileSync(createRequire(__filename).resolve("axe-core/axe.min.js"), "utf8");

interface AxeResult {
  violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
}

/**
 * axe-core's violations on the tab's document, as "id [impact]: first targets" (only serious and
 * critical ones with `seriousOnly`). axe is injected once per document: half a megabyte to compile.
 */
export async function axeViolations(tab: Page, options: { seriousOnly?: boolean } = {}): Promise<string[]> {
  if (!(await tab.evaluate(() => "axe" in globalThis))) await tab.evaluate(AXE);
  const violations = await tab.evaluate(async () => (await (globalThis as unknown as { axe: { run(): Promise<AxeResult> } }).axe.run()).violations);
  return violations
    .filter((v) => !options.seriousOnly || v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} [${v.impact}]: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}
