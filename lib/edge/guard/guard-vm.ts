// Evaluates the guard function file (lib/edge/guard/viewer-request.js) the way CloudFront Functions
// runs it, as far as node:vm can. No relative imports: the Pulumi program loads this file too, to render
// the custom error page from the guard's one page template (infra/expired-link-page.ts).
import { createContext, Script } from "node:vm";
import type { RefusalPageName } from "./refusal-texts.js";

export type { RefusalPageName };

/** A query string parameter as CloudFront Functions passes it: `value`, plus `multiValue` when repeated. */
export interface QueryValue {
  value: string;
  multiValue?: { value: string }[];
}

/** What the guard file defines and the product uses: its handler, its query rule and its page template. */
export interface GuardFile {
  handler(event: unknown): unknown;
  /** The link id of a query the rule allows, "" when it allows it but has no `l`, null when it refuses it. */
  linkIdOf(querystring: Record<string, QueryValue>): string | null;
  /** One of the edge's generated pages in `languages` (the first as the page, the others below it). */
  refusalPage(name: RefusalPageName, languages: readonly string[]): string;
  /** The language of the guard's pages for a request's headers (Accept-Language). */
  languageOf(headers: Record<string, QueryValue> | undefined): string;
}

const IMPORT_LINE = /^import cf from 'cloudfront';$/m;

/**
 * Runs the file in its own context with no require, timers, process or network, `cloudfront` provided
 * as a module whose `kvs()` is `kvs`. The file's one import line becomes a binding to that module (same
 * line count, so stack traces point at the file's lines); nothing else of the source changes. `now` is
 * the clock its Date.now() reads (default: the real one).
 */
export function evaluateGuard(source: string, kvs: { exists(key: string): Promise<boolean> }, options: { filename?: string; now?: () => Date } = {}): GuardFile {
  if (!IMPORT_LINE.test(source)) throw new Error(`the guard function must import the cloudfront module as: import cf from 'cloudfront';`);
  const defined = (name: string) => `${name}: typeof ${name} === "function" ? ${name} : undefined`;
  const script = new Script(`${source.replace(IMPORT_LINE, "const cf = __cloudfront;")}\n;({ ${["handler", "linkIdOf", "refusalPage", "languageOf"].map(defined).join(", ")} })`, {
    filename: options.filename ?? "viewer-request.js",
  });
  const cloudfront = Object.freeze({ kvs: () => Object.freeze({ exists: (key: string) => kvs.exists(String(key)) }) });
  const context = createContext({ __cloudfront: cloudfront, console: { log: () => undefined } }, { codeGeneration: { strings: false, wasm: false } });
  // The function's Date.now() is the edge's clock (the local edge's, or a test's); CloudFront's is real time.
  const now = options.now;
  if (now) new Script("(now) => { Date.now = () => now(); }").runInContext(context)((() => now().getTime()) as unknown);
  const file = script.runInContext(context, { timeout: 1000 }) as Partial<GuardFile>;
  if (typeof file.handler !== "function") throw new Error("the guard function file defines no handler(event) function");
  return file as GuardFile;
}

/** A store for evaluations that never look up a link id (the query rule, the pages). */
export const NO_STORE = { exists: (): Promise<boolean> => Promise.reject(new Error("this evaluation of the guard reads no revocation list")) };
