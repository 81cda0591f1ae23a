/** The one inline style of both index pages (the page for a few files and the page for many): allowed by its hash in their CSP. */
export const PAGE_STYLE = `
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
.note{background:var(--panel);border-left:4px solid #b45309;padding:.5rem .75rem}
.search{margin:.5rem 0}
.search input{font:inherit;width:100%;max-width:30rem;padding:.35rem .5rem;border:1px solid var(--muted);border-radius:6px}
.file-list{position:relative;height:min(70vh,40rem);overflow:auto;border:1px solid var(--line);border-radius:6px}
#file-rows{position:relative;list-style:none;margin:0;padding:0}
.row{position:absolute;left:0;right:0;height:32px;display:flex;gap:1rem;align-items:center;padding-right:.5rem;white-space:nowrap;overflow:hidden}
.row a{flex:1 1 auto;overflow:hidden;text-overflow:ellipsis}
.row .meta{flex:none}
button.folder{background:none;border:0;color:var(--fg);padding:0 .25rem;font-weight:600;overflow:hidden;text-overflow:ellipsis}
`.trim();
