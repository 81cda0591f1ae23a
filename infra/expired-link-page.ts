// The page CloudFront shows instead of its bare 403 when a link is expired, revoked or wrong.

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Self-contained HTML (no external requests, no script) naming whom to ask for a new link. */
export function renderExpiredLinkPage(supportContact: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>This link has expired or is not valid</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; background: #f6f7f9; color: #1f2328; }
  main { max-width: 34rem; margin: 12vh auto; padding: 2rem; background: #fff; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  h1 { font-size: 1.35rem; margin-top: 0; }
  p { line-height: 1.5; }
</style>
</head>
<body>
<main>
<h1>This link has expired or is not valid</h1>
<p>The link you followed is no longer accepted. Links to shared files stop working when they expire or when they are withdrawn.</p>
<p>Please ask ${escapeHtml(supportContact)} for a new link.</p>
</main>
</body>
</html>
`;
}
