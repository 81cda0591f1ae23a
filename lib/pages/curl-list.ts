import { outputPath } from "./download-commands.js";

/**
 * The download list of a page for many files: a curl config file (`curl --config FILE`) that saves
 * every file under its own relative path, folders created, failing on an HTTP error instead of
 * saving the error page. curl reads `url = "..."` / `output = "..."` pairs; inside double quotes a
 * backslash escapes `\`, `"`, and \t \n \r \v. A name holding another control character cannot be
 * written safely and is left out, with a comment saying so.
 *
 * Files that share one signature (a folder link) are listed in a section of their own whose URLs
 * carry no query: `get` with `data = "<query>"` makes curl append it to each (`-G -d`, in curl since
 * the early 2000s), so 100,000 files do not repeat a 600-character query. Sections are separated by
 * `next`; files signed one by one have their whole URL.
 */
export function curlListHeader(title: string, howTo: string): string {
  return `# ${oneLine(title)}\n# ${oneLine(howTo)}\n`;
}

/** The start of a section; with `sharedQuery`, every URL of the section gets it as its query. */
export function curlListSection(first: boolean, sharedQuery?: string): string {
  if (sharedQuery !== undefined && (sharedQuery.startsWith("@") || /["\\\u0000-\u001f]/.test(sharedQuery))) throw new Error("a signing query never starts with @ or holds quotes or controls");
  return `${first ? "" : "next\n"}create-dirs\nfail\nlocation\n${sharedQuery === undefined ? "" : `get\ndata = "${sharedQuery}"\n`}`;
}

/** What a name or URL must not hold to go into the list as it is: quotes, backslashes, controls. */
const NEEDS_CARE = /["\\\u0000-\u001f\u007f]/;

/** The two lines of one file, or a comment when its name cannot be written. */
export function curlListEntry(path: string, url: string): string {
  // Nearly every name and URL holds nothing to quote: one test of both, then the plain lines.
  if (!NEEDS_CARE.test(path) && !NEEDS_CARE.test(url)) return `url = "${url}"\noutput = "${outputPath(path)}"\n`;
  if (/[\u0000-\u0008\u000e-\u001f\u007f]/.test(path)) return `# left out: a name with a control character (${JSON.stringify(path).slice(1, -1).replace(/\n/g, "")})\n`;
  // A signed URL is percent-encoded and base64: it holds nothing to quote, as a rule (checked cheaply).
  const shownUrl = url.includes('"') || url.includes("\\") || /[\u0000-\u001f]/.test(url) ? quote(url) : url;
  return `url = "${shownUrl}"\noutput = "${quote(outputPath(path))}"\n`;
}

function quote(text: string): string {
  return text.replace(/[\\"\t\n\r\v]/g, (c) => (c === "\t" ? "\\t" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\v" ? "\\v" : `\\${c}`));
}

function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, " ");
}
