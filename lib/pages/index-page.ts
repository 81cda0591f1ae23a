import { CLIENT_ZIP_SCRIPT } from "./client-zip-script.js";
import { curlCommands } from "./download-commands.js";
import { DOWNLOAD_ALL_SCRIPT } from "./download-all-script.js";
import { indexPageCsp } from "./page-csp.js";
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

const STYLE = `
:root{color-scheme:light;--fg:#1b1b1b;--muted:#505050;--line:#d0d0d0;--link:#0b4fa8;--bg:#fff;--panel:#f4f5f7}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0;overflow-wrap:anywhere}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
p{margin:.5rem 0}
a{color:var(--link)}
a:focus-visible,summary:focus-visible,textarea:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.expiry{background:var(--panel);border-left:4px solid var(--link);padding:.5rem .75rem}
ul.tree,ul.tree ul{list-style:none;margin:0;padding:0}
ul.tree ul{padding-left:1rem;border-left:1px solid var(--line);margin-left:.4rem}
ul.tree li{padding:.25rem 0}
summary{cursor:pointer;font-weight:600;overflow-wrap:anywhere}
.file{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:baseline}
.file a{flex:1 1 14rem;overflow-wrap:anywhere}
.meta{color:var(--muted);font-size:.9rem;white-space:nowrap}
textarea{width:100%;min-height:8rem;font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;white-space:pre;overflow-wrap:normal}
code{font-family:ui-monospace,Menlo,Consolas,monospace;background:var(--panel);padding:0 .25rem;overflow-wrap:anywhere}
footer{color:var(--muted);font-size:.9rem}
button{font:inherit;font-weight:600;padding:.45rem 1rem;border:1px solid var(--link);border-radius:6px;background:var(--link);color:#fff;cursor:pointer}
button:disabled{opacity:.6;cursor:progress}
button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
#zip-status:empty{display:none}
`.trim();

// The local time of the expiry next to the UTC time. No user data in any script.
const LOCAL_TIME_SCRIPT = `(function(){var e=document.querySelectorAll("time[data-local]");for(var i=0;i<e.length;i++){var t=new Date(e[i].getAttribute("datetime"));var s=document.getElementById(e[i].getAttribute("data-local"));if(s&&!isNaN(t))s.textContent=" ("+t.toLocaleString(undefined,{dateStyle:"full",timeStyle:"short"})+" your time)";}})();`;

/** The page's one script: client-zip, the local time, "Download all (.zip)". */
const SCRIPT = `${CLIENT_ZIP_SCRIPT}\n${LOCAL_TIME_SCRIPT}\n${DOWNLOAD_ALL_SCRIPT}`;

/** The index page's CSP (also in its meta tag): an edge header for these pages must allow the same hashes. */
export const INDEX_PAGE_CSP = indexPageCsp(SCRIPT, STYLE);

/** The self-contained index page of one link: no external requests, every name and URL escaped. */
export function renderIndexPage(input: IndexPageInput): string {
  const client = escapeHtml(visibleName(input.displayName || input.client));
  const totalBytes = input.files.reduce((sum, f) => sum + f.size, 0);
  const count = `${input.files.length} file${input.files.length === 1 ? "" : "s"}`;
  const escaped = input.files.map((f) => ({ ...f, url: escapeHtml(f.url) }));
  const tree = buildTree(escaped);
  const commands = escapeHtml(curlCommands(input.files));
  const notBefore = input.notBefore
    ? ` They work from <time datetime="${input.notBefore.toISOString()}" data-local="start-local">${formatUtc(input.notBefore)}</time><span id="start-local"></span>.`
    : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${INDEX_PAGE_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>Files for ${client}</title>
<link rel="icon" href="${faviconDataUri}">
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Files for ${client}</h1>
<p>${count}, ${formatBytes(totalBytes)} in total.</p>
<p class="expiry">These links expire on <time datetime="${input.expiresAt.toISOString()}" data-local="expiry-local">${formatUtc(input.expiresAt)}</time><span id="expiry-local"></span>.${notBefore}</p>
</header>
<main>
<section aria-labelledby="files-heading">
<h2 id="files-heading">Files</h2>
<ul class="tree">
${renderFolderContents(tree)}
</ul>
</section>
<section aria-labelledby="all-heading">
<h2 id="all-heading">Download all</h2>
<div id="zip" hidden data-name="${escapeHtml(zipName(input.client))}">
<p><button type="button" id="zip-button">Download all (.zip)</button> <span class="meta">${count}, ${formatBytes(totalBytes)}; built in this browser from the links above, folders kept</span></p>
<p id="zip-status" role="status" aria-live="polite"></p>
</div>
<p><label for="all-commands">With the command line: open a terminal (macOS, Linux, or Windows with WSL or Git Bash) in an empty folder and paste these lines. Each file is saved under its own name and folder.</label></p>
<textarea id="all-commands" readonly rows="8" spellcheck="false" autocomplete="off">${commands}</textarea>
</section>
</main>
<footer>
<p>Every link on this page, and the page itself, stops working when it expires. Ask the sender for a new link if you need more time.</p>
</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** `file.url` is already escaped here. */
function renderFolderContents(folder: TreeFolder<PageFile>): string {
  const parts: string[] = [];
  for (const child of folder.folders) {
    const name = escapeHtml(child.name);
    parts.push(
      `<li><details open><summary>${name}/ <span class="meta">(${child.fileCount} file${child.fileCount === 1 ? "" : "s"})</span></summary>\n<ul>\n${renderFolderContents(child)}\n</ul></details></li>`,
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
function zipName(client: string): string {
  return `${client.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, "_")}-files.zip`;
}
