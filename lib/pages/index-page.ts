import { curlCommands } from "./download-commands.js";
import { INDEX_PAGE_CSP, SMALL_PAGE_INLINE_SCRIPT } from "./page-scripts.js";
import { PAGE_STYLE } from "./page-style.js";
import { buildTree, type TreeFolder } from "./file-tree.js";
import { DEFAULT_LANGUAGE } from "../i18n/catalog.js";
import { translator, type Audience, type Translator } from "../i18n/translator.js";
import { escapeHtml } from "./html.js";
import { brandMasthead, pageHead, type PageBrand } from "./page-head.js";
import { visibleName } from "./visible-name.js";

/** One file as the page shows it; `url` is the signed URL. */
export interface PageFile {
  path: string;
  size: number;
  lastModified: Date;
  url: string;
}

/** What both index pages (a few files, many files) say around their list: who, for whom, until when, in which language. */
export interface PageFrame {
  client: string;
  /** Shown instead of the folder name in the title and heading. */
  displayName?: string;
  expiresAt: Date;
  notBefore?: Date;
  /** The client's language and time zone (its profile's); default English, UTC. */
  audience?: Audience;
  brand?: PageBrand;
  /** Who sent it: a display name, never a login (lib/delivery/sender.ts). */
  sender?: { person: string; organisation?: string | undefined };
  /** The operator's words, when they wrote some. */
  message?: string;
}

export interface IndexPageInput extends PageFrame {
  files: readonly PageFile[];
}

export type { PageBrand };

/** The index pages' CSP (also in their meta tags): an edge header for these pages must allow the same hashes. */
export { INDEX_PAGE_CSP };

const a = (name: string, value: string) => ` ${name}="${escapeHtml(value)}"`;

/** The translator of a page's client. */
export function pageTranslator(frame: PageFrame): Translator {
  return translator(frame.audience ?? { language: DEFAULT_LANGUAGE });
}

/**
 * The self-contained index page of one link: no external requests, every name and URL escaped, in the
 * client's language (lib/i18n), with the brand and who sent it (docs/branding.md).
 */
export function renderIndexPage(input: IndexPageInput): string {
  const tr = pageTranslator(input);
  const totalBytes = input.files.reduce((sum, f) => sum + f.size, 0);
  const count = input.files.length;
  const escaped = input.files.map((f) => ({ ...f, url: escapeHtml(f.url) }));
  const tree = buildTree(escaped);
  const commands = escapeHtml(curlCommands(input.files));
  return `${indexPageHead(input, tr)}
<body>
${pageHeader(input, tr, count, totalBytes)}
<main>
<section aria-labelledby="files-heading">
<h2 id="files-heading">${escapeHtml(tr.t("page.files"))}</h2>
<ul class="tree">
${renderFolderContents(tree, tr)}
</ul>
</section>
<section aria-labelledby="all-heading">
<h2 id="all-heading">${escapeHtml(tr.t("page.all"))}</h2>
${zipBox(input, tr, count, totalBytes)}
<p><label for="all-commands">${escapeHtml(tr.t("page.commands"))}</label></p>
<textarea id="all-commands" readonly rows="8" spellcheck="false" autocomplete="off">${commands}</textarea>
${copyButton(tr)}
</section>
</main>
${pageFooter(input, tr)}
<script>${SMALL_PAGE_INLINE_SCRIPT}</script>
</body>
</html>
`;
}

/** Doctype to `</head>` of both index pages: their CSP, style and title (lib/pages/page-head.ts). */
export function indexPageHead(frame: PageFrame, tr: Translator): string {
  return pageHead({ language: tr.language, brand: frame.brand, csp: INDEX_PAGE_CSP, title: tr.t("page.title", { client: visibleName(frame.displayName || frame.client) }), style: PAGE_STYLE });
}

/** The brand, the heading, who sent it, the count and size, the expiry (client's zone and UTC, or UTC and the viewer's time), the message. */
export function pageHeader(frame: PageFrame, tr: Translator, count: number, totalBytes: number): string {
  const brand = frame.brand ?? {};
  const client = escapeHtml(visibleName(frame.displayName || frame.client));
  const files = escapeHtml(tr.files(count, totalBytes));
  // With the client's zone known, the page shows that zone and UTC; otherwise UTC, and the script adds the viewer's time.
  const local = (id: string) => (tr.timeZone ? "" : ` data-local="${id}"`);
  const localSpan = (id: string) => (tr.timeZone ? "" : `<span id="${id}"${a("data-label", tr.t("page.yourTime"))}></span>`);
  const time = (date: Date, id: string) => `<time datetime="${date.toISOString()}"${local(id)}>${escapeHtml(tr.when(date))}</time>${localSpan(id)}`;
  const until = escapeHtml(tr.t("page.until", { until: "\u0000" })).replace("\u0000", time(frame.expiresAt, "expiry-local"));
  const start = frame.notBefore ? ` ${escapeHtml(tr.t("page.start", { start: "\u0000" })).replace("\u0000", time(frame.notBefore, "start-local"))}` : "";
  const organisation = brand.name ?? frame.sender?.organisation;
  const senderLine = frame.sender ? tr.t("page.from", { sender: organisation && organisation !== frame.sender.person ? tr.t("sender.withOrganisation", { person: frame.sender.person, organisation }) : frame.sender.person }) : undefined;
  const masthead = brandMasthead(brand);
  const message = frame.message?.trim()
    ? `<p class="message-from">${escapeHtml(tr.t("page.messageFrom", { person: frame.sender?.person ?? organisation ?? "" }))}</p>\n<p class="message">${escapeHtml(frame.message.trim())}</p>\n`
    : "";
  return `<header>
${masthead}<h1>${escapeHtml(tr.t("page.title", { client: "\u0000" })).replace("\u0000", client)}</h1>
${senderLine ? `<p>${escapeHtml(senderLine)}</p>\n` : ""}<p>${escapeHtml(tr.t("page.summary", { files: "\u0000" })).replace("\u0000", files)}</p>
<p class="expiry">${until}${start}</p>
${message}</header>`;
}

/** Whom to ask for a new link: the brand's contact, else the sender, else "the person who sent you the link". */
export function pageContact(frame: PageFrame, tr: Translator): string {
  return frame.brand?.contact ?? (frame.sender ? frame.sender.person : tr.t("refusal.contact.default"));
}

export function pageFooter(frame: PageFrame, tr: Translator): string {
  return `<footer>
<p>${escapeHtml(tr.t("page.footer", { contact: pageContact(frame, tr) }))}</p>
</footer>`;
}

/** "Download all (.zip)", hidden until the script shows it; its words in `data-t-*` (lib/pages/download-all-script.ts). */
export function zipBox(frame: PageFrame, tr: Translator, count: number, totalBytes: number): string {
  const name = zipName(frame.client);
  const words: [string, string][] = [
    ["adding", tr.t("zip.adding", { i: "{i}", count, path: "{path}" })],
    ["http-error", tr.t("zip.httpError", { path: "{path}", status: "{status}" })],
    ["cancelled", tr.t("zip.cancelled")],
    ["saved", tr.t("zip.saved", { name, count })],
    ["too-large", tr.t("zip.tooLarge")],
    ["in-memory", tr.t("zip.inMemory", { count })],
    ["done", tr.t("zip.done", { name, count })],
    ["failed", tr.t("zip.failed", { error: "{error}" })],
  ];
  return `<div id="zip" hidden data-name="${escapeHtml(name)}"${words.map(([key, text]) => a(`data-t-${key}`, text)).join("")}>
<p><button type="button" id="zip-button">${escapeHtml(tr.t("page.zipButton"))}</button> <span class="meta">${escapeHtml(tr.t("page.zipMeta", { files: tr.files(count, totalBytes) }))}</span></p>
<p id="zip-status" role="status" aria-live="polite"></p>
</div>`;
}

/** The Copy button of the command box (#all-commands), shown by the script. */
export function copyButton(tr: Translator): string {
  return `<p><button type="button" id="copy-commands" hidden${a("data-copied", tr.t("page.copied"))}${a("data-failed", tr.t("page.copyFailed"))}>${escapeHtml(tr.t("page.copy"))}</button> <span id="copy-status" role="status" aria-live="polite"></span></p>`;
}

/** `file.url` is already escaped here. */
function renderFolderContents(folder: TreeFolder<PageFile>, tr: Translator): string {
  const parts: string[] = [];
  for (const child of folder.folders) {
    const name = escapeHtml(child.name);
    parts.push(
      `<li><details open><summary>${name}/ <span class="meta">(${escapeHtml(tr.t("page.fileCount", { count: child.fileCount }))})</span></summary>\n<ul>\n${renderFolderContents(child, tr)}\n</ul></details></li>`,
    );
  }
  for (const { name, file } of folder.files) {
    const shown = escapeHtml(name);
    parts.push(
      `<li class="file"><a href="${file.url}" download="${shown}" data-path="${escapeHtml(file.path)}" data-size="${file.size}" data-modified="${file.lastModified.toISOString()}">${shown}</a> <span class="meta">${escapeHtml(tr.bytes(file.size))} · <time datetime="${file.lastModified.toISOString()}">${escapeHtml(tr.day(file.lastModified))}</time></span></li>`,
    );
  }
  return parts.join("\n");
}

/** "acme corp-files.zip": the client's name without characters that file systems refuse. */
export function zipName(client: string): string {
  return `${client.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, "_")}-files.zip`;
}
