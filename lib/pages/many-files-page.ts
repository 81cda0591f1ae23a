import { pageFooter, pageHead, pageHeader, zipName } from "./index-page.js";
import { escapeHtml } from "./html.js";
import { shellQuote } from "./download-commands.js";
import { visibleName } from "./visible-name.js";
import { jsonBlock, MANY_FILES_INLINE_SCRIPT } from "./page-scripts.js";
import { PAGE_TEXT, SCRIPT_TEXT } from "./page-text.js";

export interface ManyFilesPageInput {
  client: string;
  displayName?: string;
  fileCount: number;
  totalBytes: number;
  expiresAt: Date;
  notBefore?: Date;
  /** Signed URL of the link's file manifest (lib/pages/manifest.ts). */
  manifestUrl: string;
  /** Signed URL of the link's download list for `curl --config` (lib/pages/curl-list.ts). */
  curlListUrl: string;
}

/**
 * The index page of a link with many files (docs/links.md#pages-for-many-files): the same head,
 * heading and expiry as the page for a few files, but no list in the markup. Its script draws the
 * list from the manifest, with virtual scrolling and search; the zip works from the same list; the
 * download list for curl is a signed link that works without JavaScript, which the page points to
 * when JavaScript is off. A few kilobytes plus client-zip, whatever the number of files.
 */
export function renderManyFilesPage(input: ManyFilesPageInput): string {
  const text = PAGE_TEXT;
  const shown = visibleName(input.displayName || input.client);
  const listName = `${zipName(input.client).replace(/\.zip$/, "")}.txt`;
  return `${pageHead(shown)}
<body>
${pageHeader(shown, input.fileCount, input.totalBytes, input.expiresAt, input.notBefore)}
<main>
<section aria-labelledby="files-heading">
<h2 id="files-heading">${escapeHtml(text.filesHeading)}</h2>
<noscript><p class="note">${escapeHtml(text.noScript(input.fileCount))}</p></noscript>
<form id="file-search-form" class="search" role="search" hidden>
<label for="file-search">${escapeHtml(text.searchLabel)}</label><br>
<input id="file-search" type="search" autocomplete="off" spellcheck="false">
</form>
<p id="list-status" role="status" aria-live="polite" hidden>${escapeHtml(text.loading(input.fileCount))}</p>
<div id="file-list" class="file-list" hidden><ul id="file-rows"></ul></div>
</section>
<section aria-labelledby="all-heading">
<h2 id="all-heading">${escapeHtml(text.downloadAllHeading)}</h2>
<div id="zip" hidden data-name="${escapeHtml(zipName(input.client))}">
<p><button type="button" id="zip-button">${escapeHtml(text.zipButton)}</button> <span class="meta">${escapeHtml(text.zipMeta(input.fileCount, input.totalBytes))}</span></p>
<p id="zip-status" role="status" aria-live="polite"></p>
</div>
<h3 id="list-heading">${escapeHtml(text.listHeading)}</h3>
<p><a id="curl-list" href="${escapeHtml(input.curlListUrl)}" download="${escapeHtml(listName)}">${escapeHtml(text.curlList(input.fileCount))}</a></p>
<p>${escapeHtml(text.curlListHint)} <code>curl --config ${escapeHtml(shellQuote(listName))}</code></p>
</section>
</main>
${pageFooter()}
${jsonBlock("page-text", SCRIPT_TEXT)}
${jsonBlock("page-data", { manifest: input.manifestUrl })}
<script>${MANY_FILES_INLINE_SCRIPT}</script>
</body>
</html>
`;
}
