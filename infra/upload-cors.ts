// Browser uploads: the portal hands out presigned UploadPart URLs and the browser PUTs each part
// straight to the bucket, so the bucket must answer CORS for the portal's origin (docs/files.md).
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";
import { uploadCorsRules } from "./upload-cors-rules";

export interface UploadCorsArgs {
  bucket: pulumi.Input<string>;
  /** The portal's origin, e.g. https://share-admin.example.com (or the deployed portal's address, known at `pulumi up`). */
  portalOrigin?: pulumi.Input<string>;
  /** The files host's origin, when file requests' upload pages send parts from there (docs/requests.md). */
  filesOrigin?: pulumi.Input<string>;
}

export class UploadCors extends pulumi.ComponentResource {
  constructor(name: string, args: UploadCorsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("signed-share:storage:UploadCors", name, {}, opts);
    // A component's dependsOn does not reach its children: the rule itself waits for what the component waits for.
    new aws.s3.BucketCorsConfiguration(name, { bucket: args.bucket, corsRules: uploadCorsRules(args.portalOrigin, args.filesOrigin) }, { parent: this, dependsOn: opts?.dependsOn ?? [] });
    this.registerOutputs({});
  }
}
