import { faviconDataUri } from "../pages/favicon.js";
import { formatBytes, formatUtc } from "../format.js";
import { escapeHtml } from "../pages/html.js";
import { sha256Source } from "../pages/page-csp.js";
import { visibleName } from "../pages/visible-name.js";
import { fill, REQUEST_PAGE_TEXT, type RequestPageText } from "./page-text.js";
import { SHA256_SCRIPT } from "./sha256-script.js";
import { UPLOAD_PAGE_SCRIPT } from "./upload-page-script.js";

export interface RequestPageInput {
  requestId: string;
  client: string;
  /** The client's display name, when its profile has one. */
  displayName?: string;
  /** Who asks (PORTAL_SENDER_NAME, or the operator's name). */
  sender: string;
  expiresAt: Date;
  maxFileSize: number;
  maxTotal?: number;
  maxFiles?: number;
  note?: string;
  /** Where the browser sends parts when it is not this page's origin (the bucket's, in AWS mode): allowed in the CSP. */
  uploadOrigin?: string;
  text?: RequestPageText;
}

// The index pages' look (lib/publish/index-page.ts), plus the uploader's own elements.
const STYLE = `
:root{color-scheme:light;--fg:#1b1b1b;--muted:#505050;--line:#d0d0d0;--link:#0b4fa8;--bg:#fff;--panel:#f4f5f7;--bad:#a4161a}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0;overflow-wrap:anywhere}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
p{margin:.5rem 0}
.expiry,.note{background:var(--panel);border-left:4px solid var(--link);padding:.5rem .75rem}
.note{white-space:pre-wrap;overflow-wrap:anywhere}
ul.limits{margin:.25rem 0;padding-left:1.25rem}
.drop{border:2px dashed var(--line);border-radius:8px;padding:1rem;text-align:center}
.drop.over{border-color:var(--link);background:var(--panel)}
.pickers{display:flex;flex-wrap:wrap;gap:.5rem;justify-content:center;margin:.5rem 0}
.picker{position:relative;display:inline-block}
.picker input{position:absolute;inset:0;opacity:0;width:100%;cursor:pointer}
.picker span,button{display:inline-block;font:inherit;font-weight:600;padding:.6rem 1.1rem;border:1px solid var(--link);border-radius:6px;background:var(--link);color:#fff;cursor:pointer;min-height:2.75rem}
.picker input:focus-visible+span,button:focus-visible,input:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
button.quiet{background:transparent;color:var(--link);padding:.3rem .7rem;min-height:2.25rem}
button:disabled{opacity:.6;cursor:progress}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=email]{font:inherit;width:100%;max-width:28rem;padding:.5rem;border:1px solid var(--line);border-radius:6px}
ul.items{list-style:none;margin:0;padding:0}
li.item{display:grid;grid-template-columns:1fr auto;gap:.25rem .75rem;align-items:center;padding:.5rem 0;border-bottom:1px solid var(--line)}
li.item .name{overflow-wrap:anywhere;font-weight:600}
li.item progress{grid-column:1/-1;width:100%;height:.75rem}
li.item .meta{color:var(--muted);font-size:.9rem;overflow-wrap:anywhere}
progress#upload-overall{width:100%;height:1rem}
.actions{margin:1rem 0;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
td.hash{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem;word-break:break-all}
textarea{width:100%;min-height:6rem;font:13px/1.4 ui-monospace,Menlo,Consolas,monospace}
footer{color:var(--muted);font-size:.9rem}
[role=status]:empty{display:none}
@media (max-width:30rem){header,main,footer{padding:.75rem}.picker,.picker span,#upload-send{width:100%;text-align:center}}
`.trim();

/** The page's one script: the SHA-256 library, then the uploader. */
export const REQUEST_PAGE_SCRIPT = `${SHA256_SCRIPT}\n${UPLOAD_PAGE_SCRIPT}`;

/** The upload page's Content-Security-Policy: its script and style by hash, fetches to its own origin (and the bucket's in AWS mode). */
export function requestPageCsp(uploadOrigin?: string): string {
  return [
    "default-src 'none'",
    `script-src ${sha256Source(REQUEST_PAGE_SCRIPT)}`,
    `style-src ${sha256Source(STYLE)}`,
    `connect-src 'self'${uploadOrigin ? ` ${uploadOrigin}` : ""}`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** The hashes the files host's header CSP for page paths must allow besides the index pages' (lib/edge/response-headers.ts). */
export const REQUEST_PAGE_HASHES = { script: sha256Source(REQUEST_PAGE_SCRIPT), style: sha256Source(STYLE) };

/** JSON inside a script data block: nothing in it can end the element. */
function dataBlock(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** The self-contained upload page of one file request: no external requests, every name escaped. */
export function renderRequestPage(input: RequestPageInput, received: { count: number; bytes: number } = { count: 0, bytes: 0 }): string {
  const t = input.text ?? REQUEST_PAGE_TEXT;
  const client = escapeHtml(visibleName(input.displayName || input.client));
  const sender = escapeHtml(visibleName(input.sender));
  const limits = [
    fill(t.maxFileSize, { size: formatBytes(input.maxFileSize) }),
    ...(input.maxTotal !== undefined ? [fill(t.maxTotal, { size: formatBytes(input.maxTotal) })] : []),
    ...(input.maxFiles !== undefined ? [fill(t.maxFiles, { count: input.maxFiles })] : []),
  ];
  const data = {
    requestId: input.requestId,
    limits: { maxFileSize: input.maxFileSize, ...(input.maxTotal !== undefined ? { maxTotal: input.maxTotal } : {}), ...(input.maxFiles !== undefined ? { maxFiles: input.maxFiles } : {}) },
    received,
    text: t.script,
  };
  const expiry = input.expiresAt.toISOString();
  return `<!doctype html>
<html lang="${escapeHtml(t.lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${requestPageCsp(input.uploadOrigin)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(fill(t.title, { sender: visibleName(input.sender) }))}</title>
<link rel="icon" href="${faviconDataUri}">
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${fill(escapeHtml(t.title), { sender })}</h1>
<p>${fill(escapeHtml(t.titleFor), { client })}. ${fill(escapeHtml(t.intro), { sender })}</p>
<p class="expiry">${fill(escapeHtml(t.expiry), { utc: `<time datetime="${expiry}" data-local="expiry-local">${formatUtc(input.expiresAt)}</time><span id="expiry-local"></span>` })}.</p>
</header>
<main>
${input.note ? `<section aria-labelledby="note-heading"><h2 id="note-heading">${escapeHtml(t.noteHeading)}</h2><p class="note">${escapeHtml(input.note)}</p></section>` : ""}
<section aria-labelledby="limits-heading">
<h2 id="limits-heading">${escapeHtml(t.limitsHeading)}</h2>
<ul class="limits">${limits.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>
</section>
<p id="upload-no-js">${escapeHtml(t.noScript)}</p>
<section id="uploader" aria-labelledby="choose-heading" hidden>
<h2 id="choose-heading">${escapeHtml(t.chooseHeading)}</h2>
<div id="drop-zone" class="drop">
<p>${escapeHtml(t.dropZone)}</p>
<div class="pickers">
<label class="picker"><input type="file" id="pick-files" multiple><span>${escapeHtml(t.chooseFiles)}</span></label>
<label class="picker"><input type="file" id="pick-folder" webkitdirectory multiple><span>${escapeHtml(t.chooseFolder)}</span></label>
</div>
</div>
<h2 id="list-heading">${escapeHtml(t.listHeading)}</h2>
<ul id="upload-list" class="items" aria-labelledby="list-heading"></ul>
<p><progress id="upload-overall" max="100" value="0" aria-labelledby="upload-overall-text"></progress> <span id="upload-overall-text" class="meta"></span></p>
<label for="upload-email">${escapeHtml(t.emailLabel)}</label>
<input type="email" id="upload-email" autocomplete="email" inputmode="email" maxlength="254">
<div class="actions"><button type="button" id="upload-send">${escapeHtml(t.send)}</button></div>
<p id="upload-status" role="status" aria-live="polite"></p>
<section id="receipt" aria-labelledby="receipt-heading" hidden>
<h2 id="receipt-heading">${escapeHtml(t.receiptHeading)}</h2>
<p>${escapeHtml(t.receiptIntro)}</p>
<table><thead><tr><th scope="col">${escapeHtml(t.script.name)}</th><th scope="col">${escapeHtml(t.script.size)}</th><th scope="col">${escapeHtml(t.script.sha256)}</th></tr></thead><tbody id="receipt-list"></tbody></table>
<label for="receipt-text">${escapeHtml(t.script.copyReceipt)}</label>
<textarea id="receipt-text" readonly spellcheck="false"></textarea>
</section>
</section>
</main>
<footer>
<p>${escapeHtml(t.footer)}</p>
</footer>
<script type="application/json" id="request-data">${dataBlock(data)}</script>
<script>${REQUEST_PAGE_SCRIPT}</script>
</body>
</html>
`;
}
