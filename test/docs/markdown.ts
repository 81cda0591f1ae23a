import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import GithubSlugger from "github-slugger";
import { Lexer, marked, type Token, type Tokens } from "marked";
import { repoRoot } from "../support/run-tool.js";

/** The repository's documentation: README.md first, the other top-level *.md, then docs/*.md by name. */
export function documentationFiles(): string[] {
  const topLevel = readdirSync(repoRoot).filter((name) => name.endsWith(".md") && name !== "README.md").sort();
  const docs = readdirSync(join(repoRoot, "docs")).filter((name) => name.endsWith(".md")).sort();
  return ["README.md", ...topLevel, ...docs.map((name) => `docs/${name}`)];
}

export interface ParsedDoc {
  /** Path relative to the repository root. */
  file: string;
  tokens: Token[];
}

export function parseDoc(file: string): ParsedDoc {
  return { file, tokens: Lexer.lex(readFileSync(join(repoRoot, file), "utf8")) };
}

/** Every token of the document, nested ones (list items, table cells, inline) included. */
export function allTokens(doc: ParsedDoc): Token[] {
  const found: Token[] = [];
  marked.walkTokens(doc.tokens, (token) => void found.push(token));
  return found;
}

/** The text a heading shows, without its inline markup (what GitHub derives the anchor from). */
function plainText(tokens: Token[] | undefined): string {
  return (tokens ?? [])
    .map((token) => {
      if ("tokens" in token && token.tokens) return plainText(token.tokens);
      if (token.type === "html") return "";
      return "text" in token ? String(token.text) : "";
    })
    .join("");
}

/** The anchors GitHub gives the document's headings (`#layout`, `#first-key-keysinit`, duplicates `-1`, ...). */
export function headingAnchors(doc: ParsedDoc): Set<string> {
  const slugger = new GithubSlugger();
  return new Set(
    allTokens(doc)
      .filter((token): token is Tokens.Heading => token.type === "heading")
      .map((heading) => slugger.slug(plainText(heading.tokens))),
  );
}

/** 1-based line of each top-level token: top-level tokens' raw text concatenates to the source. */
export function topLevelLines(doc: ParsedDoc): Map<Token, number> {
  const lines = new Map<Token, number>();
  let line = 1;
  for (const token of doc.tokens) {
    lines.set(token, line);
    line += (token.raw.match(/\n/g) ?? []).length;
  }
  return lines;
}

/** The marker, on the line before a fenced `sh` block, of an example the examples test runs against local mode. */
const RUN_LOCAL_MARKER = /^<!--\s*run:\s*local\s*-->\s*$/;

export interface Example {
  file: string;
  /** Line of the opening fence. */
  line: number;
  script: string;
}

/** The document's examples marked `<!-- run: local -->`; a marker not directly followed by a sh block is an error. */
export function localModeExamples(doc: ParsedDoc): Example[] {
  const lines = topLevelLines(doc);
  const examples: Example[] = [];
  doc.tokens.forEach((token, index) => {
    if (token.type !== "html" || !RUN_LOCAL_MARKER.test(token.raw.trim())) return;
    const next = doc.tokens[index + 1];
    if (next?.type !== "code" || !["sh", "bash", "shell"].includes((next as Tokens.Code).lang ?? "")) {
      throw new Error(`${doc.file}:${lines.get(token)}: <!-- run: local --> must be directly followed by a \`\`\`sh block`);
    }
    examples.push({ file: doc.file, line: lines.get(next)!, script: (next as Tokens.Code).text });
  });
  return examples;
}
