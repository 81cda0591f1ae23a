// The expired-link page: self-contained, leaks nothing, shows the organisation and contact safely, in
// every language of the catalogs (CloudFront serves this one object to every viewer).
import { expect, test } from "vitest";
import { renderExpiredLinkPage } from "../../infra/expired-link-page.js";
import { formatMessage, LANGUAGES } from "../../lib/i18n/catalog.js";

test("the support contact and the organisation are HTML-escaped", () => {
  const html = renderExpiredLinkPage({ contact: `<script>alert("x")</script> & 'ops'`, organisation: "<b>Acme</b> & Co" });
  expect(html).toContain("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;ops&#39;");
  expect(html).toContain('<p class="org">&#60;b&#62;Acme&#60;/b&#62; &#38; Co</p>');
  expect(html).not.toContain("<script>");
  expect(html).not.toContain("<b>");
});

test("the page makes no external request and sends no Referer", () => {
  const html = renderExpiredLinkPage({ contact: "ops@example.com" });
  expect(html).not.toMatch(/\b(src|href)=/i);
  expect(html).not.toMatch(/url\(/i);
  expect(html).toContain('<meta name="referrer" content="no-referrer">');
});

test("one wording for not valid yet or no longer valid, in every language, each in its own section", () => {
  const html = renderExpiredLinkPage({ contact: "ops@example.com" });
  expect(html).toMatch(/^<!doctype html><html lang="en">/);
  for (const language of LANGUAGES) {
    expect(html).toContain(formatMessage(language, "refusal.expired.title").replace(/'/g, "&#39;"));
    if (language !== "en") expect(html).toContain(`<section lang="${language}">`);
  }
  expect(html).not.toMatch(/has expired or is not valid/);
});

test("without a contact, each language names the person who sent the link in its own words", () => {
  const html = renderExpiredLinkPage({});
  for (const language of LANGUAGES) expect(html).toContain(formatMessage(language, "refusal.contact.default").replace(/'/g, "&#39;"));
  expect(html).not.toContain('class="org"');
});
