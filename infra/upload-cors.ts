// Browser uploads: the portal hands out presigned UploadPart URLs and the browser PUTs each part
// straight to the bucket, so the bucket must answer CORS for the portal's origin (docs/files.md).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface UploadCorsArgs {
  bucket: pulumi.Input<string>;
  /** The portal's origin, e.g. https://share-admin.example.com (or the deployed portal's address, known at `pulumi up`). */
  portalOrigin: pulumi.Input<string>;
}

/** PUT from the portal's origin only; ETag exposed, because completing a multipart upload needs each part's ETag. */
export function uploadCorsRules<Origin extends pulumi.Input<string>>(portalOrigin: Origin) {
  return [
    {
      id: "portal-uploads",
      allowedOrigins: [portalOrigin],
      allowedMethods: ["PUT"],
      allowedHeaders: ["content-type"],
      exposeHeaders: ["ETag"],
      maxAgeSeconds: 3600,
    },
  ];
}

export class UploadCors extends pulumi.ComponentResource {
  constructor(name: string, args: UploadCorsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("signed-share:storage:UploadCors", name, {}, opts);
    new aws.s3.BucketCorsConfiguration(name, { bucket: args.bucket, corsRules: uploadCorsRules(args.portalOrigin) }, { parent: this });
    this.registerOutputs({});
  }
}
