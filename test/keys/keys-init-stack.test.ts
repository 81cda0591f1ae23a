// keys:init for a Pulumi stack: the stack's own region, and never on a deployed stack.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stackRegion } from "../../lib/keys/stack-region.js";
import { runTool } from "../support/run-tool.js";

/** Secrets Manager on loopback, empty at first: records each call's action and signing region. */
async function fakeSecretsManager() {
  const calls: { action: string; region: string }[] = [];
  const secrets = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const action = String(req.headers["x-amz-target"] ?? "").replace("secretsmanager.", "");
      const region = /Credential=[^/]+\/\d+\/([^/]+)\//.exec(String(req.headers.authorization))?.[1] ?? "";
      calls.push({ action, region });
      const input = JSON.parse(body || "{}") as { Name?: string; SecretId?: string; SecretString?: string };
      const reply = (status: number, json: object) => {
        res.writeHead(status, { "Content-Type": "application/x-amz-json-1.1" }).end(JSON.stringify(json));
      };
      const notFound = () => reply(400, { __type: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret." });
      if (action === "CreateSecret") {
        secrets.set(input.Name!, input.SecretString!);
        return reply(200, { ARN: `arn:aws:secretsmanager:${region}:123456789012:secret:${input.Name}-AbCdEf`, Name: input.Name, VersionId: "v1" });
      }
      const value = secrets.get(input.SecretId ?? "");
      if (action === "GetSecretValue" && value !== undefined) return reply(200, { Name: input.SecretId, SecretString: value, VersionId: "v1" });
      return notFound();
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    secrets,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

let dir: string;
let sm: Awaited<ReturnType<typeof fakeSecretsManager>>;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "keys-init-stack-"));
  sm = await fakeSecretsManager();
});
afterEach(async () => {
  await sm.close();
  await rm(dir, { recursive: true, force: true });
});

const awsEnv = (extra: Record<string, string> = {}) => ({
  SHARE_DATA_DIR: join(dir, "data"),
  AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.url,
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "secret",
  AWS_EC2_METADATA_DISABLED: "true",
  ...extra,
});

describe("region", () => {
  it("stores the key in the stack's aws:region, not the SDK's default region", async () => {
    await writeFile(join(dir, "Pulumi.dev.yaml"), "config:\n  aws:region: ap-southeast-2\n");
    // A profile's default region (here through AWS_CONFIG_FILE) must not win over the stack's.
    await writeFile(join(dir, "aws-config"), "[default]\nregion = us-west-2\n");
    const result = await runTool("keys-init.ts", ["--stack", "dev"], { cwd: dir, env: awsEnv({ AWS_CONFIG_FILE: join(dir, "aws-config") }) });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(sm.calls.length).toBeGreaterThan(0);
    expect(new Set(sm.calls.map((c) => c.region))).toEqual(new Set(["ap-southeast-2"]));
    expect([...sm.secrets.keys()]).toEqual(["signed-share/dev/signing-key"]);
    expect(await readFile(join(dir, "Pulumi.dev.yaml"), "utf8")).toContain("signed-share:signingPublicKey: |");
  });

  it("an explicit AWS_REGION that differs from the stack's is an error naming both; nothing is written", async () => {
    await writeFile(join(dir, "Pulumi.dev.yaml"), "config:\n  aws:region: eu-central-1\n");
    const result = await runTool("keys-init.ts", ["--stack", "dev"], { cwd: dir, env: awsEnv({ AWS_REGION: "us-east-1" }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("AWS_REGION is us-east-1 but the stack's aws:region");
    expect(result.stderr).toContain("eu-central-1");
    expect(sm.calls).toEqual([]);
    expect(await readFile(join(dir, "Pulumi.dev.yaml"), "utf8")).not.toContain("signingPublicKey");
  });

  it("a stack file without aws:region is an error that says how to set it", async () => {
    await writeFile(join(dir, "Pulumi.dev.yaml"), "config:\n  signed-share:logging: true\n");
    const result = await runTool("keys-init.ts", ["--stack", "dev"], { cwd: dir, env: awsEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("sets no aws:region: run `pulumi config set aws:region <region> --stack <stack>`");
    expect(sm.calls).toEqual([]);
  });

  it("stackRegion: the same region given explicitly is fine; YAML errors are reported", () => {
    expect(stackRegion("config:\n  aws:region: eu-west-1\n", "P.yaml", [{ name: "AWS_REGION", region: "eu-west-1" }])).toEqual({ region: "eu-west-1" });
    expect(stackRegion("config: [\n", "P.yaml", [])).toMatchObject({ problem: expect.stringContaining("P.yaml is not valid YAML") });
  });
});

describe("a deployed stack", () => {
  it("is refused, even with --force, when the stack outputs name a distribution: rotate-keys changes keys", async () => {
    await writeFile(join(dir, "Pulumi.dev.yaml"), "config:\n  aws:region: eu-central-1\n");
    const outputs = { bucketName: "files-0a1b2c3", publicUrl: "https://d111111abcdef8.cloudfront.net", distributionId: "E2QWRUHEXAMPLE", bootstrapPublicKeyId: "K2JCJMDEHXQW5F", region: "eu-central-1", signingKeySecretName: "signed-share/dev/signing-key" };
    await writeFile(join(dir, "stack.json"), JSON.stringify(outputs));
    const result = await runTool("keys-init.ts", ["--stack", "dev", "--force", "--config", "stack.json"], { cwd: dir, env: awsEnv() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/refused: stack dev is deployed \(stack\.json has outputs\).*rotate-keys/);
    expect(sm.calls).toEqual([]);
    expect(await readFile(join(dir, "Pulumi.dev.yaml"), "utf8")).not.toContain("signingPublicKey");
  });

  it("is refused when `pulumi stack output` shows outputs; a stack without outputs is initialised", async () => {
    await writeFile(join(dir, "Pulumi.dev.yaml"), "config:\n  aws:region: eu-central-1\n");
    const bin = join(dir, "bin");
    await mkdir(bin);
    const fakePulumi = join(bin, "pulumi");
    const answer = join(dir, "outputs.json");
    // A stand-in for the Pulumi CLI: prints the outputs file for `pulumi stack output --json --stack dev`.
    await writeFile(fakePulumi, `#!/bin/sh\n[ "$1 $2 $3 $4 $5" = "stack output --json --stack dev" ] || exit 9\ncat "${answer}"\n`);
    await chmod(fakePulumi, 0o755);
    const env = awsEnv({ PATH: `${bin}${delimiter}${process.env.PATH}` });

    await writeFile(answer, JSON.stringify({ distributionId: "E2QWRUHEXAMPLE" }));
    const refused = await runTool("keys-init.ts", ["--stack", "dev", "--force"], { cwd: dir, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("refused: stack dev is deployed (`pulumi stack output --json --stack dev` has outputs)");

    await writeFile(answer, "{}\n");
    const created = await runTool("keys-init.ts", ["--stack", "dev"], { cwd: dir, env });
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
  });
});
