import { logoDataUri, textOn, type BrandLogo } from "../brand/brand.js";
import { faviconDataUri } from "./favicon.js";
import { escapeHtml } from "./html.js";

/** The brand as a page shows it (lib/brand/brand.ts): name, logo as a data: URI, accent with its text colour. */
export interface PageBrand {
  name?: string | undefined;
  logo?: BrandLogo | undefined;
  color?: string | undefined;
  contact?: string | undefined;
}

/** What a client-facing page's head says of its own: its CSP (the same hashes its edge header allows), title and one style. */
export interface PageHeadParts {
  language: string;
  brand?: PageBrand | undefined;
  csp: string;
  /** Plain text: escaped here. */
  title: string;
  style: string;
}

const attribute = (name: string, value: string) => ` ${name}="${escapeHtml(value)}"`;

/**
 * Doctype to `</head>` of every page a client opens (the index pages, a file request's upload page):
 * the language, the brand's accent (read by the page's script: the CSP allows no style attribute),
 * the CSP, no referrer, no indexing, light and dark, the title, the favicon and the style.
 */
export function pageHead(parts: PageHeadParts): string {
  const color = parts.brand?.color;
  const accent = color && /^#[0-9a-f]{6}$/.test(color) ? `${attribute("data-accent", color)}${attribute("data-on-accent", textOn(color))}` : "";
  return `<!doctype html>
<html lang="${parts.language}"${accent}>
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${parts.csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(parts.title)}</title>
<link rel="icon" href="${faviconDataUri}">
<style>${parts.style}</style>
</head>`;
}

/** The brand's logo (or, without one, its name) above a page's heading; nothing without a brand. */
export function brandMasthead(brand: PageBrand | undefined): string {
  if (!brand?.logo && !brand?.name) return "";
  return `<p class="brand">${brand.logo ? `<img src="${escapeHtml(logoDataUri(brand.logo))}" alt="${escapeHtml(brand.name ?? "")}">` : ""}${brand.name && !brand.logo ? `<span>${escapeHtml(brand.name)}</span>` : ""}</p>\n`;
}
