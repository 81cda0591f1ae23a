// Regenerates lib/pages/client-zip-script.ts from the installed client-zip (npm i -D -E client-zip@VERSION first).
const { readFileSync, writeFileSync } = require("node:fs");
const { dirname, join } = require("node:path");
const dir = dirname(require.resolve("client-zip"));
const source = readFileSync(join(dir, "worker.js"), "utf8");
const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
writeFileSync(
  join(__dirname, "..", "..", "lib", "pages", "client-zip-script.ts"),
  `// Generated from client-zip ${version} (MIT, David Junger): node_modules/client-zip/worker.js, its classic-script
// build that defines a global downloadZip(). Inlined into every index page under a hash-based CSP, so
// the page needs no third-party request. test/selection/client-zip-script.test.ts fails when the
// installed client-zip differs; regenerate with: node tools/dev/vendor-client-zip.cjs
export const CLIENT_ZIP_VERSION = ${JSON.stringify(version)};
export const CLIENT_ZIP_SCRIPT = ${JSON.stringify(source)};
`,
);
