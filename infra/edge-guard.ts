// The revocation guard (docs/revocation.md): a KeyValueStore of revoked link ids and the viewer-request
// CloudFront Function that reads it. The function's code is the repository's one guard file, read at
// deploy time; the local edge runs the same file.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { escapeHtml } from "./expired-link-page";

/** lib/edge/guard/viewer-request.js, from infra/ (the Pulumi CLI runs the program with infra/ as its directory). */
export const GUARD_FUNCTION_PATH = join(__dirname, "..", "lib", "edge", "guard", "viewer-request.js");

const CONTACT_LINE = /^const SUPPORT_CONTACT = "[^"\n]*";$/m;

/**
 * The guard file with the stack's support contact on its one contact line (HTML-escaped, then as a
 * JavaScript string); nothing else of the file changes.
 */
export function guardFunctionCode(supportContact: string, source = readFileSync(GUARD_FUNCTION_PATH, "utf8")): string {
  if (!CONTACT_LINE.test(source)) throw new Error(`${GUARD_FUNCTION_PATH} has no line: const SUPPORT_CONTACT = "...";`);
  return source.replace(CONTACT_LINE, () => `const SUPPORT_CONTACT = ${JSON.stringify(escapeHtml(supportContact))};`);
}

export interface EdgeGuardArgs {
  supportContact: string;
}

export class EdgeGuard extends pulumi.ComponentResource {
  /** The store the portal and rotate-keys write revoked link ids to (stack output revocationStoreArn). */
  readonly storeArn: pulumi.Output<string>;
  /** Associate on every signed cache behaviour as a viewer-request function. */
  readonly functionArn: pulumi.Output<string>;

  constructor(name: string, args: EdgeGuardArgs, opts?: pulumi.ComponentResourceOptions) {
    super("signed-share:cdn:EdgeGuard", name, {}, opts);
    const parent = { parent: this };

    // Pulumi owns the store, never its keys: revocations are written by the portal and the tools, and a
    // `pulumi up` must not erase them (so no KeyvaluestoreKey/KeyvaluestoreKeysExclusive here).
    const store = new aws.cloudfront.KeyValueStore(
      `${name}-revocations`,
      { name: `signed-share-${pulumi.getStack()}-revoked-links`.slice(0, 64), comment: "signed-share: revoked link ids (value: the link's expiry)" },
      parent,
    );

    const guard = new aws.cloudfront.Function(
      `${name}-viewer-request`,
      {
        name: `signed-share-${pulumi.getStack()}-revocation-guard`.slice(0, 64),
        runtime: "cloudfront-js-2.0",
        comment: "signed-share: refuses URLs of revoked links (docs/revocation.md)",
        code: guardFunctionCode(args.supportContact),
        publish: true,
        keyValueStoreAssociations: [store.arn],
      },
      parent,
    );

    this.storeArn = store.arn;
    this.functionArn = guard.arn;
    this.registerOutputs({ storeArn: this.storeArn, functionArn: this.functionArn });
  }
}
