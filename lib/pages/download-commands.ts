/**
 * The command-line download of a link's files: one curl per file that saves it under its own
 * relative path (folders created), so that two `summary.csv` in different folders never overwrite
 * each other and names keep their spaces, unicode and punctuation. POSIX shells only (macOS,
 * Linux, WSL, Git Bash): single quotes differ in PowerShell and cmd.
 */

/** Characters a terminal or text box draws invisibly or reorders (controls, bidirectional overrides). */
const INVISIBLE = /[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/**
 * Quotes text for a POSIX shell. Plain text is single-quoted (every byte literal, a `'` written as
 * `'\''`); text holding an invisible or reordering character becomes `"$(printf '...')"` with that
 * character as octal escapes, so the command shows it instead of drawing a spoofed name.
 */
export function shellQuote(text: string): string {
  const single = (t: string) => `'${t.replaceAll("'", `'\\''`)}'`;
  if (!INVISIBLE.test(text)) return single(text);
  const format = [...text]
    .map((ch) => (INVISIBLE.test(ch) ? [...Buffer.from(ch)].map((byte) => `\\${byte.toString(8).padStart(3, "0")}`).join("") : ch === "\\" ? "\\\\" : ch === "%" ? "%%" : ch))
    .join("");
  return `"$(printf ${single(format)})"`;
}

/** The output path curl gets: relative always (a key with an empty first segment would be absolute). */
export function outputPath(path: string): string {
  return path.startsWith("/") ? `.${path}` : path;
}

/** `curl --create-dirs -fLo 'path' 'URL'`: -f fails on an HTTP error instead of saving the error page, -L follows redirects. */
export function curlCommand(file: { path: string; url: string }): string {
  return `curl --create-dirs -fLo ${shellQuote(outputPath(file.path))} ${shellQuote(file.url)}`;
}

/** One command per file, in the order given. */
export function curlCommands(files: readonly { path: string; url: string }[]): string {
  return files.map(curlCommand).join("\n");
}
