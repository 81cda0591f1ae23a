// The expired-link page: self-contained, leaks nothing, shows the support contact safely.
import { expect, test } from "vitest";
import { renderExpiredLinkPage } from "../../infra/expired-link-page.js";

test("the support contact is HTML-escaped", () => {
  const html = renderExpiredLinkPage(`<script>alert("x")</script> & 'ops'`);
  expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;ops&#39;");
  expect(html).not.toContain("<script>");
});

test("the page makes no external request and sends no Referer", () => {
  const html = renderExpiredLinkPage("ops@example.com");
  expect(html).not.toMatch(/\b(src|href)=/i);
  expect(html).not.toMatch(/url\(/i);
  expect(html).toContain('<meta name="referrer" content="no-referrer">');
});

test("the page says the link has expired or is not valid", () => {
  expect(renderExpiredLinkPage("ops@example.com")).toContain("This link has expired or is not valid");
});
