import { load as parseYaml } from "js-yaml";

/**
 * The AWS region of a Pulumi stack: `aws:region` in its Pulumi.<stack>.yaml. keys:init stores the signing key
 * in that region's Secrets Manager, where the stack's portal and rotation tool look for it; the SDK's own
 * default region (profile, environment) may be another one. An explicitly chosen region that differs is an
 * error rather than a silent choice. Returns the region or a message saying what to do.
 */
export function stackRegion(
  stackText: string,
  stackFile: string,
  explicit: { name: string; region: string | undefined }[],
): { region: string } | { problem: string } {
  let region: unknown;
  try {
    const parsed = parseYaml(stackText) as { config?: Record<string, unknown> } | null | undefined;
    region = parsed?.config?.["aws:region"];
  } catch (error) {
    return { problem: `${stackFile} is not valid YAML (${(error as Error).message.split("\n")[0]})` };
  }
  if (typeof region !== "string" || region.trim() === "") {
    return {
      problem: `${stackFile} sets no aws:region: run \`pulumi config set aws:region <region> --stack <stack>\` first (the signing key goes to that region's Secrets Manager)`,
    };
  }
  for (const { name, region: other } of explicit) {
    if (other !== undefined && other !== "" && other !== region) {
      return {
        problem: `${name} is ${other} but the stack's aws:region (${stackFile}) is ${region}: the key must be stored in the stack's region; unset ${name} or make them agree`,
      };
    }
  }
  return { region };
}
