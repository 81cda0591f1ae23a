// IAM roles, users and groups named in stack config by ARN (portalPrincipals, rotationPrincipals). Pure.

export interface IamPrincipal {
  arn: string;
  kind: "role" | "user" | "group";
  /** The name IAM's attach calls take: the ARN's last segment (a path in front is not part of it). */
  name: string;
}

// arn:<partition>:iam::<account>:<kind>/<optional/path/>name; names are [\w+=,.@-], at most 128 characters.
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user|group)\/(?:[\x21-\x7e]+\/)?([\w+=,.@-]{1,128})$/;

/** The principal an ARN names; undefined for anything else (a policy, an instance profile, a bare name, a wildcard). */
export function parsePrincipalArn(text: string): IamPrincipal | undefined {
  const arn = text.trim();
  const match = PRINCIPAL_ARN.exec(arn);
  if (!match) return undefined;
  return { arn, kind: match[1] as IamPrincipal["kind"], name: match[2]! };
}
