/**
 * What a browser shows for a denied link in local mode, like the custom error response the
 * production distribution serves (infra/expired-link-page.ts): self-contained, no external requests.
 */
export const deniedPageHtml = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>Link expired or not valid</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f6f7f9;color:#1d2430}
main{max-width:32rem;margin:1rem;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin-top:0}@media (prefers-color-scheme:dark){body{background:#14171c;color:#e6e9ee}main{background:#1d2229}}</style></head>
<body><main><h1>This link has expired or is not valid</h1>
<p>The link you followed no longer gives access to these files. Links stop working when they expire or when the sender revokes them.</p>
<p>Please ask the person who sent it for a new link.</p></main></body></html>
`;
