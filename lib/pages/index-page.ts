import { CLIENT_ZIP_SCRIPT } from "./client-zip-script.js";
import { curlCommands } from "./download-commands.js";
import { DOWNLOAD_ALL_SCRIPT } from "./download-all-script.js";
import { indexPageCsp } from "./page-csp.js";
import { buildTree, type TreeFolder } from "./file-tree.js";
import { logoDataUri, textOn, type BrandLogo } from "../brand/brand.js";
import { DEFAULT_LANGUAGE } from "../i18n/catalog.js";
import { translator, type Audience, type Translator } from "../i18n/translator.js";
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

/** The brand as a page shows it (lib/brand/brand.ts): name, logo as a data: URI, accent with its text colour. */
export interface PageBrand {
  name?: string | undefined;
  logo?: BrandLogo | undefined;
  color?: string | undefined;
  contact?: string | undefined;
}

export interface IndexPageInput {
  client: string;
  /** Shown instead of the folder name in the title and heading. */
  displayName?: string;
  files: readonly PageFile[];
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

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1b1b;--muted:#505050;--line:#d0d0d0;--link:#0b4fa8;--bg:#fff;--panel:#f4f5f7;--accent:#0b4fa8;--on-accent:#fff;--focus:#b45309}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--muted:#b4b4b4;--line:#4a4a4a;--link:#8ab4ff;--bg:#141414;--panel:#222428;--focus:#fbbf24}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);overflow-wrap:anywhere}
header,main,footer{max-width:60rem;margin:0 auto;padding:1rem}
.brand{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;font-weight:600;font-size:1.1rem;margin:0 0 .5rem}
.brand img{max-height:48px;max-width:min(240px,100%);height:auto}
h1{font-size:1.5rem;margin:.5rem 0}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
p{margin:.5rem 0}
a{color:var(--link)}
a:focus-visible,summary:focus-visible,textarea:focus-visible,button:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.expiry{background:var(--panel);border-left:4px solid var(--accent);padding:.5rem .75rem}
.message{background:var(--panel);padding:.5rem .75rem;white-space:pre-line;margin:.5rem 0}
.message-from{font-weight:600;margin:1rem 0 0}
ul.tree,ul.tree ul{list-style:none;margin:0;padding:0}
ul.tree ul{padding-left:1rem;border-left:1px solid var(--line);margin-left:.4rem}
ul.tree li{padding:.25rem 0}
summary{cursor:pointer;font-weight:600}
.file{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:baseline}
.file a{flex:1 1 12rem;min-width:0}
.meta{color:var(--muted);font-size:.9rem}
textarea{display:block;width:100%;max-width:100%;min-height:8rem;font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;white-space:pre;overflow-wrap:normal;overflow:auto;color:var(--fg);background:var(--panel);border:1px solid var(--line)}
code{font-family:ui-monospace,Menlo,Consolas,monospace;background:var(--panel);padding:0 .25rem}
footer{color:var(--muted);font-size:.9rem}
button{font:inherit;font-weight:600;padding:.45rem 1rem;border:1px solid var(--accent);border-radius:6px;background:var(--accent);color:var(--on-accent);cursor:pointer;max-width:100%}
button:disabled{opacity:.6;cursor:progress}
#zip-status:empty,#copy-status:empty{display:none}
`.trim();

// The brand's accent from <html data-accent>, the viewer's local time next to the page's times (when the
// client has no time zone in its profile), and the command box's Copy button. No user data in any script.
const PAGE_SCRIPT = `(function(){var r=document.documentElement,c=r.getAttribute("data-accent");if(c&&/^#[0-9a-f]{6}$/.test(c)){r.style.setProperty("--accent",c);r.style.setProperty("--on-accent",r.getAttribute("data-on-accent")||"#fff");}
var e=document.querySelectorAll("time[data-local]");for(var i=0;i<e.length;i++){var t=new Date(e[i].getAttribute("datetime"));var s=document.getElementById(e[i].getAttribute("data-local"));if(s&&!isNaN(t))s.textContent=" ("+t.toLocaleString(r.lang||undefined,{dateStyle:"full",timeStyle:"short"})+", "+(s.getAttribute("data-label")||"")+")";}
var b=document.getElementById("copy-commands"),box=document.getElementById("all-commands"),st=document.getElementById("copy-status");if(b&&box&&st){b.hidden=false;b.addEventListener("click",function(){var done=function(){st.textContent=b.getAttribute("data-copied")||"";},fail=function(){box.focus();box.select();st.textContent=b.getAttribute("data-failed")||"";};if(navigator.clipboard&&navigator.clipboard.writeText)navigator.clipboard.writeText(box.value).then(done,fail);else fail();});}})();`;

/** The page's one script: client-zip, the page's own behaviour, "Download all (.zip)". */
const SCRIPT = `${CLIENT_ZIP_SCRIPT}\n${PAGE_SCRIPT}\n${DOWNLOAD_ALL_SCRIPT}`;

/** The index page's CSP (also in its meta tag): an edge header for these pages must allow the same hashes. */
export const INDEX_PAGE_CSP = indexPageCsp(SCRIPT, STYLE);

const a = (name: string, value: string) => ` ${name}="${escapeHtml(value)}"`;

/**
 * The self-contained index page of one link: no external requests, every name and URL escaped, in the
 * client's language (lib/i18n), with the brand and who sent it (docs/branding.md).
 */
export function renderIndexPage(input: IndexPageInput): string {
  const tr = translator(input.audience ?? { language: DEFAULT_LANGUAGE });
  const brand = input.brand ?? {};
  const client = escapeHtml(visibleName(input.displayName || input.client));
  const totalBytes = input.files.reduce((sum, f) => sum + f.size, 0);
  const count = input.files.length;
  const files = escapeHtml(tr.files(count, totalBytes));
  const escaped = input.files.map((f) => ({ ...f, url: escapeHtml(f.url) }));
  const tree = buildTree(escaped);
  const commands = escapeHtml(curlCommands(input.files));
  // With the client's zone known, the page shows that zone and UTC; otherwise UTC, and the script adds the viewer's time.
  const local = (id: string) => (tr.timeZone ? "" : ` data-local="${id}"`);
  const localSpan = (id: string) => (tr.timeZone ? "" : `<span id="${id}"${a("data-label", tr.t("page.yourTime"))}></span>`);
  const time = (date: Date, id: string) => `<time datetime="${date.toISOString()}"${local(id)}>${escapeHtml(tr.when(date))}</time>${localSpan(id)}`;
  const until = escapeHtml(tr.t("page.until", { until: "\u0000" })).replace("\u0000", time(input.expiresAt, "expiry-local"));
  const start = input.notBefore ? ` ${escapeHtml(tr.t("page.start", { start: "\u0000" })).replace("\u0000", time(input.notBefore, "start-local"))}` : "";
  const organisation = brand.name ?? input.sender?.organisation;
  const senderLine = input.sender ? tr.t("page.from", { sender: organisation && organisation !== input.sender.person ? tr.t("sender.withOrganisation", { person: input.sender.person, organisation }) : input.sender.person }) : undefined;
  const contact = brand.contact ?? (input.sender ? input.sender.person : tr.t("refusal.contact.default"));
  const zipWords: [string, string][] = [
    ["adding", tr.t("zip.adding", { i: "{i}", count, path: "{path}" })],
    ["http-error", tr.t("zip.httpError", { path: "{path}", status: "{status}" })],
    ["cancelled", tr.t("zip.cancelled")],
    ["saved", tr.t("zip.saved", { name: zipName(input.client), count })],
    ["too-large", tr.t("zip.tooLarge")],
    ["in-memory", tr.t("zip.inMemory", { count })],
    ["done", tr.t("zip.done", { name: zipName(input.client), count })],
    ["failed", tr.t("zip.failed", { error: "{error}" })],
  ];
  const accent = brand.color && /^#[0-9a-f]{6}$/.test(brand.color) ? `${a("data-accent", brand.color)}${a("data-on-accent", textOn(brand.color))}` : "";
  const masthead =
    brand.logo || brand.name
      ? `<p class="brand">${brand.logo ? `<img src="${escapeHtml(logoDataUri(brand.logo))}" alt="${escapeHtml(brand.name ?? "")}">` : ""}${brand.name && !brand.logo ? `<span>${escapeHtml(brand.name)}</span>` : ""}</p>\n`
      : "";
  const message = input.message?.trim()
    ? `<p class="message-from">${escapeHtml(tr.t("page.messageFrom", { person: input.sender?.person ?? organisation ?? "" }))}</p>\n<p class="message">${escapeHtml(input.message.trim())}</p>\n`
    : "";
  return `<!doctype html>
<html lang="${tr.language}"${accent}>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${INDEX_PAGE_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(tr.t("page.title", { client: visibleName(input.displayName || input.client) }))}</title>
<link rel="icon" href="${faviconDataUri}">
<style>${STYLE}</style>
</head>
<body>
<header>
${masthead}<h1>${escapeHtml(tr.t("page.title", { client: "\u0000" })).replace("\u0000", client)}</h1>
${senderLine ? `<p>${escapeHtml(senderLine)}</p>\n` : ""}<p>${escapeHtml(tr.t("page.summary", { files: "\u0000" })).replace("\u0000", files)}</p>
<p class="expiry">${until}${start}</p>
${message}</header>
<main>
<section aria-labelledby="files-heading">
<h2 id="files-heading">${escapeHtml(tr.t("page.files"))}</h2>
<ul class="tree">
${renderFolderContents(tree, tr)}
</ul>
</section>
<section aria-labelledby="all-heading">
<h2 id="all-heading">${escapeHtml(tr.t("page.all"))}</h2>
<div id="zip" hidden data-name="${escapeHtml(zipName(input.client))}"${zipWords.map(([key, text]) => a(`data-t-${key}`, text)).join("")}>
<p><button type="button" id="zip-button">${escapeHtml(tr.t("page.zipButton"))}</button> <span class="meta">${escapeHtml(tr.t("page.zipMeta", { files: tr.files(count, totalBytes) }))}</span></p>
<p id="zip-status" role="status" aria-live="polite"></p>
</div>
<p><label for="all-commands">${escapeHtml(tr.t("page.commands"))}</label></p>
<textarea id="all-commands" readonly rows="8" spellcheck="false" autocomplete="off">${commands}</textarea>
<p><button type="button" id="copy-commands" hidden${a("data-copied", tr.t("page.copied"))}${a("data-failed", tr.t("page.copyFailed"))}>${escapeHtml(tr.t("page.copy"))}</button> <span id="copy-status" role="status" aria-live="polite"></span></p>
</section>
</main>
<footer>
<p>${escapeHtml(tr.t("page.footer", { contact }))}</p>
</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
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
function zipName(client: string): string {
  return `${client.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, "_")}-files.zip`;
}
