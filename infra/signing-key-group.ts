// The CloudFront key group that every signed behaviour trusts, seeded with the bootstrap public key.
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";

export interface SigningKeyGroupArgs {
  /** SPKI PEM from `npm run keys:init`. */
  bootstrapPublicKeyPem: string;
}

export class SigningKeyGroup extends pulumi.ComponentResource {
  readonly keyGroupId: pulumi.Output<string>;
  readonly bootstrapPublicKeyId: pulumi.Output<string>;

  constructor(name: string, args: SigningKeyGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("signed-share:signing:SigningKeyGroup", name, {}, opts);

    // The first public key, so the distribution accepts links before the first rotation. It is fixed once
    // deployed (keys:init refuses a deployed stack; rotate-keys changes keys): a changed signingPublicKey would
    // replace it without adding the new key to the group (its members are ignored below), and deleting the old
    // one fails with PublicKeyInUse while the group holds it. So Pulumi never deletes it: a replacement or
    // `pulumi destroy` only forgets it, and rotate-keys deletes it once no group uses it.
    const bootstrapKey = new aws.cloudfront.PublicKey(
      `${name}-bootstrap-key`,
      { encodedKey: args.bootstrapPublicKeyPem, comment: "signed-share bootstrap key (npm run keys:init)" },
      { parent: this, retainOnDelete: true },
    );

    // The group's membership belongs to the rotation tool (docs/architecture.md#keys-and-rotation): Pulumi sets it once and
    // then ignores it, so `pulumi up` never puts a revoked key back or drops the active one.
    const keyGroup = new aws.cloudfront.KeyGroup(
      name,
      { items: [bootstrapKey.id], comment: "Keys trusted to sign signed-share links; members managed by rotate-keys" },
      { parent: this, ignoreChanges: ["items"] },
    );

    this.keyGroupId = keyGroup.id;
    this.bootstrapPublicKeyId = bootstrapKey.id;
    this.registerOutputs({ keyGroupId: this.keyGroupId, bootstrapPublicKeyId: this.bootstrapPublicKeyId });
  }
}
