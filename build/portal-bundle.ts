// The production bundle of the portal and the tools (esbuild): `npm run build` writes it to dist/, and the
// Pulumi program builds the Lambda part of it at `pulumi up`, so no separate build step can be forgotten.
// The Pulumi CLI's ts-node compiles it from infra/ (rootDir is the repository root, see
// infra/tsconfig.json); like infra/, it imports nothing else of the repository.
// esbuild is a dev dependency, loaded only when a bundle is built (`portal: true`, `npm run build`): a
// stack without the portal runs without it (docs/production-portal.md).
import type * as esbuild from "esbuild";
import { readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";

/** The repository root: every entry and the output names are relative to it. */
export const REPO_ROOT = resolve(__dirname, "..");

/** Output name (without .js) → entry file. The signing worker is its own file: the pool starts it by path. */
export const BUNDLE_ENTRIES = {
  portal: "portal/main.ts",
  cli: "tools/signed-share.ts",
  lambda: "portal/lambda.ts",
  "signing-worker": "lib/signing/signing-worker.ts",
} as const;

export type BundleEntry = keyof typeof BUNDLE_ENTRIES;

/** What the Lambda function needs: the handler and the worker the signing pool starts next to it. */
export const LAMBDA_ENTRIES: readonly BundleEntry[] = ["lambda", "signing-worker"];

/** Commands that need the checkout's dev dependencies; the bundled cli.js says so instead of failing halfway. */
export const CHECKOUT_ONLY_COMMANDS = ["bench", "build"];

/** dist/package.json: the bundles are CommonJS whatever package.json sits above the copy. */
export const DIST_PACKAGE_JSON = `${JSON.stringify({ private: true, type: "commonjs" }, null, 2)}\n`;

export class BundleError extends Error {
  override readonly name = "BundleError";
}

/** The files of portal/static (style sheet, scripts) embedded in the bundle, which then needs no files beside it. */
function embeddedStaticFiles(root: string): esbuild.Plugin {
  const staticDir = join(root, "portal", "static");
  return {
    name: "embed-portal-static-files",
    setup(build) {
      build.onLoad({ filter: /[\\/]portal[\\/]static[\\/]asset-text\.ts$/ }, () => {
        const texts: Record<string, string> = {};
        for (const file of readdirSync(staticDir).sort()) {
          if (!file.endsWith(".ts")) texts[file] = readFileSync(join(staticDir, file), "utf8");
        }
        return {
          loader: "js",
          contents:
            `const texts = ${JSON.stringify(texts)};\n` +
            `exports.assetText = (file) => { if (!Object.hasOwn(texts, file)) throw new Error("no static file " + file + " in the bundle"); return texts[file]; };\n`,
          watchFiles: Object.keys(texts).map((file) => join(staticDir, file)),
        };
      });
    },
  };
}

/** The edge guard function's source (lib/edge/guard/viewer-request.js), embedded for the local edge of `cli.js start` and `cli.js edge`. */
function embeddedGuardFunction(root: string): esbuild.Plugin {
  const file = join(root, "lib", "edge", "guard", "viewer-request.js");
  return {
    name: "embed-edge-guard-function",
    setup(build) {
      build.onLoad({ filter: /[\\/]lib[\\/]edge[\\/]guard[\\/]guard-source\.ts$/ }, () => ({
        loader: "js",
        contents:
          `exports.GUARD_FUNCTION_FILE = "viewer-request.js";\n` +
          `const source = ${JSON.stringify(readFileSync(file, "utf8"))};\n` +
          `exports.guardFunctionSource = () => source;\n`,
        watchFiles: [file],
      }));
    },
  };
}

/** Replaces a checkout-only command of the dispatcher with a message and exit code 2. */
function checkoutOnlyCommands(): esbuild.Plugin {
  const filter = new RegExp(`^\\./(${CHECKOUT_ONLY_COMMANDS.join("|")})\\.js$`);
  return {
    name: "checkout-only-commands",
    setup(build) {
      build.onResolve({ filter }, (args) =>
        /[\\/]tools[\\/]signed-share\.ts$/.test(args.importer) ? { path: args.path, namespace: "checkout-only" } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: "checkout-only" }, (args) => {
        const command = args.path.replace(/^\.\/|\.js$/g, "");
        const message = `error: \`${command}\` runs from a checkout of the repository with its dev dependencies (npx signed-share ${command}); this build leaves it out\n`;
        return { loader: "js", contents: `process.stderr.write(${JSON.stringify(message)});\nprocess.exitCode = 2;\n` };
      });
    },
  };
}

export interface BundleOptions {
  /** Which outputs to build (default: all). */
  entries?: readonly BundleEntry[];
  /** Write into this directory; without it the files are returned in memory only. */
  outdir?: string;
  /** Repository root (default: the one holding this file). */
  root?: string;
}

/** One bundled file: its name in the output directory and its text. */
export interface BundledFile {
  name: string;
  text: string;
}

/**
 * Bundles the entries with every runtime dependency inlined, for plain `node` (no tsx, no node_modules).
 * Fails when a bundle would need a dev dependency at run time. Deterministic: the same sources give the
 * same bytes, so an unchanged portal is no change at `pulumi up`.
 */
export async function bundle(options: BundleOptions = {}): Promise<BundledFile[]> {
  const root = options.root ?? REPO_ROOT;
  const entries = options.entries ?? (Object.keys(BUNDLE_ENTRIES) as BundleEntry[]);
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { devDependencies?: Record<string, string> };
  const devDependencies = Object.keys(pkg.devDependencies ?? {});
  const { build } = await import("esbuild");
  let result: esbuild.BuildResult<{ metafile: true; write: false }>;
  try {
    result = await build({
      absWorkingDir: root,
      entryPoints: Object.fromEntries(entries.map((name) => [name, BUNDLE_ENTRIES[name]])),
      outdir: options.outdir ?? join(root, "dist"),
      write: false,
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      tsconfig: join(root, "tsconfig.json"),
      // Left as imports, so that the check below can name the module that reached for one.
      external: devDependencies,
      plugins: [embeddedStaticFiles(root), embeddedGuardFunction(root), checkoutOnlyCommands()],
      metafile: true,
      // Licence notices of the bundled packages travel with the code.
      legalComments: "eof",
      logLevel: "silent",
      charset: "utf8",
    });
  } catch (error) {
    throw new BundleError(`esbuild could not bundle the portal: ${(error as Error).message}`);
  }
  const devImports = Object.entries(result.metafile.inputs).flatMap(([input, meta]) =>
    // require.resolve() loads nothing (the signing pool names tsx only when it runs TypeScript sources).
    meta.imports.filter((i) => i.external && i.kind !== "require-resolve" && devDependencies.some((dev) => i.path === dev || i.path.startsWith(`${dev}/`))).map((i) => `${input} imports ${i.path}`),
  );
  if (devImports.length > 0) {
    throw new BundleError(`the bundle would need dev dependencies at run time (move them to dependencies, or keep the module out of the bundle):\n  ${devImports.join("\n  ")}`);
  }
  return result.outputFiles.map((file) => ({ name: basename(file.path), text: file.text }));
}
