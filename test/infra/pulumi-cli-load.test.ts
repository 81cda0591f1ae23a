// The program must load the way the Pulumi CLI loads it: ts-node in CommonJS (DESIGN.md section 9).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "vitest";

const run = promisify(execFile);
const fixture = join(__dirname, "fixtures", "load-like-pulumi-cli.cjs");
const root = resolve(__dirname, "../..");

test("Pulumi.yaml points the nodejs runtime at infra/index.ts and always refreshes", () => {
  const project = readFileSync(join(root, "Pulumi.yaml"), "utf8");
  expect(project).toMatch(/^name: signed-share$/m);
  expect(project).toMatch(/^main: infra\/index\.ts$/m);
  expect(project).toMatch(/^ {2}refresh: always$/m);
  expect(project).toMatch(/^ {2}name: nodejs$/m);
  expect(project).toMatch(/^ {4}tsconfig: infra\/tsconfig\.json$/m);
});

test("ts-node (as registered by the Pulumi CLI) compiles and loads infra/index.ts with its outputs", async () => {
  const { stdout } = await run(process.execPath, [fixture], { cwd: root, timeout: 170_000 });
  const { exports } = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { exports: string[] };
  expect(exports).toEqual(expect.arrayContaining(["bucketName", "distributionId", "publicUrl", "rotationPolicyArn", "region"]));
}, 180_000);

test("with portal: true, ts-node loads the program, which bundles the portal with esbuild", async () => {
  const { stdout } = await run(process.execPath, [fixture, JSON.stringify({ portal: "true" })], { cwd: root, timeout: 170_000 });
  const { exports, lambdaCode } = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { exports: string[]; lambdaCode: string[] | null };
  expect(exports).toEqual(expect.arrayContaining(["portalUrl", "portalFunctionName", "portalLogGroupName"]));
  expect(lambdaCode).toEqual(["lambda.js", "package.json", "signing-worker.js"]);
}, 180_000);
