import { CLIENT_ZIP_SCRIPT } from "./client-zip-script.js";
import { PAGE_SCRIPT_COMMON, SMALL_PAGE_SCRIPT } from "./download-all-script.js";
import { PAGE_LOOK_SCRIPT } from "./look-script.js";
import { indexPageCsp } from "./page-csp.js";
import { MANY_FILES_SCRIPT } from "./many-files-script.js";
import { PAGE_STYLE } from "./page-style.js";

/** The one inline script of the page for a few files: client-zip, the look, the common part, the zip over the page's links. */
export const SMALL_PAGE_INLINE_SCRIPT = `${CLIENT_ZIP_SCRIPT}\n${PAGE_LOOK_SCRIPT}\n${PAGE_SCRIPT_COMMON}\n${SMALL_PAGE_SCRIPT}`;

/** The one inline script of the page for many files: client-zip, the look, the common part, the list drawn from the manifest. */
export const MANY_FILES_INLINE_SCRIPT = `${CLIENT_ZIP_SCRIPT}\n${PAGE_LOOK_SCRIPT}\n${PAGE_SCRIPT_COMMON}\n${MANY_FILES_SCRIPT}`;

/** The index pages' CSP (also in their meta tags): an edge header for these pages must allow the same hashes. */
export const INDEX_PAGE_CSP = indexPageCsp([SMALL_PAGE_INLINE_SCRIPT, MANY_FILES_INLINE_SCRIPT], PAGE_STYLE);

/** A data block the page's script reads (JSON.parse): never executed, so the CSP does not apply; `<` escaped so no text can end it. */
export function jsonBlock(id: string, value: unknown): string {
  return `<script type="application/json" id="${id}">${JSON.stringify(value).replace(/</g, "\\u003c")}</script>`;
}
