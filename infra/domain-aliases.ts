// The public host name's A (and with IPv6, AAAA) alias records, pointing at the distribution.
import * as aws from "./aws";
import * as pulumi from "@pulumi/pulumi";

export interface DomainAliasesArgs {
  domainName: string;
  zoneId: pulumi.Input<string>;
  distributionDomainName: pulumi.Input<string>;
  distributionHostedZoneId: pulumi.Input<string>;
  /** Also an AAAA record (the distribution serves IPv6). */
  ipv6: boolean;
}

export class DomainAliases extends pulumi.ComponentResource {
  constructor(name: string, args: DomainAliasesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("signed-share:dns:DomainAliases", name, {}, opts);

    // IPv4, and IPv6 when the distribution serves it: alias records cost nothing per query.
    for (const type of args.ipv6 ? (["A", "AAAA"] as const) : (["A"] as const)) {
      new aws.route53.Record(
        `${name}-${type.toLowerCase()}`,
        {
          zoneId: args.zoneId,
          name: args.domainName,
          type,
          aliases: [
            { name: args.distributionDomainName, zoneId: args.distributionHostedZoneId, evaluateTargetHealth: false },
          ],
        },
        { parent: this },
      );
    }
    this.registerOutputs({});
  }
}
