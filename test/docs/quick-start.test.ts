import type { Tokens } from "marked";
import { describe, expect, it } from "vitest";
import { allTokens, documentationFiles, parseDoc } from "./markdown.js";

/** The shell commands of a block, one per line, without comments and blank lines. */
function commands(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.replace(/(^|\s)#.*$/, "").trim())
    .filter(Boolean);
}

const runsNpmStart = (line: string) => /(^|[\s;&|(])npm start\b/.test(line);

/** True when something comes after `npm start` in the block: pasted, it would never run. */
function continuesAfterNpmStart(lines: string[]): boolean {
  const last = lines.at(-1) ?? "";
  return lines.slice(0, -1).some(runsNpmStart) || /\bnpm start\b.*(&&|;|\|\|)\s*\S/.test(last);
}

const shellBlocks = (file: string) =>
  allTokens(parseDoc(file))
    .filter((token): token is Tokens.Code => token.type === "code" && ["sh", "bash", "shell"].includes(token.lang ?? ""))
    .map((block) => commands(block.text));

/**
 * `npm start` runs in the foreground until Ctrl+C, so in a pasted block nothing after it runs: every
 * block that starts local mode ends with it, and the README shows the two quick-start commands.
 */
describe("quick start", () => {
  it.each(documentationFiles())("%s: a block that runs npm start ends with it", (file) => {
    expect(shellBlocks(file).filter(continuesAfterNpmStart)).toEqual([]);
  });

  it("README.md shows npm test, and npm start as the last command of its block", () => {
    const blocks = shellBlocks("README.md");
    expect(blocks.some((lines) => lines.some((line) => /\bnpm test\b/.test(line)))).toBe(true);
    expect(blocks.some((lines) => runsNpmStart(lines.at(-1) ?? ""))).toBe(true);
  });

  it("refuses the old quick start and accepts the new one", () => {
    expect(continuesAfterNpmStart(commands("npm install && npm start     # local mode\nnpm test     # every test"))).toBe(true);
    expect(continuesAfterNpmStart(commands("npm start && echo done"))).toBe(true);
    expect(continuesAfterNpmStart(commands("npm install && npm test"))).toBe(false);
    expect(continuesAfterNpmStart(commands("PORT=0 npm start   # foreground"))).toBe(false);
  });
});
