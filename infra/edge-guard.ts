// The revocation guard (docs/revocation.md): a KeyValueStore of revoked link ids and the viewer-request
// CloudFront Function that reads it. The function's code is the repository's one guard file, read at
// deploy time; the local edge runs the same file.
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { guardSourceWith } from "../lib/edge/guard/guard-settings";
import { refusalPageSettings, GUARD_PAGES } from "../lib/edge/guard/refusal-texts";
import { CATALOG } from "./expired-link-page";
import { edgeResourceName } from "./naming";

/** lib/edge/guard/viewer-request.js, from infra/ (the Pulumi CLI runs the program with infra/ as its directory). */
export const GUARD_FUNCTION_PATH = join(__dirname, "..", "lib", "edge", "guard", "viewer-request.js");

export interface EdgeGuardSettings {
  /** Whom to ask for a new link (stack setting supportContact, plain text); absent: the catalogs' words. */
  supportContact?: string | undefined;
  /** The organisation the refusal pages are from (stack setting organisationName, plain text). */
  organisationName?: string | undefined;
  /** Until then requests without a link id pass the guard (stack setting legacyLinksUntil). */
  legacyLinksUntil?: Date;
}

/**
 * The guard file with the stack's settings on their lines (lib/edge/guard/guard-settings.ts): the refusal
 * pages' words in every language of the catalogs with the organisation and contact filled in, HTML-escaped,
 * then as JavaScript literals; nothing else of the file changes.
 */
export function guardFunctionCode(settings: EdgeGuardSettings, source = readFileSync(GUARD_FUNCTION_PATH, "utf8")): string {
  return guardSourceWith(
    source,
    {
      ...refusalPageSettings(CATALOG, { organisation: settings.organisationName, contact: settings.supportContact }, GUARD_PAGES),
      withoutComments: true,
      ...(settings.legacyLinksUntil ? { legacyLinksUntil: settings.legacyLinksUntil } : {}),
    },
    GUARD_FUNCTION_PATH,
  );
}

export interface EdgeGuardArgs extends EdgeGuardSettings {
  /** Something no other stack has (the files bucket's name): it makes the account-global names unique. */
  uniqueName: pulumi.Input<string>;
}

export class EdgeGuard extends pulumi.ComponentResource {
  /** The store the portal and rotate-keys write revoked link ids to (stack output revocationStoreArn). */
  readonly storeArn: pulumi.Output<string>;
  /** Associate on every signed cache behaviour as a viewer-request function. */
  readonly functionArn: pulumi.Output<string>;

  constructor(name: string, args: EdgeGuardArgs, opts?: pulumi.ComponentResourceOptions) {
    super("signed-share:cdn:EdgeGuard", name, {}, opts);
    const parent = { parent: this };

    const stack = pulumi.getStack();
    const nameOf = (kind: "revoked-links" | "revocation-guard") => pulumi.output(args.uniqueName).apply((unique) => edgeResourceName(stack, unique, kind));
    // Both names are account-global and force a replacement when they change: each is set once, at
    // creation, and kept (a stack renamed later, or one created before this naming, keeps its names).
    const nameSetOnce = { parent: this, ignoreChanges: ["name"] };

    // Pulumi owns the store, never its keys: revocations are written by the portal and the tools, and a
    // `pulumi up` must not erase them (so no KeyvaluestoreKey/KeyvaluestoreKeysExclusive here). A new,
    // empty store would let every revoked link work again: Pulumi refuses to delete or replace it
    // (docs/deploy.md#the-revocation-list-is-protected says how to tear it down on purpose).
    const store = new aws.cloudfront.KeyValueStore(
      `${name}-revocations`,
      { name: nameOf("revoked-links"), comment: "signed-share: revoked link ids (value: the link's expiry)" },
      { ...nameSetOnce, protect: true },
    );

    const guard = new aws.cloudfront.Function(
      `${name}-viewer-request`,
      {
        name: nameOf("revocation-guard"),
        runtime: "cloudfront-js-2.0",
        comment: "signed-share: refuses URLs of revoked links (docs/revocation.md)",
        code: guardFunctionCode(args),
        publish: true,
        keyValueStoreAssociations: [store.arn],
      },
      nameSetOnce,
    );

    this.storeArn = store.arn;
    this.functionArn = guard.arn;
    this.registerOutputs({ storeArn: this.storeArn, functionArn: this.functionArn });
  }
}
