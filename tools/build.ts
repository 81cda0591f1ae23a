// `npm run build`: the production bundle in dist/ (or --outdir DIR): portal.js, cli.js, lambda.js and the
// signing worker, runnable with plain `node` and no node_modules (docs/production-portal.md).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { BUNDLE_ENTRIES, bundle, BundleError, DIST_PACKAGE_JSON, REPO_ROOT } from "../build/portal-bundle.js";
import { parseFlags, runCli, UsageError } from "./cli.js";

const HELP = `Usage: signed-share build [--outdir DIR]    (or: npm run build [-- --outdir DIR])

Bundles the portal and the tools with esbuild into DIR (default dist/ in the repository):
  portal.js          the portal (node dist/portal.js; local mode when SHARE_BUCKET is unset)
  cli.js             the command-line tools (node dist/cli.js <command>)
  lambda.js          the AWS Lambda handler (export "handler")
  signing-worker.js  started by the portal's signing pool; keep it next to the others
Every runtime dependency is inside; the directory runs with plain node, without node_modules.
DIR must be empty, new, or an earlier build: the bundle files in it are replaced, nothing else is touched.

Options:
  --outdir DIR  where to write the bundle (default: dist)
  --json        print {"outdir", "files"} as JSON instead of the summary
  -h, --help    this help
`;

async function main(argv: string[]): Promise<void> {
  const { values } = parseFlags(argv, { outdir: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (values.outdir !== undefined && values.outdir.trim() === "") throw new UsageError("--outdir needs a directory (see --help)");
  const outdir = resolve(values.outdir ?? join(REPO_ROOT, "dist"));
  const outputs = [...Object.keys(BUNDLE_ENTRIES).map((name) => `${name}.js`), "package.json"];
  const others = existingEntries(outdir).filter((name) => !outputs.includes(name));
  if (others.length > 0) {
    throw new UsageError(`${outdir} holds files that are not a build (${others.slice(0, 3).join(", ")}${others.length > 3 ? ", ..." : ""}): choose an empty directory or an earlier build`);
  }
  let files;
  try {
    files = await bundle({ outdir });
  } catch (error) {
    if (error instanceof BundleError) throw new Error(error.message);
    throw error;
  }
  mkdirSync(outdir, { recursive: true });
  for (const name of outputs) rmSync(join(outdir, name), { force: true });
  for (const file of files) writeFileSync(join(outdir, file.name), file.text);
  writeFileSync(join(outdir, "package.json"), DIST_PACKAGE_JSON);
  const names = [...files.map((f) => f.name), "package.json"].sort();
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ outdir, files: names })}\n`);
    return;
  }
  process.stdout.write(
    `built ${outdir}\n${Object.keys(BUNDLE_ENTRIES)
      .map((name) => `  ${name}.js  ${(Buffer.byteLength(files.find((f) => f.name === `${name}.js`)?.text ?? "") / 1e6).toFixed(1)} MB`)
      .join("\n")}\n`,
  );
}

/** The names in a directory; none when it does not exist yet. */
function existingEntries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return [];
    if (code === "ENOTDIR") throw new UsageError(`--outdir ${dir} is a file, not a directory`);
    throw error;
  }
}

runCli(main);
