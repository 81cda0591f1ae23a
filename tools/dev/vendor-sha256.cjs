// Regenerates lib/requests/sha256-script.ts from the installed @noble/hashes (npm i -D -E @noble/hashes@VERSION first):
// its SHA-256, bundled by esbuild into one classic script that defines a global sha256Hasher().
const { writeFileSync, readFileSync } = require("node:fs");
const { dirname, join } = require("node:path");
const esbuild = require("esbuild");
const pkgDir = join(__dirname, "..", "..", "node_modules", "@noble", "hashes");
const { version } = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const out = esbuild.buildSync({
  stdin: { contents: 'import { sha256 } from "@noble/hashes/sha2.js"; globalThis.sha256Hasher = () => sha256.create();', resolveDir: __dirname, loader: "js" },
  bundle: true,
  format: "iife",
  minify: true,
  target: "es2020",
  write: false,
  legalComments: "none",
});
const source = out.outputFiles[0].text.trim();
writeFileSync(
  join(__dirname, "..", "..", "lib", "requests", "sha256-script.ts"),
  `// Generated from @noble/hashes ${version} (MIT, Paul Miller): its SHA-256, bundled into a classic script that
// defines a global sha256Hasher() (update(bytes), digest()). Inlined into every upload page under a
// hash-based CSP, so the page needs no third-party request. test/requests/page.test.ts fails when the
// installed @noble/hashes differs; regenerate with: node tools/dev/vendor-sha256.cjs
export const SHA256_LIBRARY_VERSION = ${JSON.stringify(version)};
export const SHA256_SCRIPT = ${JSON.stringify(source)};
`,
);
