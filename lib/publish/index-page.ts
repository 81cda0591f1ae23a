import { buildTree, type TreeFolder } from "./file-tree.js";
import { formatBytes, formatDay, formatUtc } from "./format.js";
import { escapeHtml } from "./html.js";
import { faviconDataUri } from "./favicon.js";

/** One file as the page shows it; `url` is the signed URL. */
export interface PageFile {
  path: string;
  size: number;
  lastModified: Date;
  url: string;
}

export interface IndexPageInput {
  client: string;
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
`.trim();

// The one script: writes the expiry in the viewer's time zone next to the UTC time. No user data in it.
const SCRIPT = `(function(){var e=document.querySelectorAll("time[data-local]");for(var i=0;i<e.length;i++){var t=new Date(e[i].getAttribute("datetime"));var s=document.getElementById(e[i].getAttribute("data-local"));if(s&&!isNaN(t))s.textContent=" ("+t.toLocaleString(undefined,{dateStyle:"full",timeStyle:"short"})+" your time)";}})();`;

/** The self-contained index page of one link: no external requests, every name and URL escaped. */
export function renderIndexPage(input: IndexPageInput): string {
  const client = escapeHtml(input.client);
  const totalBytes = input.files.reduce((sum, f) => sum + f.size, 0);
  const count = `${input.files.length} file${input.files.length === 1 ? "" : "s"}`;
  // Each URL is escaped once and used twice: in its link and in the download-all list.
  const escaped = input.files.map((f) => ({ ...f, url: escapeHtml(f.url) }));
  const tree = buildTree(escaped);
  const urls = escaped.map((f) => f.url).join("\n");
  const notBefore = input.notBefore
    ? ` They work from <time datetime="${input.notBefore.toISOString()}" data-local="start-local">${formatUtc(input.notBefore)}</time><span id="start-local"></span>.`
    : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
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
<p>Copy the list below into a file named <code>links.txt</code>, then run <code>wget -i links.txt</code> or <code>xargs -n1 curl -fLOJ &lt; links.txt</code>.</p>
<p><label for="all-links">Signed links, one per line:</label></p>
<textarea id="all-links" readonly rows="8" spellcheck="false" autocomplete="off">${urls}</textarea>
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
      `<li class="file"><a href="${file.url}" download="${shown}">${shown}</a> <span class="meta">${formatBytes(file.size)} · <time datetime="${file.lastModified.toISOString()}">${formatDay(file.lastModified)}</time></span></li>`,
    );
  }
  return parts.join("\n");
}
