// The build (`signed-share build --json`, what `npm run build` runs: the run's shared one, made by
// test/support/dist-setup.ts), then the bundle copied away from the repository: plain node, no tsx, no node_modules.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startFauxqs } from "../support/fauxqs.js";
import { repoRoot, runBundle, runDispatcher, startCommand } from "../support/run-tool.js";
import { rsaTestKey } from "../support/vectors.js";

const PASSWORD = "correct horse battery staple";
let tmp: string;
let app: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "bundle-test-"));
  const built = inject("distBuild");
  expect(built.stderr).toBe("");
  expect(built.code).toBe(0);
  const output = JSON.parse(built.stdout) as { outdir: string; files: string[] };
  expect(output).toEqual({ outdir: inject("dist"), files: ["cli.js", "lambda.js", "package.json", "portal.js", "signing-worker.js"] });
  // What a production host gets: the directory alone (the code cache the test run keeps beside the bundle left behind).
  app = join(tmp, "app");
  mkdirSync(join(app, "dist"), { recursive: true });
  for (const file of output.files) cpSync(join(output.outdir, file), join(app, "dist", file));
  env = { SHARE_DATA_DIR: join(app, "data"), NODE_PATH: "" };
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Neither this directory nor any above it holds node_modules: whatever runs here needs none. */
function assertNoNodeModulesAbove(dir: string): void {
  for (let at = dir; ; at = dirname(at)) {
    expect(existsSync(join(at, "node_modules")), `${at}/node_modules`).toBe(false);
    if (dirname(at) === at) break;
  }
}

describe("the bundle away from the repository", () => {
  it("has no dependency to install", { timeout: 60_000 }, async () => {
    assertNoNodeModulesAbove(app);
    const resolve = await runBundle("-e", ['require.resolve("hono")'], { cwd: app, env });
    expect(resolve.code).not.toBe(0);
    expect(readdirSync(join(app, "dist")).sort()).toEqual(["cli.js", "lambda.js", "package.json", "portal.js", "signing-worker.js"]);
  });

  // Each test below starts several Node processes: give them room on a busy machine.
  it("portal.js stops with what to do: no signing key yet (exit 1), a configuration error (exit 2)", { timeout: 120_000 }, async () => {
    const noKey = await runBundle("dist/portal.js", [], { cwd: app, env: { ...env, PORT: "0" } });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/^failed: no signing key in dir:.*keys: create one with .*keys:init/);
    const noSecret = await runBundle("dist/portal.js", [], { cwd: app, env: { ...env, PORT: "0", SHARE_BUCKET: "files-bucket", SHARE_PUBLIC_URL: "https://files.example.com", SHARE_SIGNING_KEY_SECRET: "signed-share/prod/signing-key" } });
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toMatch(/^configuration: PORTAL_SESSION_SECRET \(or PORTAL_SESSION_SECRET_ID/);
  });

  it("cli.js: keys, an account and a link, with the tools' exit codes", { timeout: 180_000 }, async () => {
    expect((await runBundle("dist/cli.js", ["keys:init"], { cwd: app, env })).code).toBe(0);
    const added = await runBundle("dist/cli.js", ["users", "add", "alice", "--role", "admin", "--password-stdin"], { cwd: app, env, input: `${PASSWORD}\n` });
    expect(added.stderr).toBe("added alice (local, admin, active)\n");
    expect(added.code).toBe(0);
    mkdirSync(join(app, "data", "client_files", "acme"), { recursive: true });
    writeFileSync(join(app, "data", "client_files", "acme", "report.txt"), "quarterly numbers\n");

    const issued = await runBundle("dist/cli.js", ["issue", "acme", "--expires", "1d", "--json"], { cwd: app, env });
    expect(issued.stderr).toBe("");
    expect(issued.code).toBe(0);
    const { link } = JSON.parse(issued.stdout) as { link: { url: string; client: string; fileCount: number } };
    expect(link).toMatchObject({ client: "acme", fileCount: 1 });
    expect(link.url).toMatch(/^http:\/\/localhost:3001\/acme\/_links\/([\w-]+)\.html\?l=\1&Expires=\d+&Signature=[\w~-]+&Key-Pair-Id=K\w+$/);

    expect((await runBundle("dist/cli.js", ["issue", "nobody", "--expires", "1d"], { cwd: app, env })).code).toBe(3);
    expect((await runBundle("dist/cli.js", ["no-such-command"], { cwd: app, env })).code).toBe(2);
    for (const command of ["bench", "build"]) {
      const checkoutOnly = await runBundle("dist/cli.js", [command], { cwd: app, env });
      expect(checkoutOnly.code, command).toBe(2);
      expect(checkoutOnly.stderr, command).toMatch(/runs from a checkout/);
    }
  });

  it("cli.js is the signed-share dispatcher: the same commands and help, files and links included", { timeout: 120_000 }, async () => {
    const help = await runBundle("dist/cli.js", ["--help"], { cwd: app, env });
    expect(help.code).toBe(0);
    expect(help.stdout).toBe((await runDispatcher(["--help"])).stdout);
    expect(help.stdout).toMatch(/^ {2}files {2,}/m);

    const created = await runBundle("dist/cli.js", ["files", "new", "globex", "--name", "Globex Corp"], { cwd: app, env });
    expect(created.code, created.stderr).toBe(0);
    writeFileSync(join(tmp, "invoice.txt"), "invoice 42\n");
    const put = await runBundle("dist/cli.js", ["files", "put", "globex", join(tmp, "invoice.txt"), "--to", "2026"], { cwd: app, env });
    expect(put.code, put.stderr).toBe(0);
    const listed = await runBundle("dist/cli.js", ["files", "ls", "globex", "--json"], { cwd: app, env });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(listed.stdout))).toContain("2026/invoice.txt");
    const links = await runBundle("dist/cli.js", ["links", "list", "--json"], { cwd: app, env });
    expect(links.code, links.stderr).toBe(0);
    expect(Array.isArray((JSON.parse(links.stdout) as { links: unknown }).links)).toBe(true);
    const profile = await runBundle("dist/cli.js", ["files", "profile", "globex", "--contact", "ap@globex.example", "--json"], { cwd: app, env });
    expect(profile.code, profile.stderr).toBe(0);
    expect(JSON.parse(profile.stdout)).toMatchObject({ client: { client: "globex", displayName: "Globex Corp", contacts: ["ap@globex.example"] } });
    const version = await runBundle("dist/cli.js", ["--version"], { cwd: app, env });
    expect(version.stdout).toMatch(/^signed-share \d+\.\d+\.\d+\n$/);
  });

  it("cli.js start: local mode from the bundle; a link opens through its edge and is refused once revoked (the guard function inside)", { timeout: 180_000 }, async () => {
    const localEnv = { SHARE_DATA_DIR: join(tmp, "start-data"), PORT: "0", EDGE_PORT: "0", NODE_PATH: "" };
    const local = await startCommand(process.execPath, ["dist/cli.js", "start"], /edge {4}(http:\/\/\S+)[\s\S]*Press Ctrl\+C/, { cwd: app, env: localEnv, timeoutMs: 90_000 });
    try {
      const issued = await runBundle("dist/cli.js", ["issue", "acme-corp", "--expires", "1d", "--json"], { cwd: app, env: localEnv });
      expect(issued.code, issued.stderr).toBe(0);
      const { link } = JSON.parse(issued.stdout) as { link: { url: string; linkId: string } };
      expect(link.url.startsWith(`${local.match[1]}/acme-corp/_links/`)).toBe(true);
      expect(link.url).toContain(`l=${link.linkId}`);
      expect((await fetch(link.url)).status).toBe(200);

      const revoked = await runBundle("dist/cli.js", ["links", "revoke", link.linkId, "--json"], { cwd: app, env: localEnv });
      expect(revoked.code, revoked.stderr).toBe(0);
      expect((await fetch(link.url)).status).toBe(403);
    } finally {
      await local.stop();
    }
  });

  it("portal.js: local mode serves health, sign-in and publishing (signing workers from the bundle)", { timeout: 120_000 }, async () => {
    const portal = await startCommand(process.execPath, ["dist/portal.js"], /"event":"started".*?"url":"(http:[^"]+)"/, {
      cwd: app,
      env: { ...env, PORT: "0", PORTAL_SESSION_SECRET: "bundle-test-session-secret-0123456789" },
      timeoutMs: 90_000,
    });
    try {
      const base = portal.match[1]!;
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok" });
      expect(await (await fetch(`${base}/sign-in`)).text()).toContain('name="password"');

      const wrong = await fetch(`${base}/sign-in`, { method: "POST", body: new URLSearchParams({ username: "alice", password: "not the password" }), redirect: "manual" });
      expect(wrong.status).toBe(401);
      const signIn = await fetch(`${base}/sign-in`, { method: "POST", body: new URLSearchParams({ username: "alice", password: PASSWORD }), redirect: "manual" });
      expect(signIn.status).toBe(303);
      const cookie = signIn.headers.getSetCookie()[0]!.split(";")[0]!;
      const session = (await (await fetch(`${base}/api/session`, { headers: { cookie } })).json()) as { user: { name: string }; csrfToken: string };
      expect(session.user.name).toBe("alice");

      const publish = await fetch(`${base}/clients/acme/links`, {
        method: "POST",
        headers: { cookie, origin: base },
        body: new URLSearchParams({ _csrf: session.csrfToken, expiry: "1d" }),
        redirect: "manual",
      });
      expect(publish.status).toBe(303);
      const issuedPage = await (await fetch(new URL(publish.headers.get("location")!, base), { headers: { cookie } })).text();
      expect(issuedPage).toMatch(/http:\/\/localhost:3001\/acme\/_links\/([\w-]+)\.html\?l=\1&amp;Expires=/);
    } finally {
      await portal.stop();
    }
  });
});

/** The settings of a systemd unit: [Service] key → values, in order. */
function unitSettings(text: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match) settings.set(match[1]!, [...(settings.get(match[1]!) ?? []), match[2]!]);
  }
  return settings;
}

describe("deploy/signed-share-portal.service", () => {
  const unitFile = join(repoRoot, "deploy", "signed-share-portal.service");
  const unit = unitSettings(readFileSync(unitFile, "utf8"));
  const hasSystemd = (() => {
    try {
      execFileSync("systemd-analyze", ["--version"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!hasSystemd)("passes systemd-analyze verify without a warning", () => {
    const output = execFileSync("systemd-analyze", ["verify", unitFile], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(output).toBe("");
  });

  it("runs the bundle unprivileged, with the stack outputs file, and does not restart a configuration error", () => {
    expect(unit.get("ExecStart")).toEqual(["/usr/bin/env node /opt/signed-share/dist/portal.js"]);
    expect(unit.get("Environment")).toContain("SHARE_CONFIG=/etc/signed-share/stack.json");
    expect(unit.get("User")).toEqual(["signed-share"]);
    expect(unit.get("RestartPreventExitStatus")).toEqual(["2"]);
    expect(unit.get("NoNewPrivileges")).toEqual(["yes"]);
    expect(unit.get("ProtectSystem")).toEqual(["strict"]);
  });

  it("its command serves the portal against the bucket named in the stack outputs file (S3 emulator)", { timeout: 120_000 }, async () => {
    const s3 = await startFauxqs();
    try {
      const bucket = await s3.createBucket();
      const etc = join(tmp, "etc");
      mkdirSync(etc);
      writeFileSync(join(etc, "stack.json"), JSON.stringify({ bucketName: bucket, originPrefix: "client_files", publicUrl: "https://d111111abcdef8.cloudfront.net", region: s3.region }));
      writeFileSync(join(etc, "signing.pem"), rsaTestKey.privatePem, { mode: 0o600 });
      // The unit's own environment, with its paths moved into the temp directory and a free port.
      const fromUnit = Object.fromEntries((unit.get("Environment") ?? []).map((pair) => pair.split(/=(.*)/s).slice(0, 2) as [string, string]));
      const hostEnv = {
        ...fromUnit,
        SHARE_CONFIG: fromUnit.SHARE_CONFIG!.replace("/etc/signed-share", etc),
        PORT: "0",
        // What portal.env and the instance role would give.
        PORTAL_URL: "https://share-admin.example.com",
        PORTAL_SESSION_SECRET: "unit-test-session-secret-0123456789abcdef",
        SHARE_KEY_PAIR_ID: rsaTestKey.keyPairId,
        SHARE_PRIVATE_KEY: `file://${join(etc, "signing.pem")}`,
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      };
      const added = await runBundle("dist/cli.js", ["users", "add", "olivia", "--role", "operator", "--password-stdin"], { cwd: app, env: hostEnv, input: `${PASSWORD}\n` });
      expect(added.code).toBe(0);

      const command = unit.get("ExecStart")![0]!.split(" ").at(-1)!.replace("/opt/signed-share", app);
      const portal = await startCommand(process.execPath, [command], /\{[^\n]*"event":"started"[^\n]*\n/, { cwd: app, env: hostEnv, timeoutMs: 90_000 });
      try {
        const started = JSON.parse(portal.match[0]) as Record<string, unknown>;
        expect(started).toMatchObject({ mode: "aws", storage: `s3://${bucket}`, url: "https://share-admin.example.com", links: "https://d111111abcdef8.cloudfront.net" });
        expect(started.listen).toMatch(/^127\.0\.0\.1:\d+$/);
        const base = `http://${String(started.listen)}`;
        expect((await fetch(`${base}/healthz`)).status).toBe(200);
        const signIn = await fetch(`${base}/sign-in`, { method: "POST", body: new URLSearchParams({ username: "olivia", password: PASSWORD }), redirect: "manual" });
        expect(signIn.status).toBe(303);
        expect(signIn.headers.getSetCookie()[0]).toMatch(/^__Host-signed-share-session=.*; Secure/);
      } finally {
        await portal.stop();
      }
    } finally {
      await s3.stop();
    }
  });
});
