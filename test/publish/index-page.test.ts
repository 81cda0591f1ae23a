import { describe, expect, it } from "vitest";
import { renderIndexPage } from "../../lib/pages/index-page.js";
import { formatBytes } from "../../lib/format.js";
import { downloadAllLines, pageLinks } from "./helpers.js";

const expiresAt = new Date("2030-01-08T12:30:00Z");
const file = (path: string, size = 10, url = `https://f.example/${encodeURIComponent(path)}?Expires=1&Signature=a&Key-Pair-Id=K`) => ({
  path,
  size,
  lastModified: new Date("2029-12-31T10:00:00Z"),
  url,
});

describe("renderIndexPage", () => {
  const html = renderIndexPage({
    client: `O'Brien & <Sons>`,
    expiresAt,
    files: [file("b.txt", 2048), file("a/<img src=x onerror=alert(1)>.txt"), file("a/z/deep.pdf", 5 * 1024 * 1024), file(`q"uote.txt`, 0, `https://f.example/x?a=1&b="2"`)],
  });

  it("escapes the client name in the title and heading", () => {
    expect(html).toContain("<title>Files for O&#39;Brien &amp; &lt;Sons&gt;</title>");
    expect(html).toContain("<h1>Files for O&#39;Brien &amp; &lt;Sons&gt;</h1>");
    expect(html).not.toContain("<Sons>");
  });

  it("renders file names as text and URLs as escaped attributes", () => {
    expect(html).not.toMatch(/<img/);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;.txt");
    expect(html).toContain(`href="https://f.example/x?a=1&amp;b=&quot;2&quot;"`);
    expect(html).toContain(`download="q&quot;uote.txt"`);
  });

  it("keeps signed URLs from leaking through Referer and makes no external requests", () => {
    expect(html).toContain(`<meta name="referrer" content="no-referrer">`);
    expect(html).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1">/);
    const plain = renderIndexPage({ client: "acme", expiresAt, files: [file("a/b.txt"), file("c.pdf")] });
    const inlineIcon = /<link rel="icon" href="data:[^"]*">/; // the one link: inline, no request
    expect(plain).toMatch(inlineIcon);
    expect(plain.replace(inlineIcon, "")).not.toMatch(/<(link|img|iframe|object|embed)\b|\s(src|srcset|action)=|@import|url\(/);
    // One script, and no other script element: its words are in the markup (data-t-*).
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it("shows the expiry in UTC in the markup, with a slot the script fills with local time", () => {
    expect(html).toMatch(/<time datetime="2030-01-08T12:30:00\.000Z" data-local="expiry-local">Tuesday, January 8, 2030 at (12:30 PM|12:30) UTC<\/time><span id="expiry-local" data-label="your time"><\/span>/);
  });

  it("nests folders as open details elements, folders before files, with counts", () => {
    expect(html).toMatch(/<details open><summary>a\/ <span class="meta">\(2 files\)<\/span><\/summary>/);
    expect(html.indexOf("<summary>a/")).toBeLessThan(html.indexOf(">b.txt</a>"));
    expect(html.indexOf("<summary>z/")).toBeGreaterThan(html.indexOf("<summary>a/"));
  });

  it("shows human sizes and last-modified dates", () => {
    expect(html).toContain("2 KiB · <time datetime=\"2029-12-31T10:00:00.000Z\">Dec 31, 2029</time>");
    expect(html).toContain("5 MiB");
    expect(html).toContain("4 files, 5 MiB in total.");
  });

  it("has one curl command per signed URL in the download-all box, each saving the file under its own path", () => {
    expect(downloadAllLines(html).sort()).toEqual(pageLinks(html).sort());
    expect(pageLinks(html)).toHaveLength(4);
    expect(html).toMatch(/<textarea id="all-commands" readonly/);
    expect(html).toContain(`<label for="all-commands">`);
    expect(html).toContain("curl --create-dirs -fLo &#39;");
  });

  it("uses accessible structure: language, landmarks and headings", () => {
    expect(html).toMatch(/<html lang="en">/);
    for (const tag of ["<header>", "<main>", "<footer>", "<h1>", "<h2 id=\"files-heading\">", "<section aria-labelledby=\"files-heading\">"]) expect(html).toContain(tag);
  });

  it("mentions the start time when the links have one", () => {
    const withStart = renderIndexPage({ client: "c", expiresAt, notBefore: new Date("2030-01-02T00:00:00Z"), files: [file("a.txt")] });
    expect(withStart).toContain("They work from <time datetime=\"2030-01-02T00:00:00.000Z\"");
  });
});

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1024, "1 KiB"],
    [1536, "1.5 KiB"],
    [10 * 1024 * 1024, "10 MiB"],
    [3.25 * 1024 ** 3, "3.3 GiB"],
  ])("shows %d bytes as %s", (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});
