// mail.settings and mail.setSettings (lib/ops/mail): the E-mail page, `signed-share mail settings` and
// /api/mail/settings run them; what one door saves the others show; the SMTP password is never shown.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/config.js";
import { LocalKeyStore } from "../../lib/keys/local-key-store.js";
import { createServices } from "../../lib/ops/compose.js";
import { ops } from "../../lib/ops/registry.js";
import { runOperation } from "../../lib/ops/run.js";
import type { Services } from "../../lib/ops/services.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { UserStore } from "../../lib/users/user-store.js";
import { createApp } from "../../portal/app.js";
import { ApiTokens } from "../../lib/tokens/api-tokens.js";
import { runCommand } from "../../tools/commands/run-command.js";
import { asUser, memoryLogger, OPERATOR, postForm, SECRET, START } from "../portal/fixture.js";
import { rsaTestKey } from "../support/vectors.js";

const PASSWORD = "hunter2-smtp-secret";
let dir: string;
let services: Services & { close(): Promise<void> };
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mail-settings-op-"));
  const data = join(dir, "data");
  const store = new LocalObjectStore(data);
  const clock = () => START;
  const keyStore = new LocalKeyStore(join(data, "keys"));
  await keyStore.activate({ keyPairId: rsaTestKey.keyPairId, type: "rsa", privateKeyPem: rsaTestKey.privatePem, createdAt: START.toISOString() });
  // An SMTP server with a user and password: nothing connects to it (no message is sent here).
  const config = loadConfig({ env: { SHARE_DATA_DIR: data, SHARE_PUBLIC_URL: "https://files.example.com", SMTP_URL: `smtp://mailer:${PASSWORD}@127.0.0.1:2525`, SHARE_MAIL_FROM: "share@example.com" } });
  const users = new UserStore(store, clock);
  await users.add(OPERATOR.name, "operator", OPERATOR.password);
  services = createServices(config, { clock, store, keyStore, users });
  app = createApp({ services, users, tokens: new ApiTokens(store, clock), sessionSecret: SECRET, clock, logger: memoryLogger().logger, secureCookies: false });
});
afterAll(async () => {
  await services.close();
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCommand(argv, { io: { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } }, services });
  return { code, stdout, stderr };
}

async function operatorSession() {
  const signedIn = await app.request("/sign-in", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ username: OPERATOR.name, password: OPERATOR.password }).toString() });
  const cookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0]!;
  const { csrfToken } = (await (await app.request("/api/session", { headers: { cookie } })).json()) as { csrfToken: string };
  return { cookie, token: csrfToken };
}

describe("mail settings as an operation", () => {
  it("what the command line sets, the E-mail page shows; fields left out keep their value; the SMTP password never shows", async () => {
    const set = await cli("mail", "settings", "--user", OPERATOR.name, "--address", "Olivia@Example.com", "--name", "Olivia Smith", "--json");
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ settings: { user: OPERATOR.name, address: "olivia@example.com", displayName: "Olivia Smith", notifications: true }, transport: { kind: "smtp", description: "smtp://127.0.0.1:2525" } });

    const off = await cli("mail", "settings", "--user", OPERATOR.name, "--no-notifications");
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toContain("notifications  off");
    expect(off.stdout).toContain("address        olivia@example.com");
    expect(off.stdout).toContain("name           Olivia Smith");

    const s = await operatorSession();
    const page = await (await app.request("/mail", asUser(s.cookie))).text();
    expect(page).toContain('value="olivia@example.com"');
    expect(page).toContain('value="Olivia Smith"');
    expect(page).not.toMatch(/name="notifications" value="on" checked/);
    for (const text of [set.stdout, off.stdout, page, await (await app.request("/api/mail/settings", asUser(s.cookie))).text()]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain("mailer@");
    }
  });

  it("the E-mail page saves through the operation: one mail-settings-saved event by the signed-in person", async () => {
    const s = await operatorSession();
    const saved = await app.request("/mail", postForm(s, { address: "olivia@example.org", displayName: "Olivia Smith", notifications: "on" }));
    expect(saved.status).toBe(303);
    const { events } = await services.auditLog.page({ user: OPERATOR.name }, { limit: 50 });
    expect(events.filter((e) => e.event === "mail-settings-saved")).toEqual([expect.objectContaining({ operation: "mail.setSettings", outcome: "ok", actor: expect.objectContaining({ name: OPERATOR.name, via: "portal" }), details: { user: OPERATOR.name, notifications: true } })]);
    expect((await cli("mail", "settings", "--user", OPERATOR.name, "--json")).stdout).toContain('"address":"olivia@example.org"');

    const bad = await app.request("/mail", postForm(s, { address: "olivia@example.org\r\nBcc: x@example.com", notifications: "on" }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/your address .* contains a control or invisible character/);
  });

  it("someone else's settings are for admins only; a bad flag names the flag", async () => {
    const operator = { name: OPERATOR.name, role: "operator" as const, via: "api" as const };
    await expect(runOperation(ops.mail.settings, services, { user: "adam" }, operator)).rejects.toMatchObject({ kind: "forbidden", field: "user" });
    await expect(runOperation(ops.mail.setSettings, services, { user: "adam", notifications: false }, operator)).rejects.toMatchObject({ kind: "forbidden" });
    const both = await cli("mail", "settings", "--notifications", "--no-notifications");
    expect(both.code).toBe(2);
    const bad = await cli("mail", "settings", "--name", "  ");
    expect(bad.code).toBe(0);
    const address = await cli("mail", "settings", "--address", "nope");
    expect(address.code).toBe(2);
    expect(address.stderr).toMatch(/^error: --address: your address "nope" is not an e-mail address/);
  });
});
