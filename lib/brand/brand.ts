// The brand on everything a client sees (docs/branding.md): the organisation's name, logo, accent colour
// and support contact, set once by an admin and read from the store each time a page is published or a
// message sent, so a change shows on the next one without a restart.
import { InvalidRequestError } from "../errors.js";
import { nameCharacterProblem } from "../names/name-characters.js";

export const MAX_BRAND_NAME = 100;
export const MAX_BRAND_CONTACT = 300;
/** A logo rides inside every page and message: small, and a raster image (no SVG: no script, no remote parts). */
export const MAX_LOGO_BYTES = 32 * 1024; // its base64 fits a request body of the portal (64 KiB)

export interface BrandLogo {
  contentType: "image/png" | "image/jpeg" | "image/gif" | "image/webp";
  /** The image, base64. */
  data: string;
}

export interface Brand {
  /** The organisation, as clients know it. */
  name?: string;
  logo?: BrandLogo;
  /** The accent colour, #rrggbb (lower case). */
  color?: string;
  /** Whom clients ask, in their words: "support@example.com", "Acme support, +44 20 7946 0000". */
  contact?: string;
  updatedAt?: string;
  updatedBy?: string;
}

/** Edits: a field left out keeps its value; an empty name, colour or contact, or a null logo, clears it. */
export interface BrandChanges {
  name?: string;
  color?: string;
  contact?: string;
  /** The image file's bytes; null removes the logo. */
  logo?: Uint8Array | null;
}

const SIGNATURES: [BrandLogo["contentType"], (b: Uint8Array) => boolean][] = [
  ["image/png", (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ["image/jpeg", (b) => startsWith(b, [0xff, 0xd8, 0xff])],
  ["image/gif", (b) => startsWith(b, [0x47, 0x49, 0x46, 0x38])],
  ["image/webp", (b) => startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b.subarray(8), [0x57, 0x45, 0x42, 0x50])],
];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

/** The logo's type from its first bytes (never from a file name); refuses anything but PNG, JPEG, GIF and WebP. */
export function brandLogo(bytes: Uint8Array): BrandLogo {
  if (bytes.length === 0) throw new InvalidRequestError("logo: the file is empty");
  if (bytes.length > MAX_LOGO_BYTES) throw new InvalidRequestError(`logo: at most ${MAX_LOGO_BYTES / 1024} KiB (this one is ${Math.ceil(bytes.length / 1024)} KiB); save it smaller, say 400 pixels wide`);
  const type = SIGNATURES.find(([, matches]) => matches(bytes))?.[0];
  if (!type) throw new InvalidRequestError("logo: must be a PNG, JPEG, GIF or WebP image (SVG is not accepted: it can carry script)");
  return { contentType: type, data: Buffer.from(bytes).toString("base64") };
}

/** "#1D4ED8", "1d4ed8" or "#14d" as #1d4ed8. */
export function brandColor(text: string): string {
  const hex = text.trim().replace(/^#/, "").toLowerCase();
  if (/^[0-9a-f]{3}$/.test(hex)) return `#${[...hex].map((c) => c + c).join("")}`;
  if (/^[0-9a-f]{6}$/.test(hex)) return `#${hex}`;
  throw new InvalidRequestError(`color: must be a hex colour like #1d4ed8, got "${text.slice(0, 20)}"`);
}

function plainText(field: string, text: string, max: number): string {
  const value = text.trim();
  if (value.length > max) throw new InvalidRequestError(`${field}: at most ${max} characters (got ${value.length})`);
  const problem = nameCharacterProblem(value);
  if (problem) throw new InvalidRequestError(`${field} ${problem}: type it again without it`);
  return value;
}

/** `brand` with `changes` applied, each checked; throws InvalidRequestError naming the field. */
export function applyBrandChanges(brand: Brand, changes: BrandChanges): Brand {
  const next: Brand = { ...brand };
  if (changes.name !== undefined) next.name = plainText("name", changes.name, MAX_BRAND_NAME);
  if (changes.contact !== undefined) next.contact = plainText("contact", changes.contact, MAX_BRAND_CONTACT);
  if (changes.color !== undefined) next.color = changes.color.trim() === "" ? "" : brandColor(changes.color);
  if (changes.logo !== undefined) {
    if (changes.logo === null) delete next.logo;
    else next.logo = brandLogo(changes.logo);
  }
  for (const field of ["name", "contact", "color"] as const) if (next[field] === "") delete next[field];
  return next;
}

/** The logo as a data: URI (pages allow `img-src data:`). */
export function logoDataUri(logo: BrandLogo): string {
  return `data:${logo.contentType};base64,${logo.data}`;
}

/** Relative luminance of #rrggbb (WCAG 2.x). */
function luminance(color: string): number {
  const channel = (i: number) => {
    const c = parseInt(color.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** Black or white, whichever reads better on `color` (for a button's text on the accent). */
export function textOn(color: string): "#000000" | "#ffffff" {
  const l = luminance(color);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? "#000000" : "#ffffff";
}
