/**
 * The one inline style of both index pages (the page for a few files and the page for many): allowed
 * by its hash in their CSP. Light and dark, the brand's accent through --accent, no horizontal
 * scrolling from 320 px up.
 */
export const PAGE_STYLE = `
:root{color-scheme:light dark;--fg:#1b1b1b;--muted:#505050;--line:#d0d0d0;--link:#0b4fa8;--bg:#fff;--panel:#f4f5f7;--accent:#0b4fa8;--on-accent:#fff;--focus:#b45309}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--muted:#b4b4b4;--line:#4a4a4a;--link:#8ab4ff;--bg:#141414;--panel:#222428;--focus:#fbbf24}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);overflow-wrap:anywhere}
header,main,footer{max-width:60rem;margin:0 auto;padding:1rem}
.brand{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;font-weight:600;font-size:1.1rem;margin:0 0 .5rem}
.brand img{max-height:48px;max-width:min(240px,100%);height:auto}
h1{font-size:1.5rem;margin:.5rem 0}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
h3{font-size:1.05rem;margin:1rem 0 .5rem}
p{margin:.5rem 0}
a{color:var(--link)}
a:focus-visible,summary:focus-visible,textarea:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
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
textarea.one-line{min-height:0}
code{font-family:ui-monospace,Menlo,Consolas,monospace;background:var(--panel);padding:0 .25rem}
footer{color:var(--muted);font-size:.9rem}
button{font:inherit;font-weight:600;padding:.45rem 1rem;border:1px solid var(--accent);border-radius:6px;background:var(--accent);color:var(--on-accent);cursor:pointer;max-width:100%}
button:disabled{opacity:.6;cursor:progress}
#zip-status:empty,#copy-status:empty{display:none}
.note{background:var(--panel);border-left:4px solid var(--focus);padding:.5rem .75rem}
.search{margin:.5rem 0}
.search input{font:inherit;width:100%;max-width:30rem;padding:.35rem .5rem;color:var(--fg);background:var(--bg);border:1px solid var(--muted);border-radius:6px}
.file-list{position:relative;height:min(70vh,40rem);overflow:auto;border:1px solid var(--line);border-radius:6px}
#file-rows{position:relative;list-style:none;margin:0;padding:0}
.row{position:absolute;left:0;right:0;height:32px;display:flex;gap:1rem;align-items:center;padding-right:.5rem;white-space:nowrap;overflow:hidden}
.row a{flex:1 1 auto;min-width:0;overflow:hidden;text-overflow:ellipsis}
.row .meta{flex:none}
button.folder{background:none;border:0;color:var(--fg);padding:0 .25rem;font-weight:600;min-width:0;overflow:hidden;text-overflow:ellipsis}
`.trim();
