import { copyButton, pageContact, pageFooter, indexPageHead, pageHeader, pageTranslator, zipBox, zipName, type PageFrame } from "./index-page.js";
import { escapeHtml } from "./html.js";
import { shellQuote } from "./download-commands.js";
import { jsonBlock, MANY_FILES_INLINE_SCRIPT } from "./page-scripts.js";
import { pluralForms } from "./plural-forms.js";

export interface ManyFilesPageInput extends PageFrame {
  fileCount: number;
  totalBytes: number;
  /** Signed URL of the link's file manifest (lib/pages/manifest.ts). */
  manifestUrl: string;
  /** Signed URL of the link's download list for `curl --config` (lib/pages/curl-list.ts). */
  curlListUrl: string;
}

/**
 * The index page of a link with many files (docs/links.md#pages-for-many-files): the same head,
 * brand, heading, sender, expiry and message as the page for a few files, in the same language, but
 * no list in the markup. Its script draws the list from the manifest, with virtual scrolling and
 * search; the zip works from the same list; the download list for curl is a signed link that works
 * without JavaScript, which the page points to when JavaScript is off. A few kilobytes plus
 * client-zip, whatever the number of files.
 */
export function renderManyFilesPage(input: ManyFilesPageInput): string {
  const tr = pageTranslator(input);
  const files = tr.t("page.fileCount", { count: input.fileCount });
  const listName = `${zipName(input.client).replace(/\.zip$/, "")}.txt`;
  // The script's words, in the client's language; it fills in {error}, {matched} and {n}.
  const scriptText = {
    zone: tr.timeZone ?? "UTC",
    listFailed: tr.t("page.listFailed", { error: "{error}", contact: pageContact(input, tr) }),
    shown: tr.t("page.shown", { files }),
    matched: tr.t("page.matched", { matched: "{matched}", files }),
    noMatch: tr.t("page.noMatch"),
    folderFiles: pluralForms(tr, "page.fileCount"),
  };
  return `${indexPageHead(input, tr)}
<body>
${pageHeader(input, tr, input.fileCount, input.totalBytes)}
<main>
<section aria-labelledby="files-heading">
<h2 id="files-heading">${escapeHtml(tr.t("page.files"))}</h2>
<noscript><p class="note">${escapeHtml(tr.t("page.noScript", { files }))}</p></noscript>
<form id="file-search-form" class="search" role="search" hidden>
<label for="file-search">${escapeHtml(tr.t("page.search"))}</label><br>
<input id="file-search" type="search" autocomplete="off" spellcheck="false">
</form>
<p id="list-status" role="status" aria-live="polite" hidden>${escapeHtml(tr.t("page.loading", { files }))}</p>
<div id="file-list" class="file-list" hidden><ul id="file-rows"></ul></div>
</section>
<section aria-labelledby="all-heading">
<h2 id="all-heading">${escapeHtml(tr.t("page.all"))}</h2>
${zipBox(input, tr, input.fileCount, input.totalBytes)}
<h3 id="list-heading">${escapeHtml(tr.t("page.commandLine"))}</h3>
<p><a id="curl-list" href="${escapeHtml(input.curlListUrl)}" download="${escapeHtml(listName)}">${escapeHtml(tr.t("page.curlList", { files }))}</a></p>
<p><label for="all-commands">${escapeHtml(tr.t("page.curlListHint"))}</label></p>
<textarea id="all-commands" class="one-line" readonly rows="1" spellcheck="false" autocomplete="off">curl --config ${escapeHtml(shellQuote(listName))}</textarea>
${copyButton(tr)}
</section>
</main>
${pageFooter(input, tr)}
${jsonBlock("page-text", scriptText)}
${jsonBlock("page-data", { manifest: input.manifestUrl })}
<script>${MANY_FILES_INLINE_SCRIPT}</script>
</body>
</html>
`;
}
