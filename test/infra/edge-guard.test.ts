// The revocation guard in the stack: a KeyValueStore, the function deployed from the repository's one
// guard file, and its association with the signed behaviours only.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import { GUARD_FUNCTION_FILE, loadGuard, viewerRequestEvent, guardResponseBody, type GuardResponse } from "../../lib/edge/guard/guard-runtime.js";
import { guardFunctionCode } from "../../infra/edge-guard.js";
import { edgeResourceName } from "../../infra/naming.js";
import { KVS_ARN, minimalConfig, runProgram, type ProgramRun, type Registered } from "./harness.js";

const CONTACT = `Ops <ops@example.com> & "Friends"`;

describe("the edge guard in the stack", () => {
  let run: ProgramRun;
  let fn: Registered;
  beforeAll(async () => {
    run = await runProgram({ ...minimalConfig(), supportContact: CONTACT, organisationName: "Acme & Co" });
    fn = run.one("aws:cloudfront/function:Function");
  });

  test("one KeyValueStore, and no resource that manages its keys (a pulumi up must not erase revocations)", () => {
    expect(run.ofType("aws:cloudfront/keyValueStore:KeyValueStore")).toHaveLength(1);
    expect(run.resources.filter((r) => /keyvaluestoreKey/i.test(r.type))).toEqual([]);
  });

  test("the function runs cloudfront-js-2.0, is published, and is associated with the store", () => {
    expect(fn.inputs).toMatchObject({ runtime: "cloudfront-js-2.0", publish: true, keyValueStoreAssociations: [KVS_ARN] });
    expect(fn.inputs.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  });

  test("its code is the guard file read at deploy time, with only the pages' words, contact and organisation set and the comments emptied", () => {
    const file = readFileSync(GUARD_FUNCTION_FILE, "utf8").split("\n");
    const deployed = String(fn.inputs.code).split("\n");
    expect(deployed).toHaveLength(file.length);
    const changed = deployed.flatMap((line, i) => (line === file[i] ? [] : [line.slice(0, 22)]));
    expect(changed.filter((line) => line !== "")).toEqual(['const PAGES = {"en":{"', 'const CONTACT = "Ops <', 'const ORGANISATION = "']);
    // Comment lines are emptied (CloudFront's 10 KB), nothing else.
    expect(file.filter((line, i) => line !== deployed[i] && deployed[i] === "").every((line) => line.trim().startsWith("//"))).toBe(true);
    expect(deployed).toContain(`const ORGANISATION = "Acme & Co";`);
    expect(deployed).toContain("const LEGACY_LINKS_UNTIL = 0;");
  });

  test("the deployed code answers in the viewer's language (Accept-Language), English where it names none we have", async () => {
    const guard = loadGuard({ exists: async () => true }, String(fn.inputs.code));
    const page = async (acceptLanguage?: string) =>
      guardResponseBody(
        (await guard(viewerRequestEvent({ method: "GET", rawUrl: "/acme/a.pdf?l=revokedRevokedRevoked1", ip: "192.0.2.1", headers: acceptLanguage ? { "Accept-Language": acceptLanguage } : {} }))) as GuardResponse,
      );
    expect(await page("de-CH,de;q=0.9,en;q=0.5")).toMatch(/^<!doctype html><html lang="de">[\s\S]*Dieser Link wurde zurückgezogen/);
    expect(await page("fr")).toContain("Ce lien a été retiré");
    expect(await page("es-419")).toContain("Este enlace se ha retirado");
    expect(await page("ja, zh;q=0.8")).toContain('<html lang="en">');
    expect(await page()).toContain("This link has been withdrawn");
    expect(await page("de")).toContain('<p class="org">Acme &#38; Co</p>');
  });

  test("the deployed code runs: a revoked id gets the 403 page naming the stack's contact, escaped", async () => {
    const guard = loadGuard({ exists: async (id) => id === "revokedRevokedRevoked1" }, String(fn.inputs.code));
    const event = viewerRequestEvent({ method: "GET", rawUrl: "/acme/a.pdf?l=revokedRevokedRevoked1", ip: "192.0.2.1" });
    const body = guardResponseBody((await guard(event)) as GuardResponse);
    expect(body).toContain("Ops &#60;ops@example.com&#62; &#38; &#34;Friends&#34;");
    expect(body).not.toContain("<ops@");
  });

  test("every signed behaviour runs the function as its viewer-request function; the unsigned error page does not", () => {
    const distribution = run.one("aws:cloudfront/distribution:Distribution").inputs;
    const behaviours = [distribution.defaultCacheBehavior, ...(distribution.orderedCacheBehaviors ?? [])] as {
      pathPattern?: string;
      trustedKeyGroups?: string[];
      functionAssociations?: { eventType: string; functionArn: string }[];
    }[];
    for (const behaviour of behaviours) {
      const signed = (behaviour.trustedKeyGroups ?? []).length > 0;
      expect(behaviour.functionAssociations ?? [], behaviour.pathPattern ?? "default").toEqual(
        signed ? [{ eventType: "viewer-request", functionArn: `arn:aws:cloudfront::123456789012:function/${fn.inputs.name}` }] : [],
      );
    }
    expect(behaviours.some((b) => !(b.trustedKeyGroups ?? []).length)).toBe(true);
  });

  test("a pages line is required: a guard file without one fails the deployment with a clear message", () => {
    expect(() => guardFunctionCode({ supportContact: "x" }, "async function handler(event) { return event.request; }")).toThrow(/has no line: const PAGES/);
  });
});

describe("the contact in the function's code (the cloudfront-js-2.0 runtime parses it)", () => {
  test("every character outside printable ASCII is a \\u escape: U+2028 and U+2029 would end an ES5 string literal", async () => {
    const contact = "Ops\u2028Team\u2029 <ops@exämple.com> 🙂 \u0000\u007f\u200f";
    const code = guardFunctionCode({ supportContact: contact });
    const line = code.split("\n").find((l) => l.startsWith("const CONTACT"))!;
    expect(line).toMatch(/^[\x20-\x7e]+$/);
    expect(line).toContain("\\u2028");
    expect(line).toContain("\\u2029");
    expect(code).not.toMatch(/[\u2028\u2029]/);
    const guard = loadGuard({ exists: async () => true }, code);
    const body = guardResponseBody((await guard(viewerRequestEvent({ method: "GET", rawUrl: "/a?l=revokedRevokedRevoked1", ip: "192.0.2.1" }))) as GuardResponse);
    expect(body).toContain("Ops\u2028Team\u2029 &#60;ops@exämple.com&#62; 🙂");
  });

  test("the longest contact and organisation, in the characters that grow most when escaped, keep the function under CloudFront's 10 KB", () => {
    for (const c of ["&", "\u2028", "<", "é", "🙂"]) {
      // The settings' limits count UTF-16 code units, as JavaScript does.
      const code = guardFunctionCode({ supportContact: c.repeat(300 / c.length), organisationName: c.repeat(100 / c.length) });
      expect(Buffer.byteLength(code)).toBeLessThan(10 * 1024);
    }
  });
});

describe("account-global names (infra/naming.ts)", () => {
  test("valid and at most 64 characters for any stack name; the stack is recognisable; another bucket gives another name", () => {
    for (const stack of ["dev", "prod.eu", "a".repeat(100), "org.team.prod_2"]) {
      for (const kind of ["revoked-links", "revocation-guard"] as const) {
        const name = edgeResourceName(stack, "files-0a1b2c3", kind);
        expect(name, stack).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
        expect(name.endsWith(`-${kind}`)).toBe(true);
        expect(edgeResourceName(stack, "files-9f8e7d6", kind)).not.toBe(name);
      }
    }
    expect(edgeResourceName("prod.eu", "files-0a1b2c3", "revoked-links")).toMatch(/^signed-share-prod-eu-[0-9a-f]{8}-revoked-links$/);
    // Two long stack names that differ only past the cut still differ.
    expect(edgeResourceName(`${"a".repeat(60)}x`, "b", "revoked-links")).not.toBe(edgeResourceName(`${"a".repeat(60)}y`, "b", "revoked-links"));
  });
});
