/**
 * A small, targeted editor for one key of a `Pulumi.<stack>.yaml` file: it finds the top-level
 * `config:` map and sets one key to a literal block scalar, leaving every other line as it was
 * (comments, order, quoting). It understands the block style Pulumi writes; flow style is refused.
 */

interface Located {
  lines: string[];
  /** Index of the `config:` line, -1 when there is none. */
  configLine: number;
  /** One past the last line of the config block. */
  configEnd: number;
  /** The key's line and one past its value's last line, when present. */
  key?: { start: number; end: number; indent: string; inline: string };
}

const indentOf = (line: string) => /^\s*/.exec(line)![0];
const isBlankOrComment = (line: string) => /^\s*(#.*)?$/.test(line);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function locate(text: string, key: string): Located {
  const lines = text === "" ? [] : text.replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");
  const configLine = lines.findIndex((line) => /^config:\s*(#.*)?$/.test(line));
  if (configLine === -1) {
    if (lines.some((line) => /^config:/.test(line))) throw new Error("its top-level config: is not a block map (flow style); set the key by hand or with `pulumi config set`");
    return { lines, configLine, configEnd: lines.length };
  }
  // The block ends after its last indented line; comments and blank lines after that belong to the file.
  let configEnd = configLine + 1;
  for (let i = configLine + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    if (indentOf(line).length > 0) configEnd = i + 1;
    else if (!isBlankOrComment(line)) break;
  }
  const keyPattern = new RegExp(`^(\\s+)(["']?)${escapeRegExp(key)}\\2:(.*)$`);
  for (let i = configLine + 1; i < configEnd; i++) {
    const match = keyPattern.exec(lines[i]!);
    if (!match) continue;
    const indent = match[1]!;
    let end = i + 1;
    while (end < configEnd && (lines[end]!.trim() === "" || indentOf(lines[end]!).length > indent.length)) end++;
    while (end > i + 1 && lines[end - 1]!.trim() === "") end--; // trailing blank lines belong to the file, not the value
    return { lines, configLine, configEnd, key: { start: i, end, indent, inline: match[3]!.trim() } };
  }
  return { lines, configLine, configEnd };
}

/** Whether the key is set to something non-empty in the stack file's config map. */
export function hasStackConfigValue(text: string, key: string): boolean {
  const found = locate(text, key).key;
  if (!found) return false;
  const inline = found.inline.replace(/#.*$/, "").trim();
  return (inline !== "" && inline !== "|" && inline !== ">" && inline !== '""' && inline !== "''") || found.end > found.start + 1;
}

/** The stack file's text with `key` set to `value` as a literal block (`|`); everything else unchanged. */
export function setStackConfigBlock(text: string, key: string, value: string): string {
  const { lines, configLine, configEnd, key: found } = locate(text, key);
  const blockLines = (indent: string) => [`${indent}${key}: |`, ...value.replace(/\r\n/g, "\n").replace(/\n+$/, "").split("\n").map((line) => (line === "" ? "" : `${indent}  ${line}`))];
  let result: string[];
  if (found) {
    result = [...lines.slice(0, found.start), ...blockLines(found.indent), ...lines.slice(found.end)];
  } else if (configLine !== -1) {
    const firstKey = lines.slice(configLine + 1, configEnd).find((line) => !isBlankOrComment(line));
    const indent = firstKey ? indentOf(firstKey) : "  ";
    let insertAt = configEnd;
    while (insertAt > configLine + 1 && lines[insertAt - 1]!.trim() === "") insertAt--;
    result = [...lines.slice(0, insertAt), ...blockLines(indent), ...lines.slice(insertAt)];
  } else {
    result = [...lines, "config:", ...blockLines("  ")];
  }
  return `${result.join("\n")}\n`;
}
