import { CloudFrontClient, CreateInvalidationCommand } from "@aws-sdk/client-cloudfront";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { CloudFrontInvalidator } from "../../lib/links/invalidator.js";

describe("CloudFrontInvalidator", () => {
  const cloudfront = mockClient(CloudFrontClient);
  afterEach(() => cloudfront.reset());
  afterAll(() => cloudfront.restore());

  it("sends one CreateInvalidation with the distribution, the paths as given and a fresh caller reference each time", async () => {
    cloudfront.on(CreateInvalidationCommand).resolves({ Invalidation: { Id: "I1", Status: "InProgress", CreateTime: new Date(), InvalidationBatch: undefined } });
    const invalidator = new CloudFrontInvalidator(new CloudFrontClient({ region: "us-east-1" }), "E2QWRUHAPOMQZL");
    await invalidator.invalidate(["/b%C3%BC%20ta/_links/abc.html"]);
    await invalidator.invalidate(["/acme/_links/def.html"]);
    const calls = cloudfront.commandCalls(CreateInvalidationCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.args[0].input).toEqual({
      DistributionId: "E2QWRUHAPOMQZL",
      InvalidationBatch: { CallerReference: expect.any(String), Paths: { Quantity: 1, Items: ["/b%C3%BC%20ta/_links/abc.html"] } },
    });
    expect(calls[0]!.args[0].input.InvalidationBatch!.CallerReference).not.toBe(calls[1]!.args[0].input.InvalidationBatch!.CallerReference);
  });

  it("passes CloudFront's error on", async () => {
    cloudfront.on(CreateInvalidationCommand).rejects(new Error("TooManyInvalidationsInProgress"));
    const invalidator = new CloudFrontInvalidator(new CloudFrontClient({ region: "us-east-1" }), "E2QWRUHAPOMQZL");
    await expect(invalidator.invalidate(["/a"])).rejects.toThrow("TooManyInvalidationsInProgress");
  });
});
