// Issue 21.1: in a policy Resource `?` matches any one character, so a folder link's
// `<folder>/*?l=<id>` also matched `?l=<made-up>&xl=<revoked>&Policy=…`, while the edge guard read only
// the made-up `l`: a revoked folder link could be revived by whoever held it. The property, over
// generated paths, parameters and orders for per-file, folder and folder-selection links:
//   the project's CloudFront matcher (lib/signing/verify.ts) allows the URL
//   ∧ the guard function file passes it
//   ⇒ the `l` the guard read is the id the policy was signed for.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { guardedLinkId } from "../../lib/edge/guard/query-rule.js";
import { isGuardResponse, loadGuard, viewerRequestEvent } from "../../lib/edge/guard/guard-runtime.js";
import { folderResourceFor, withLinkId } from "../../lib/links/link-id-param.js";
import { signingQuery, type SigningKey, type SignOptions } from "../../lib/signing/signer.js";
import { verifySignedUrl, type Verdict } from "../../lib/signing/verify.js";
import { ecSigningKey, rsaSigningKey, trustedPublicKeys } from "../support/vectors.js";

const ORIGIN = "https://files.example.com";
const NOW = new Date("2030-01-01T00:00:00Z");
const context = { trustedKey: (id: string) => trustedPublicKeys.get(id), now: NOW, viewerIp: "192.0.2.10" };
const expiry: SignOptions = { dateLessThan: new Date("2030-02-01T00:00:00Z") };

const id = (seed: string) => seed.padEnd(22, "0");
const PER_FILE = id("perFileLink");
const PER_FILE_CUSTOM = id("perFileCustom-");
const FOLDER = id("folderLink_");
const SELECTION = id("selectionLink");
const REVOKED = id("revokedFolder");
const MADE_UP = id("madeUpByTheHolder");

/** A link as the publisher signs it (lib/publishing/publisher.ts): its id and the signing parameters its URLs carry. */
interface SignedLink {
  id: string;
  signing: [name: string, value: string][];
}

function signed(linkId: string, url: string, key: SigningKey, options: SignOptions): SignedLink {
  const query = signingQuery(url, key, options);
  return { id: linkId, signing: query.split("&").map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)] as [string, string]) };
}

const LINKS: SignedLink[] = [
  // Per-file: a canned policy over the exact URL, `l` included.
  signed(PER_FILE, withLinkId(`${ORIGIN}/acme/report.pdf`, PER_FILE), rsaSigningKey, expiry),
  // Per-file with a start time: a custom policy, still the exact URL.
  signed(PER_FILE_CUSTOM, withLinkId(`${ORIGIN}/acme/exports/q1.csv`, PER_FILE_CUSTOM), ecSigningKey, { ...expiry, dateGreaterThan: new Date("2029-12-01T00:00:00Z"), hashAlgorithm: "SHA256" }),
  // Folder: one wildcard policy for the client folder, its page included.
  signed(FOLDER, `${ORIGIN}/acme/`, rsaSigningKey, { ...expiry, resource: folderResourceFor(`${ORIGIN}/acme/`, FOLDER) }),
  // Folder selection: a wildcard per chosen sub-folder.
  signed(SELECTION, `${ORIGIN}/acme/exports/`, ecSigningKey, { ...expiry, resource: folderResourceFor(`${ORIGIN}/acme/exports/`, SELECTION), hashAlgorithm: "SHA256" }),
  // The victim: a folder link its holder wants back after it was revoked.
  signed(REVOKED, `${ORIGIN}/acme/`, rsaSigningKey, { ...expiry, ipAddress: "192.0.2.0/24", resource: folderResourceFor(`${ORIGIN}/acme/`, REVOKED) }),
];
const IDS = [PER_FILE, PER_FILE_CUSTOM, FOLDER, SELECTION, REVOKED, MADE_UP];

const PATHS = [
  "/acme/report.pdf",
  "/acme/exports/q1.csv",
  "/acme/exports/deep/a%20b.txt",
  `/acme/_links/${FOLDER}.html`,
  `/acme/_links/${REVOKED}.html`,
  "/acme/l=x",
  "/acme/",
  "/globex/report.pdf",
];

/** Characters that matter to the matcher and to query parsing, plus a few ordinary ones. */
const odd = fc.string({ unit: fc.constantFrom("=", "&", "?", "%", "l", "L", ";", "*", "x", "_", "-", "~", "A", "0", "3", "D", "6", "C"), maxLength: 8 });

/** One extra query piece a link holder might add: decoy ids, names ending in `l`, signing names again, noise. */
const piece: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...IDS).map((value) => `l=${value}`),
  fc.tuple(fc.constantFrom("x", "X", "_", "-", "l", "ll", "%26", ";", "0", "Policy", "Signature", "Hash-Algorithm", "Key-Pair-Id", "Expires"), fc.constantFrom(...IDS)).map(([head, value]) => `${head}l=${value}`),
  fc.tuple(fc.constantFrom("l", "L", "xl", "%6C", "l%20", "Policy", "Signature", "Expires", "Key-Pair-Id", "Hash-Algorithm", "utm_source", ""), fc.oneof(fc.constantFrom(...IDS), fc.constantFrom(...IDS).map((v) => `xl=${v}`), odd)).map(([name, value]) => `${name}=${value}`),
  fc.tuple(fc.constantFrom("Policy", "Signature", "Key-Pair-Id", "Expires", "Hash-Algorithm"), fc.constantFrom(...LINKS)).map(([name, link]) => link.signing.filter(([n]) => n === name).map(([n, v]) => `${n}=${v}`)[0] ?? `${name}=SHA1`),
  odd,
);

/** A request: one link's signing parameters (usually all), usually its own `l`, extra pieces, any order. */
const request = fc
  .record({
    link: fc.constantFrom(...LINKS),
    path: fc.constantFrom(...PATHS),
    keepAllSigning: fc.boolean(),
    ownL: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    extras: fc.oneof({ weight: 1, arbitrary: fc.constant([] as string[]) }, { weight: 3, arbitrary: fc.array(piece, { minLength: 1, maxLength: 4 }) }),
    dropSigning: fc.nat(4),
  })
  .chain(({ link, path, keepAllSigning, ownL, extras, dropSigning }) => {
    const signing = link.signing.map(([n, v]) => `${n}=${v}`).filter((_, i) => keepAllSigning || i !== dropSigning);
    const pieces = [...(ownL ? [`l=${link.id}`] : []), ...signing, ...extras];
    return fc.shuffledSubarray(pieces, { minLength: pieces.length, maxLength: pieces.length }).map((ordered) => ({ path, query: ordered.join("&") }));
  });

/** The id the policy was signed for: every Resource the product signs ends in `l=<id>`. */
function signedLinkId(verdict: Verdict & { allow: true }): string {
  const match = /[?&*]l=([A-Za-z0-9_-]{22,128})$/.exec(verdict.policy.resource);
  if (!match) throw new Error(`a policy resource without l: ${verdict.policy.resource}`);
  return match[1]!;
}

describe("the edge serves exactly the link it signed", () => {
  // The guard function file itself, with an empty revocation list: passing means it returned the request.
  const guard = loadGuard({ exists: async () => false });

  it("signature valid ∧ guard passes ⇒ the l the guard read is the id the policy was signed for (10,000 generated requests)", async () => {
    const seen = { valid: 0, servedByBoth: 0, validButRefused: 0, decoyRefused: 0 };
    await fc.assert(
      fc.asyncProperty(request, async ({ path, query }) => {
        const rawUrl = query ? `${path}?${query}` : path;
        const verdict = verifySignedUrl(`${ORIGIN}${rawUrl}`, context);
        const event = viewerRequestEvent({ method: "GET", rawUrl, ip: context.viewerIp });
        const passed = !isGuardResponse(await guard(event));
        if (!verdict.allow) return;
        seen.valid++;
        if (!passed) {
          seen.validButRefused++;
          if (event.request.querystring.l?.value !== signedLinkId(verdict)) seen.decoyRefused++;
          return;
        }
        seen.servedByBoth++;
        expect(event.request.querystring.l?.value).toBe(signedLinkId(verdict));
        // Attribution reads the same id with the same rule.
        expect(guardedLinkId(query)).toBe(signedLinkId(verdict));
      }),
      { numRuns: 10_000 },
    );
    // Not vacuous: many signature-valid requests, both served ones and forged ones the guard refused.
    expect(seen.servedByBoth).toBeGreaterThan(500);
    expect(seen.decoyRefused).toBeGreaterThan(50);
  }, 120_000);

  it("the issue's form: ?l=<made-up>&xl=<revoked>&<its signing parameters> is signature-valid, and the guard refuses it", async () => {
    const revoked = LINKS.find((link) => link.id === REVOKED)!;
    const rawUrl = `/acme/report.pdf?l=${MADE_UP}&xl=${REVOKED}&${revoked.signing.map(([n, v]) => `${n}=${v}`).join("&")}`;
    expect(verifySignedUrl(`${ORIGIN}${rawUrl}`, context)).toMatchObject({ allow: true });
    expect(isGuardResponse(await guard(viewerRequestEvent({ method: "GET", rawUrl, ip: context.viewerIp })))).toBe(true);
    expect(guardedLinkId(rawUrl.slice(rawUrl.indexOf("?") + 1))).toBeNull();
  });
});
