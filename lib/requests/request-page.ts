import { senderLine, type Sender } from "../delivery/sender.js";
import { DEFAULT_LANGUAGE } from "../i18n/catalog.js";
import { translator, type Audience } from "../i18n/translator.js";
import { brandMasthead, pageHead } from "../pages/page-head.js";
import { escapeHtml } from "../pages/html.js";
import type { PageBrand } from "../pages/page-head.js";
import { sha256Source } from "../pages/page-csp.js";
import { visibleName } from "../pages/visible-name.js";
import { requestScriptText } from "./page-text.js";
import { PART_UPLOADER_SCRIPT } from "../files/part-uploader-script.js";
import { SHA256_SCRIPT } from "./sha256-script.js";
import { UPLOAD_PAGE_SCRIPT } from "./upload-page-script.js";

export interface RequestPageInput {
  requestId: string;
  client: string;
  /** The client's display name, when its profile has one. */
  displayName?: string;
  /** Who asks: a display name with the organisation, never a login (lib/delivery/sender.ts); none names no one. */
  sender?: Sender | undefined;
  expiresAt: Date;
  maxFileSize: number;
  maxTotal?: number;
  maxFiles?: number;
  note?: string;
  /** Where the browser sends parts when it is not this page's origin (the bucket's, in AWS mode): allowed in the CSP. */
  uploadOrigin?: string;
  /** The client's language and time zone (its profile's); default English, UTC. */
  audience?: Audience;
  brand?: PageBrand;
}

// The index pages' look (lib/pages/index-page.ts): light and dark, the brand's accent, no sideways
// scrolling from 320 px; plus the uploader's own elements, each with a visible focus ring.
const STYLE = `
:root{color-scheme:light dark;--fg:#1b1b1b;--muted:#505050;--line:#d0d0d0;--link:#0b4fa8;--bg:#fff;--panel:#f4f5f7;--bad:#a4161a;--accent:#0b4fa8;--on-accent:#fff;--focus:#b45309}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--muted:#b4b4b4;--line:#4a4a4a;--link:#8ab4ff;--bg:#141414;--panel:#222428;--bad:#ff8a8a;--focus:#fbbf24}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);overflow-wrap:anywhere}
header,main,footer{max-width:60rem;margin:0 auto;padding:1rem}
.brand{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;font-weight:600;font-size:1.1rem;margin:0 0 .5rem}
.brand img{max-height:48px;max-width:min(240px,100%);height:auto}
h1{font-size:1.5rem;margin:.5rem 0}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
p{margin:.5rem 0}
a{color:var(--link)}
.expiry,.note{background:var(--panel);border-left:4px solid var(--accent);padding:.5rem .75rem}
.note{white-space:pre-wrap}
.message-from{font-weight:600;margin:1rem 0 0}
ul.limits{margin:.25rem 0;padding-left:1.25rem}
.drop{border:2px dashed var(--line);border-radius:8px;padding:1rem;text-align:center}
.drop.over{border-color:var(--accent);background:var(--panel)}
.pickers{display:flex;flex-wrap:wrap;gap:.5rem;justify-content:center;margin:.5rem 0}
.picker{position:relative;display:inline-block;max-width:100%}
.picker input{position:absolute;inset:0;opacity:0;width:100%;cursor:pointer}
.picker span,button{display:inline-block;max-width:100%;font:inherit;font-weight:600;padding:.6rem 1.1rem;border:1px solid var(--accent);border-radius:6px;background:var(--accent);color:var(--on-accent);cursor:pointer;min-height:2.75rem}
.picker input:focus-visible+span,button:focus-visible,input:focus-visible,textarea:focus-visible,a:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
button.quiet{background:transparent;color:var(--link);border-color:var(--link);padding:.3rem .7rem;min-height:2.25rem}
button:disabled{opacity:.6;cursor:progress}
button[hidden]{display:none}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=email]{font:inherit;width:100%;max-width:28rem;padding:.5rem;border:1px solid var(--line);border-radius:6px;color:var(--fg);background:var(--bg)}
ul.items{list-style:none;margin:0;padding:0}
li.item{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:.25rem .75rem;align-items:center;padding:.5rem 0;border-bottom:1px solid var(--line)}
li.item .name{font-weight:600}
li.item progress{grid-column:1/-1;width:100%;height:.75rem}
li.item .meta{color:var(--muted);font-size:.9rem}
progress#upload-overall{width:100%;height:1rem}
.actions{margin:1rem 0;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
.table-wrap{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
td.hash{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem;word-break:break-all}
textarea{display:block;width:100%;max-width:100%;min-height:6rem;font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;color:var(--fg);background:var(--panel);border:1px solid var(--line)}
footer{color:var(--muted);font-size:.9rem}
[role=status]:empty{display:none}
@media (max-width:30rem){header,main,footer{padding:.75rem}.picker,.picker span,#upload-send{width:100%;text-align:center}}
`.trim();

// The brand's accent from <html data-accent> (the CSP allows no style attribute), before the uploader runs.
const ACCENT_SCRIPT = `(function(){var r=document.documentElement,c=r.getAttribute("data-accent");if(c&&/^#[0-9a-f]{6}$/.test(c)){r.style.setProperty("--accent",c);r.style.setProperty("--on-accent",r.getAttribute("data-on-accent")||"#fff");}})();`;

/** The page's one script: the SHA-256 library, the accent, the parts shared with the portal's uploader, then the uploader. */
export const REQUEST_PAGE_SCRIPT = `${SHA256_SCRIPT}\n${ACCENT_SCRIPT}\n${PART_UPLOADER_SCRIPT}\n${UPLOAD_PAGE_SCRIPT}`;

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

/**
 * The self-contained upload page of one file request: no external requests, every name escaped, in the
 * client's language (lib/i18n) with the brand and who asks (docs/requests.md#the-upload-page).
 */
export function renderRequestPage(input: RequestPageInput, received: { count: number; bytes: number } = { count: 0, bytes: 0 }): string {
  const tr = translator(input.audience ?? { language: DEFAULT_LANGUAGE });
  const brand = input.brand ?? {};
  const clientName = visibleName(input.displayName || input.client);
  const sender = input.sender ? visibleName(senderLine(tr, input.sender)) : undefined;
  const limits = { maxFileSize: input.maxFileSize, maxTotal: input.maxTotal, maxFiles: input.maxFiles };
  const lines = [
    tr.t("request.maxFileSize", { size: tr.bytes(input.maxFileSize) }),
    ...(input.maxTotal !== undefined ? [tr.t("request.maxTotal", { size: tr.bytes(input.maxTotal) })] : []),
    ...(input.maxFiles !== undefined ? [tr.t("request.maxFiles", { count: input.maxFiles })] : []),
  ];
  const script = requestScriptText(tr, limits);
  const data = {
    requestId: input.requestId,
    limits: { maxFileSize: input.maxFileSize, ...(input.maxTotal !== undefined ? { maxTotal: input.maxTotal } : {}), ...(input.maxFiles !== undefined ? { maxFiles: input.maxFiles } : {}) },
    received,
    text: script,
  };
  const title = sender ? tr.t("request.title", { sender }) : tr.t("request.titleNoSender");
  const intro = sender ? tr.t("request.intro", { sender, client: clientName }) : tr.t("request.introNoSender", { client: clientName });
  // With the client's zone known, the page shows that zone and UTC; otherwise UTC, and the script adds the viewer's time.
  const expiry = `<time datetime="${input.expiresAt.toISOString()}"${tr.timeZone ? "" : ' data-local="expiry-local"'}>${escapeHtml(tr.when(input.expiresAt))}</time>${tr.timeZone ? "" : '<span id="expiry-local"></span>'}`;
  const until = escapeHtml(tr.t("request.until", { until: "\u0000" })).replace("\u0000", expiry);
  const contact = brand.contact ?? input.sender?.person ?? tr.t("refusal.contact.default");
  const masthead = brandMasthead(brand);
  const note = input.note
    ? `<section aria-labelledby="note-heading"><h2 id="note-heading">${escapeHtml(tr.t("page.messageFrom", { person: input.sender?.person ?? brand.name ?? "" }))}</h2><p class="note">${escapeHtml(input.note)}</p></section>`
    : "";
  return `${pageHead({ language: tr.language, brand, csp: requestPageCsp(input.uploadOrigin), title, style: STYLE })}
<body>
<header>
${masthead}<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(intro)}</p>
<p class="expiry">${until}</p>
</header>
<main>
${note}
<section aria-labelledby="limits-heading">
<h2 id="limits-heading">${escapeHtml(tr.t("request.limits"))}</h2>
<ul class="limits">${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>
</section>
<p id="upload-no-js">${escapeHtml(tr.t("request.noScript"))}</p>
<section id="uploader" aria-labelledby="choose-heading" hidden>
<h2 id="choose-heading">${escapeHtml(tr.t("request.choose"))}</h2>
<div id="drop-zone" class="drop">
<p>${escapeHtml(tr.t("request.drop"))}</p>
<div class="pickers">
<label class="picker"><input type="file" id="pick-files" multiple><span>${escapeHtml(tr.t("request.chooseFiles"))}</span></label>
<label class="picker"><input type="file" id="pick-folder" webkitdirectory multiple><span>${escapeHtml(tr.t("request.chooseFolder"))}</span></label>
</div>
</div>
<h2 id="list-heading">${escapeHtml(tr.t("request.list"))}</h2>
<ul id="upload-list" class="items" aria-labelledby="list-heading"></ul>
<p><progress id="upload-overall" max="100" value="0" aria-labelledby="upload-overall-text"></progress> <span id="upload-overall-text" class="meta"></span></p>
<label for="upload-email">${escapeHtml(tr.t("request.email"))}</label>
<input type="email" id="upload-email" autocomplete="email" inputmode="email" maxlength="254">
<div class="actions"><button type="button" id="upload-send">${escapeHtml(tr.t("request.send"))}</button></div>
<p id="upload-status" role="status" aria-live="polite"></p>
<section id="receipt" aria-labelledby="receipt-heading" hidden>
<h2 id="receipt-heading">${escapeHtml(tr.t("request.receipt"))}</h2>
<p>${escapeHtml(tr.t("request.receiptIntro"))}</p>
<div class="table-wrap"><table><thead><tr><th scope="col">${escapeHtml(script.name)}</th><th scope="col">${escapeHtml(script.size)}</th><th scope="col">${escapeHtml(script.sha256)}</th></tr></thead><tbody id="receipt-list"></tbody></table></div>
<label for="receipt-text">${escapeHtml(script.copyReceipt)}</label>
<textarea id="receipt-text" readonly spellcheck="false"></textarea>
</section>
</section>
</main>
<footer>
<p>${escapeHtml(tr.t("request.footer", { contact }))}</p>
</footer>
<script type="application/json" id="request-data">${dataBlock(data)}</script>
<script>${REQUEST_PAGE_SCRIPT}</script>
</body>
</html>
`;
}
