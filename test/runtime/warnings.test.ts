import { describe, expect, it } from "vitest";
import { runNode } from "../support/run-tool.js";

/**
 * Test output shows every warning except the AWS SDK's Node 20 end-of-support notice, which is
 * turned off with the SDK's documented switch (docs/node-versions.md), not filtered out of the text.
 */
describe("warnings in test output", () => {
  it("the SDK's Node version notice is off for processes the tests start; other warnings still show", async () => {
    const script = [
      "const { S3Client } = require('@aws-sdk/client-s3');",
      "new S3Client({ region: 'eu-west-1' });",
      "process.emitWarning('a warning the tests must still see');",
    ].join(" ");
    const result = await runNode(["-e", script]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("a warning the tests must still see");
    expect(result.stderr).not.toContain("NodeVersionSupportWarning");
  });

  it("the switch is the one the SDK reads (exactly \"true\")", () => {
    expect(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe("true");
  });
});
