import { curlCommands } from "./download-commands.js";
import { INDEX_PAGE_CSP, jsonBlock, SMALL_PAGE_INLINE_SCRIPT } from "../pages/page-scripts.js";
import { PAGE_STYLE } from "../pages/page-style.js";
import { PAGE_TEXT, SCRIPT_TEXT } from "../pages/page-text.js";
import { buildTree, type TreeFolder } from "./file-tree.js";
import { formatBytes, formatDay, formatUtc } from "../format.js";
import { escapeHtml } from "./html.js";
import { faviconDataUri } from "./favicon.js";
import { visibleName } from "./visible-name.js";

/** One file as the page shows it; `url` is the signed URL. */
export interface PageFile {
  path: string;
  size: number;
  lastModified: Date;
  url: string;
}

export interface IndexPageInput {
  client: string;
  /** Shown instead of the folder name in the title and heading. */
  displayName?: string;
  files: readonly PageFile[];
  expiresAt: Date;
  notBefore?: Date;
}



/** The index pages' CSP (also in their meta tags): an edge header for these pages must allow the same hashes. */
export { INDEX_PAGE_CSP };

/** The self-contained index page of one link: no external requests, every name and URL escaped. */
export function renderIndexPage(input: IndexPageInput): string {
  const text = PAGE_TEXT;
  const shown = visibleName(input.displayName || input.client);
  const totalBytes = input.files.reduce((sum, f) => sum + f.size, 0);
  const escaped = input.files.map((f) => ({ ...f, url: escapeHtml(f.url) }));
  const tree = buildTree(escaped);
  const commands = escapeHtml(curlCommands(input.files));
  return `${pageHead(shown)}
<body>
${pageHeader(shown, input.files.length, totalBytes, input.expiresAt, input.notBefore)}
<main>
<section aria-labelledby="files-heading">
<h2 id="files-heading">${escapeHtml(text.filesHeading)}</h2>
<ul class="tree">
${renderFolderContents(tree)}
</ul>
</section>
<section aria-labelledby="all-heading">
<h2 id="all-heading">${escapeHtml(text.downloadAllHeading)}</h2>
<div id="zip" hidden data-name="${escapeHtml(zipName(input.client))}">
<p><button type="button" id="zip-button">${escapeHtml(text.zipButton)}</button> <span class="meta">${escapeHtml(text.zipMeta(input.files.length, totalBytes))}</span></p>
<p id="zip-status" role="status" aria-live="polite"></p>
</div>
<p><label for="all-commands">${escapeHtml(text.commandsLabel)}</label></p>
<textarea id="all-commands" readonly rows="8" spellcheck="false" autocomplete="off">${commands}</textarea>
</section>
</main>
${pageFooter()}
${jsonBlock("page-text", SCRIPT_TEXT)}
<script>${SMALL_PAGE_INLINE_SCRIPT}</script>
</body>
</html>
`;
}

/** Doctype to `</head>` of both index pages: CSP, no referrer, no indexing, the title naming `client` (as shown). */
export function pageHead(client: string): string {
  return `<!doctype html>
<html lang="${PAGE_TEXT.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${INDEX_PAGE_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(PAGE_TEXT.title(client))}</title>
<link rel="icon" href="${faviconDataUri}">
<style>${PAGE_STYLE}</style>
</head>`;
}

/** The heading, the count and size, and the expiry (in UTC, and in the viewer's time zone by the script). */
export function pageHeader(client: string, count: number, bytes: number, expiresAt: Date, notBefore: Date | undefined): string {
  const text = PAGE_TEXT;
  const start = notBefore
    ? ` ${escapeHtml(text.worksFrom)} <time datetime="${notBefore.toISOString()}" data-local="start-local">${formatUtc(notBefore)}</time><span id="start-local"></span>.`
    : "";
  return `<header>
<h1>${escapeHtml(text.title(client))}</h1>
<p>${escapeHtml(text.summary(count, bytes))}</p>
<p class="expiry">${escapeHtml(text.expiresOn)} <time datetime="${expiresAt.toISOString()}" data-local="expiry-local">${formatUtc(expiresAt)}</time><span id="expiry-local"></span>.${start}</p>
</header>`;
}

export function pageFooter(): string {
  return `<footer>
<p>${escapeHtml(PAGE_TEXT.footer)}</p>
</footer>`;
}

/** `file.url` is already escaped here. */
function renderFolderContents(folder: TreeFolder<PageFile>): string {
  const parts: string[] = [];
  for (const child of folder.folders) {
    const name = escapeHtml(child.name);
    parts.push(
      `<li><details open><summary>${name}/ <span class="meta">${escapeHtml(PAGE_TEXT.folderCount(child.fileCount))}</span></summary>\n<ul>\n${renderFolderContents(child)}\n</ul></details></li>`,
    );
  }
  for (const { name, file } of folder.files) {
    const shown = escapeHtml(name);
    parts.push(
      `<li class="file"><a href="${file.url}" download="${shown}" data-path="${escapeHtml(file.path)}" data-size="${file.size}" data-modified="${file.lastModified.toISOString()}">${shown}</a> <span class="meta">${formatBytes(file.size)} · <time datetime="${file.lastModified.toISOString()}">${formatDay(file.lastModified)}</time></span></li>`,
    );
  }
  return parts.join("\n");
}

/** "acme corp-files.zip": the client's name without characters that file systems refuse. */
export function zipName(client: string): string {
  return `${client.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, "_")}-files.zip`;
}
