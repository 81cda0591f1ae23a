/**
 * The command-line download of a link's files: one curl per file that saves it under its own
 * relative path (folders created), so that two `summary.csv` in different folders never overwrite
 * each other and names keep their spaces, unicode and punctuation. POSIX shells only (macOS,
 * Linux, WSL, Git Bash): single quotes differ in PowerShell and cmd.
 */

/** Single-quotes text for a POSIX shell: every byte literal, a `'` written as `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
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
