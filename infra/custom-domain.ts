// Optional custom host name: a DNS-validated ACM certificate in us-east-1, where CloudFront reads certificates
// (or in the region given, for the portal's regional API Gateway).
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";

export interface CustomDomainArgs {
  domainName: string;
  /** Route 53 public hosted zone that holds domainName. */
  hostedZone: string;
  /** Where the certificate is used: CloudFront (the default) reads it from us-east-1, a regional API Gateway from its own region. */
  certificateRegion?: pulumi.Input<string>;
}

/** CloudFront only uses ACM certificates from this region, whatever region the stack deploys to. */
export const CLOUDFRONT_CERTIFICATE_REGION = "us-east-1";

export class CustomDomain extends pulumi.ComponentResource {
  readonly domainName: string;
  readonly zoneId: pulumi.Output<string>;
  /** ARN of the certificate once ACM has issued it: the distribution waits for it. */
  readonly certificateArn: pulumi.Output<string>;

  constructor(name: string, args: CustomDomainArgs, opts?: pulumi.ComponentResourceOptions) {
    super("signed-share:dns:CustomDomain", name, {}, opts);
    const parent = { parent: this };

    // The existing public zone where the validation and alias records go.
    const zone = aws.route53.getZoneOutput({ name: args.hostedZone, privateZone: false }, parent);

    // The certificate for the public host name, validated through DNS (renews itself while the record stays).
    const certificate = new aws.acm.Certificate(
      `${name}-certificate`,
      { domainName: args.domainName, validationMethod: "DNS", region: args.certificateRegion ?? CLOUDFRONT_CERTIFICATE_REGION },
      parent,
    );
    const validationOption = certificate.domainValidationOptions.apply((options) => {
      const option = options.find((o) => o.domainName === args.domainName) ?? options[0];
      if (option === undefined) throw new Error(`ACM returned no DNS validation record for ${args.domainName}`);
      return option;
    });

    // The CNAME that proves to ACM that we control the name.
    const validationRecord = new aws.route53.Record(
      `${name}-certificate-validation`,
      {
        zoneId: zone.zoneId,
        name: validationOption.resourceRecordName,
        type: validationOption.resourceRecordType,
        records: [validationOption.resourceRecordValue],
        ttl: 300,
        allowOverwrite: true,
      },
      parent,
    );

    // Waits until ACM has issued the certificate (usually minutes; up to the DNS propagation time).
    const validation = new aws.acm.CertificateValidation(
      `${name}-certificate-issued`,
      {
        certificateArn: certificate.arn,
        validationRecordFqdns: [validationRecord.fqdn],
        region: args.certificateRegion ?? CLOUDFRONT_CERTIFICATE_REGION,
      },
      parent,
    );

    this.domainName = args.domainName;
    this.zoneId = zone.zoneId;
    this.certificateArn = validation.certificateArn;
    this.registerOutputs({ certificateArn: this.certificateArn });
  }
}
