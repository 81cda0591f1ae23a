import { formatBytes } from "../format.js";

/**
 * Every word the client's index page shows, in one place: the page for a few files, the page for
 * many files (docs/links.md#pages-for-many-files) and the messages of their scripts. The scripts
 * read theirs from the page's data block (`SCRIPT_TEXT`), so a change of wording never changes the
 * scripts, nor the hashes the page's Content-Security-Policy allows them by.
 */
export const PAGE_TEXT = {
  lang: "en",
  title: (client: string) => `Files for ${client}`,
  summary: (count: number, bytes: number) => `${files(count)}, ${formatBytes(bytes)} in total.`,
  expiresOn: "These links expire on",
  worksFrom: "They work from",
  yourTime: "your time",
  filesHeading: "Files",
  downloadAllHeading: "Download all",
  zipButton: "Download all (.zip)",
  zipMeta: (count: number, bytes: number) => `${files(count)}, ${formatBytes(bytes)}; built in this browser from the links above, folders kept`,
  commandsLabel:
    "With the command line: open a terminal (macOS, Linux, or Windows with WSL or Git Bash) in an empty folder and paste these lines. Each file is saved under its own name and folder.",
  footer: "Every link on this page, and the page itself, stops working when it expires. Ask the sender for a new link if you need more time.",
  folderCount: (count: number) => `(${files(count)})`,
  // The page for many files: the list is drawn by the page's script from the link's file manifest.
  searchLabel: "Search the files",
  loading: (count: number) => `Loading the list of ${files(count)}…`,
  listHeading: "With the command line",
  curlList: (count: number) => `Download the list of ${files(count)} for curl`,
  curlListHint: "Save it in an empty folder, open a terminal there (macOS, Linux, or Windows with WSL or Git Bash) and run:",
  noScript: (count: number) =>
    `This link holds ${files(count)}: too many to list on this page without JavaScript. Download the list of links under "With the command line" below and run it with curl, or open this page in a browser with JavaScript on.`,
} as const;

/** The scripts' messages: `{n}`, `{name}`, `{path}`, `{status}`, `{error}`, `{matched}` are filled in by the script. */
export const SCRIPT_TEXT = {
  localTime: " ({time} your time)",
  adding: "Adding file {n} of {total}: {path}",
  serverAnswered: "{path}: the server answered {status}",
  mayHaveExpired: " (the link may have expired)",
  cancelled: "Cancelled: nothing was saved.",
  saved: "Saved {name}: {total} files, written to disk as they arrived.",
  tooLarge:
    "This browser cannot write a zip straight to disk, and these files are too large to build one in memory. Use the command line below, or a Chromium-based browser (Chrome, Edge), which can.",
  inMemory: "This browser cannot write the zip straight to disk, so it is built in memory first ({total} files).",
  done: "Done: {name} ({total} files). It was built in memory because this browser cannot stream to disk; for very large downloads, use the command line below.",
  failed: "The zip could not be completed: {error}. Download the files one by one or with the command line below.",
  listFailed: "The list of files could not be loaded ({error}). The link may have expired: ask the sender for a new one.",
  shown: "{total} files.",
  matched: "{matched} of {total} files match.",
  noMatch: "No file matches.",
  folderFiles: "{n} files",
} as const;

function files(count: number): string {
  return `${count.toLocaleString("en-US")} file${count === 1 ? "" : "s"}`;
}
