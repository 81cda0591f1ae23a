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
    run = await runProgram({ ...minimalConfig(), supportContact: CONTACT });
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

  test("its code is the guard file read at deploy time, with only the contact line changed", () => {
    const file = readFileSync(GUARD_FUNCTION_FILE, "utf8").split("\n");
    const deployed = String(fn.inputs.code).split("\n");
    expect(deployed).toHaveLength(file.length);
    const changed = deployed.flatMap((line, i) => (line === file[i] ? [] : [line]));
    expect(changed).toEqual([`const SUPPORT_CONTACT = "Ops &lt;ops@example.com&gt; &amp; &quot;Friends&quot;";`]);
    expect(deployed).toContain("const LEGACY_LINKS_UNTIL = 0;");
  });

  test("the deployed code runs: a revoked id gets the 403 page naming the stack's contact, escaped", async () => {
    const guard = loadGuard({ exists: async (id) => id === "revokedRevokedRevoked1" }, String(fn.inputs.code));
    const event = viewerRequestEvent({ method: "GET", rawUrl: "/acme/a.pdf?l=revokedRevokedRevoked1", ip: "192.0.2.1" });
    const body = guardResponseBody((await guard(event)) as GuardResponse);
    expect(body).toContain("Ops &lt;ops@example.com&gt; &amp; &quot;Friends&quot;");
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

  test("a contact line is required: a guard file without one fails the deployment with a clear message", () => {
    expect(() => guardFunctionCode({ supportContact: "x" }, "async function handler(event) { return event.request; }")).toThrow(/has no line: const SUPPORT_CONTACT/);
  });
});

describe("the contact in the function's code (the cloudfront-js-2.0 runtime parses it)", () => {
  test("every character outside printable ASCII is a \\u escape: U+2028 and U+2029 would end an ES5 string literal", async () => {
    const contact = "Ops\u2028Team\u2029 <ops@exämple.com> 🙂 \u0000\u007f\u200f";
    const code = guardFunctionCode({ supportContact: contact });
    const line = code.split("\n").find((l) => l.startsWith("const SUPPORT_CONTACT"))!;
    expect(line).toMatch(/^[\x20-\x7e]+$/);
    expect(line).toContain("\\u2028");
    expect(line).toContain("\\u2029");
    expect(code).not.toMatch(/[\u2028\u2029]/);
    const guard = loadGuard({ exists: async () => true }, code);
    const body = guardResponseBody((await guard(viewerRequestEvent({ method: "GET", rawUrl: "/a?l=revokedRevokedRevoked1", ip: "192.0.2.1" }))) as GuardResponse);
    expect(body).toContain("Ops\u2028Team\u2029 &lt;ops@exämple.com&gt; 🙂");
  });

  test("the longest contact, in the characters that grow most when escaped, keeps the function under CloudFront's 10 KB", () => {
    for (const c of ["&", "\u2028", "<"]) expect(Buffer.byteLength(guardFunctionCode({ supportContact: c.repeat(500) }))).toBeLessThan(10 * 1024);
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
