// The parts of @pulumi/aws this program uses, each from its own module. `import * as aws from
// "@pulumi/aws"` makes TypeScript read the declarations of every AWS service (0.8 M lines, for each
// type check of the repository: docs/contributing.md#keeping-the-suite-fast); these modules are half
// of that. The program writes `aws.s3.Bucket`, `aws.getRegionOutput(...)` as with the package itself.
// Relative imports in infra/ carry no `.js` (the Pulumi CLI's ts-node: see index.ts).
export * as acm from "@pulumi/aws/acm";
export * as apigatewayv2 from "@pulumi/aws/apigatewayv2";
export * as cloudfront from "@pulumi/aws/cloudfront";
export * as cloudwatch from "@pulumi/aws/cloudwatch";
export * as guardduty from "@pulumi/aws/guardduty";
export * as iam from "@pulumi/aws/iam";
export * as lambda from "@pulumi/aws/lambda";
export * as route53 from "@pulumi/aws/route53";
export * as s3 from "@pulumi/aws/s3";
export * as secretsmanager from "@pulumi/aws/secretsmanager";
export * as types from "@pulumi/aws/types";
export { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
export { getPartitionOutput } from "@pulumi/aws/getPartition";
export { getRegionOutput } from "@pulumi/aws/getRegion";
