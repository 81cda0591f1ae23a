import { randomUUID } from "node:crypto";
import { CreateInvalidationCommand, type CloudFrontClient } from "@aws-sdk/client-cloudfront";

/** Removes paths from the CDN's caches. Paths are URL paths as viewers request them ("/acme/_links/x.html"). */
export interface Invalidator {
  invalidate(paths: string[]): Promise<void>;
}

/** A CloudFront invalidation per call; the CloudFrontClient is created once by the caller and injected. */
export class CloudFrontInvalidator implements Invalidator {
  constructor(
    private readonly client: CloudFrontClient,
    private readonly distributionId: string,
    private readonly callerReference: () => string = randomUUID,
  ) {}

  async invalidate(paths: string[]): Promise<void> {
    if (paths.length === 0) return;
    await this.client.send(
      new CreateInvalidationCommand({
        DistributionId: this.distributionId,
        InvalidationBatch: {
          CallerReference: this.callerReference(),
          Paths: { Quantity: paths.length, Items: paths },
        },
      }),
    );
  }
}
