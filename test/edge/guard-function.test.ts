import { parse, type Node } from "acorn";
import { readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { guardFunctionCode } from "../../infra/edge-guard.js";
import { SIGNING_PARAMS } from "../../lib/signing/verify.js";
import {
  GUARD_FUNCTION_FILE,
  guardResponseBody,
  isGuardResponse,
  loadGuard,
  viewerRequestEvent,
  type GuardResponse,
  type GuardStore,
  type ViewerRequestEvent,
} from "../../lib/edge/guard/guard-runtime.js";

// The exact file infra/edge-guard.ts deploys, run with CloudFront viewer-request events against a KVS shim.
const REVOKED = "revokedRevokedRevoked1";
const LIVE = "liveLiveLiveLiveLive_-";
const store = (revoked: string[]): GuardStore & { asked: string[] } => {
  const asked: string[] = [];
  return { asked, exists: async (key) => (asked.push(key), revoked.includes(key)) };
};
const event = (query: string): ViewerRequestEvent =>
  viewerRequestEvent({ method: "GET", rawUrl: `/acme/report.pdf${query}`, headers: { host: "files.example.com" }, ip: "192.0.2.1" });

async function run(query: string, kvs: GuardStore = store([REVOKED])) {
  const input = event(query);
  const before = structuredClone(input.request);
  const result = await loadGuard(kvs)(input);
  return { input, before, result };
}

function refused(result: unknown): GuardResponse {
  expect(isGuardResponse(result as GuardResponse)).toBe(true);
  return result as GuardResponse;
}

describe("the edge guard function (lib/edge/guard/viewer-request.js)", () => {
  it("returns the request unchanged, the same object, for a link id that is not revoked", async () => {
    const kvs = store([REVOKED]);
    const { input, before, result } = await run(`?l=${LIVE}&Expires=1&Signature=x&Key-Pair-Id=K`, kvs);
    expect(result).toBe(input.request);
    expect(result).toEqual(before);
    expect(kvs.asked).toEqual([LIVE]);
  });

  it("refuses a revoked link with its own 403 page that says it was withdrawn and whom to ask", async () => {
    const response = refused((await run(`?l=${REVOKED}&Policy=p&Signature=s&Key-Pair-Id=K`)).result);
    expect(response.statusCode).toBe(403);
    expect(response.headers?.["content-type"]?.value).toBe("text/html; charset=utf-8");
    expect(response.headers?.["cache-control"]?.value).toBe("no-store");
    const body = guardResponseBody(response);
    expect(body).toContain("This link has been withdrawn");
    expect(body).toContain("the person who sent you the link");
    expect(body).toContain('<meta name="referrer" content="no-referrer">');
  });

  it.each([
    ["no query at all", ""],
    ["signing parameters but no l", "?Policy=p&Signature=s&Key-Pair-Id=K"],
    ["an empty l", "?l=&Expires=1"],
    ["l without a value", "?l&Expires=1"],
    ["L in capitals", `?L=${LIVE}`],
    ["a short id", "?l=abc"],
    ["an id with a dot", `?l=${LIVE.slice(0, 21)}.`],
    ["a percent-encoded id", `?l=${LIVE.slice(0, 20)}%2D%2D`],
    ["an id of 129 characters", `?l=${"a".repeat(129)}`],
    ["an id with a newline", `?l=${LIVE}%0A`],
  ])("refuses %s without asking the store", async (_name, query) => {
    const kvs = store([]);
    const response = refused((await run(query, kvs)).result);
    expect(response.statusCode).toBe(403);
    expect(guardResponseBody(response)).toContain("This link is not complete");
    expect(kvs.asked).toEqual([]);
  });

  it.each([
    ["two live ids", `?l=${LIVE}&l=${LIVE}`],
    ["a live id before a revoked one", `?l=${LIVE}&l=${REVOKED}`],
    ["a revoked id before a live one", `?l=${REVOKED}&l=${LIVE}`],
  ])("refuses a repeated l (%s): the product never signs one", async (_name, query) => {
    const { result, input } = await run(query);
    expect(input.request.querystring.l?.multiValue).toHaveLength(2);
    expect(refused(result).statusCode).toBe(403);
  });

  it("is not confused by query parameters named like object properties: each is a parameter it refuses", async () => {
    for (const query of ["?__proto__=x", "?constructor=x&toString=y", `?__proto__=x&l=${LIVE}`, `?l=${LIVE}&hasOwnProperty=1`, `?l=${LIVE}&valueOf`]) {
      const kvs = store([]);
      const { result } = await run(query, kvs);
      expect(refused(result).statusCode, query).toBe(403);
      expect(kvs.asked, query).toEqual([]);
    }
  });

  // docs/revocation.md, "Exactly one l": a folder link's Resource `<folder>/*?l=<id>` matches any query
  // that ends in `<one character>l=<id>`, so only `l` and the signing parameters may be present.
  it.each([
    ["a decoy l before a parameter ending in l", `?l=${LIVE}&xl=${REVOKED}&Policy=p&Signature=s&Key-Pair-Id=K`],
    ["any other parameter", `?l=${LIVE}&utm_source=mail&Expires=1&Signature=s&Key-Pair-Id=K`],
    ["a parameter without a value", `?l=${LIVE}&download&Expires=1`],
    ["a parameter with an empty name", `?l=${LIVE}&=x&Expires=1`],
    ["a percent-encoded name", `?%6C=${LIVE}&Expires=1`],
    ["a signing parameter in other case", `?l=${LIVE}&policy=p&Signature=s`],
    ["a repeated signing parameter", `?l=${LIVE}&Signature=s&Signature=t&Key-Pair-Id=K`],
    ["a signing parameter holding =", `?l=${LIVE}&Hash-Algorithm=xl=${REVOKED}&Policy=p`],
    ["a Policy holding =", `?l=${LIVE}&Policy=x=l=${REVOKED}&Signature=s`],
    ["Expires that is not a number", `?l=${LIVE}&Expires=1x&Signature=s`],
    ["an unknown Hash-Algorithm", `?l=${LIVE}&Hash-Algorithm=MD5&Signature=s`],
  ])("refuses a query with %s as not complete, without asking the store", async (_name, query) => {
    const kvs = store([]);
    const response = refused((await run(query, kvs)).result);
    expect(response.statusCode).toBe(403);
    expect(guardResponseBody(response)).toContain("This link is not complete");
    expect(kvs.asked).toEqual([]);
  });

  it("allows exactly the signing parameters the project's CloudFront matcher reads (lib/signing/verify.ts)", () => {
    const block = /const SIGNING_PARAMS = \{\n([\s\S]*?)\n\};/.exec(readFileSync(GUARD_FUNCTION_FILE, "utf8"))![1]!;
    expect([...block.matchAll(/'([^']+)':/g)].map((m) => m[1]).sort()).toEqual([...SIGNING_PARAMS].sort());
  });

  it.each([
    ["a canned policy", `?l=${LIVE}&Expires=2000000000&Signature=abc~def-_&Key-Pair-Id=K2JCJMDEHXQW5F`],
    ["a custom policy with SHA-256", `?l=${LIVE}&Policy=eyJTdGF0ZW1lbnQiOlt7fV19&Signature=a-b_c~&Key-Pair-Id=KLABC&Hash-Algorithm=SHA256`],
    ["percent-encoded signing values", `?l=${LIVE}&Policy=eyJ9%7E&Signature=ab%7E&Key-Pair-Id=K`],
    ["the parameters in another order", `?Key-Pair-Id=K&Signature=s&l=${LIVE}&Expires=1`],
  ])("passes %s: exactly one l and only signing parameters", async (_name, query) => {
    const { input, result } = await run(query, store([]));
    expect(result).toBe(input.request);
  });

  it("fails closed with a 503 when the store cannot be read", async () => {
    const response = refused((await run(`?l=${LIVE}`, { exists: () => Promise.reject(new Error("KVS unavailable")) })).result);
    expect(response.statusCode).toBe(503);
    expect(guardResponseBody(response)).toContain("try again");
  });

  it("runs with nothing of Node in reach: no require, process, timers or code generation", async () => {
    const probe = readFileSync(GUARD_FUNCTION_FILE, "utf8").replace(
      "async function handler(event) {",
      "async function handler(event) {\n  return [typeof require, typeof process, typeof setTimeout, typeof fetch, typeof Buffer].join();\n}\nasync function unused(event) {",
    );
    await expect(loadGuard(store([]), probe)(event(""))).resolves.toBe("undefined,undefined,undefined,undefined,undefined");
  });
});

// What the cloudfront-js-2.0 runtime accepts (docs: "JavaScript runtime 2.0 features for CloudFront
// Functions"): ES 5.1 plus const/let, async/await inside async functions (no async closures), arrow
// functions, template literals, rest parameters; the `cloudfront` module; no dynamic code, timers,
// network or file system. Parsed as ES2017 (nothing newer), then a list of what the runtime lacks.
const FORBIDDEN_NODES: Record<string, string> = {
  ClassDeclaration: "classes",
  ClassExpression: "classes",
  YieldExpression: "generators",
  ForOfStatement: "for-of",
  ObjectPattern: "destructuring",
  ArrayPattern: "destructuring",
  SpreadElement: "spread",
  TaggedTemplateExpression: "tagged templates",
  WithStatement: "with",
  ExportNamedDeclaration: "exports",
  ExportDefaultDeclaration: "exports",
  ExportAllDeclaration: "exports",
  ImportExpression: "dynamic import",
  MetaProperty: "new.target / import.meta",
};
const FORBIDDEN_NAMES = new Set(["eval", "Function", "require", "process", "setTimeout", "setInterval", "setImmediate", "fetch", "XMLHttpRequest", "globalThis", "Promise"]);
const FORBIDDEN_MEMBERS = new Set(["then", "catch", "finally"]);

function violations(source: string): string[] {
  const found: string[] = [];
  const ast = parse(source, { ecmaVersion: 2017, sourceType: "module", locations: true });
  const visit = (node: Node & Record<string, unknown>, parent?: Node) => {
    const at = `line ${(node as Node & { loc: { start: { line: number } } }).loc.start.line}`;
    if (FORBIDDEN_NODES[node.type]) found.push(`${FORBIDDEN_NODES[node.type]} at ${at}`);
    if ((node.type === "FunctionDeclaration" || node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression") && node.generator) found.push(`generator at ${at}`);
    if ((node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression") && node.async) found.push(`async closure at ${at}`);
    if (node.type === "FunctionDeclaration" && node.async && parent?.type !== "Program") found.push(`nested async function at ${at}`);
    if (node.type === "Identifier" && FORBIDDEN_NAMES.has(node.name as string)) found.push(`${node.name as string} at ${at}`);
    if (node.type === "MemberExpression" && !node.computed && FORBIDDEN_MEMBERS.has((node.property as { name?: string }).name ?? "")) found.push(`promise chaining (.${(node.property as { name: string }).name}) at ${at}`);
    if (node.type === "ImportDeclaration" && (node.source as { value: string }).value !== "cloudfront") found.push(`import of ${(node.source as { value: string }).value} at ${at}`);
    for (const value of Object.values(node)) {
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === "object" && typeof (child as Node).type === "string") visit(child as Node & Record<string, unknown>, node);
      }
    }
  };
  visit(ast as unknown as Node & Record<string, unknown>);
  const handler = ast.body.find((node) => node.type === "FunctionDeclaration" && (node as { id?: { name: string } }).id?.name === "handler");
  if (!handler) found.push("no top-level function handler(event)");
  return found;
}

describe("the guard function's language: what cloudfront-js-2.0 runs", () => {
  const source = readFileSync(GUARD_FUNCTION_FILE, "utf8");

  it("parses as ES2017 and uses nothing the runtime lacks", () => {
    expect(violations(source)).toEqual([]);
  });

  it("stays under the 10 KB function size quota as deployed, every language in, even with the longest contact and organisation", () => {
    expect(statSync(GUARD_FUNCTION_FILE).size).toBeLessThan(10 * 1024);
    for (const c of ["&", "\u2028", "🙂"]) {
      const code = guardFunctionCode({ supportContact: c.repeat(300 / c.length), organisationName: c.repeat(100 / c.length), legacyLinksUntil: new Date("2030-01-01T00:00:00Z") });
      expect(Buffer.byteLength(code)).toBeLessThan(10 * 1024);
    }
  });

  it.each([
    ["class A {}", /classes/],
    ["function* g() {}", /generator/],
    ["const { a } = {};", /destructuring/],
    ["for (const x of []) {}", /for-of/],
    ["const f = async () => 1;", /async closure/],
    ["eval('1');", /eval/],
    ["Promise.all([]);", /Promise/],
    ["export default 1;", /exports/],
    ["import fs from 'fs';", /import of fs/],
    ["x.then(() => 1);", /promise chaining/],
  ])("the check catches %s", (snippet, message) => {
    expect(violations(`${snippet}\nasync function handler(event) { return event.request; }`).join("\n")).toMatch(message);
  });

  it.each(["a?.b;", "a ?? b;", "const o = { ...a };", "await 1;"])("the ES2017 parser refuses %s", (snippet) => {
    expect(() => violations(snippet)).toThrow(SyntaxError);
  });
});
