import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientProfiles } from "../../lib/files/client-profiles.js";
import { Outbox } from "../../lib/mail/outbox.js";
import type { LinkRecord } from "../../lib/links/link-record.js";
import { LinkRecords } from "../../lib/links/link-records.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { PREFIX } from "../publish/helpers.js";
import { runInProcess } from "../support/run-command.js";
import { repoRoot } from "../support/run-tool.js";
import { rsaTestKey } from "../support/vectors.js";

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("issue --email/--to and remind on the command line (local mode, outbox)", { timeout: 120_000 }, () => {
  let dataDir: string;
  let store: LocalObjectStore;
  let env: NodeJS.ProcessEnv;
  const issue = (...args: string[]) => runInProcess(["issue", ...args], { env });
  const remind = (...args: string[]) => runInProcess(["remind", ...args], { env });
  const records = () => new LinkRecords({ store, clock: () => new Date() }).list();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "signed-share-mail-cli-"));
    store = new LocalObjectStore(dataDir);
    for (const client of ["acme", "nocontacts", "beta"]) await store.put(`${PREFIX}/${client}/report.txt`, `report of ${client}\n`);
    await new ClientProfiles(store, () => new Date()).save("acme", { contacts: ["Buyer@Acme.example", "ops@acme.example"] }, "test");
    env = {
      SHARE_DATA_DIR: dataDir,
      SHARE_PUBLIC_URL: "http://localhost:9",
      SHARE_KEY_PAIR_ID: rsaTestKey.keyPairId,
      SHARE_PRIVATE_KEY: `file://${join(repoRoot, "test", "vectors", "test-rsa-private.pem")}`,
      PORTAL_SENDER_NAME: "Example Ltd",
    };
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("--email sends to the client's contacts: the .eml lands in the outbox under the data directory", async () => {
    const result = await issue("acme", "--expires", "1d", "--email", "--reply-to", "ops-team@example.com");
    expect(result.code, result.stderr).toBe(0);
    const url = result.stdout.trim();
    expect(result.stderr).toMatch(/sent to buyer@acme\.example, ops@acme\.example through the outbox \(portal\/outbox\/\d{8}T\d{6}Z-[a-f0-9]{8}\.eml\)/);
    const files = await readdir(join(dataDir, "portal", "outbox"));
    const eml = files.find((f) => f.endsWith(".eml"))!;
    const raw = await readFile(join(dataDir, "portal", "outbox", eml), "utf8");
    expect(raw).toMatch(/^To: buyer@acme\.example, ops@acme\.example\r$/m);
    expect(raw).toMatch(/^Reply-To: ops-team@example\.com\r$/m);
    expect(raw).toMatch(/^From: Example Ltd <signed-share@localhost>\r$/m);
    expect(raw).toContain("Content-Type: text/plain");
    expect(raw).toContain("Content-Type: text/html");
    const [entry] = await new Outbox(store).list();
    expect(entry!.text).toContain(url);
  });

  it("--to (repeated) with --json prints the link with its delivery (the API's document), and nothing else", async () => {
    const result = await issue("beta", "--expires", "3d", "--to", "a@beta.example", "--to", "b@beta.example", "--message", "Dear Beta,\n\nyour report.", "--json");
    expect(result.code, result.stderr).toBe(0);
    const { link: record, delivery } = JSON.parse(result.stdout) as { link: LinkRecord; delivery: { status: string; to: string[] } };
    expect(delivery).toMatchObject({ status: "sent", to: ["a@beta.example", "b@beta.example"] });
    expect(record.deliveries).toEqual([expect.objectContaining({ status: "sent", by: expect.stringMatching(/^cli:/) })]);
  });

  it("checks recipients and the message before issuing anything (exit 2)", async () => {
    const before = (await records()).length;
    const noContacts = await issue("nocontacts", "--expires", "1d", "--email");
    expect(noContacts.code).toBe(2);
    expect(noContacts.stderr).toMatch(/--email: nocontacts has no contact addresses; add them with signed-share files profile nocontacts --contact ADDRESS/);
    const bad = await issue("beta", "--expires", "1d", "--to", "boss <boss@example.com>");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/error: --to: recipient "boss" is not an e-mail address/);
    const link = await issue("beta", "--expires", "1d", "--to", "a@beta.example", "--message", "see http://evil.example");
    expect(link.code).toBe(2);
    expect(link.stderr).toMatch(/link of its own/);
    const all = await issue("--all", "--expires", "1d", "--to", "a@beta.example");
    expect(all.code).toBe(2);
    expect((await records()).length).toBe(before);
  });

  it("keeps the link when the mail server cannot be reached: URL on stdout, exit 5, the record says why", async () => {
    const port = await closedPort();
    const result = await runInProcess(["issue", "beta", "--expires", "1d", "--to", "a@beta.example"], {
      env: { ...env, SMTP_URL: `smtp://127.0.0.1:${port}`, SHARE_MAIL_FROM: "shares@example.com" },
    });
    expect(result.code).toBe(5);
    const url = result.stdout.trim();
    expect(url).toMatch(/^http:\/\/localhost:9\/beta\/_links\//);
    expect(result.stderr).toMatch(/failed: link \S+ was issued \(its URL is in the result\) but the e-mail was not sent: smtp:\/\/127\.0\.0\.1:\d+ refused the message: .*ECONNREFUSED.*check the host and port in SMTP_URL/);
    const record = (await records()).find((r) => r.url === url)!;
    expect(record.deliveries).toEqual([expect.objectContaining({ status: "failed", error: expect.stringContaining("ECONNREFUSED") })]);
  });

  it("two remind runs at once send each reminder once; a third run sends nothing", async () => {
    const remindersBefore = (await new Outbox(store).list()).filter((m) => m.kind === "reminder").length;
    const [a, b] = await Promise.all([remind("--json"), remind("--json")]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const reports = [a, b].map((r) => JSON.parse(r.stdout) as { outcomes: { event: string; status: string; client: string }[]; alreadyClaimed: number });
    const sent = reports.flatMap((r) => r.outcomes.filter((o) => o.event === "reminder" && o.status === "sent"));
    // acme (1d), beta (3d: outside the 2d window) and the beta link whose mail failed (never sent: no reminder)
    expect(sent.map((o) => o.client)).toEqual(["acme"]);
    const reminders = (await new Outbox(store).list()).filter((m) => m.kind === "reminder");
    expect(reminders.length - remindersBefore).toBe(1);
    expect(reminders[0]!.to).toEqual(["buyer@acme.example", "ops@acme.example"]);
    expect(reminders[0]!.subject).toBe("Reminder: your link to the files from Example Ltd expires in 1 day");

    const again = await remind();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe("");
    expect(again.stderr).toMatch(/checked \d+ links \(reminders 2 days before expiry\): 0 sent, 0 failed, 0 already sent by another run/);
  });

  it("refuses to run without a way to send mail (exit 2)", async () => {
    const off = await runInProcess(["remind"], { env: { ...env, SHARE_MAIL: "off" } });
    expect(off.code).toBe(2);
    expect(off.stderr).toMatch(/cannot send e-mail: SHARE_MAIL is off/);
  });
});
