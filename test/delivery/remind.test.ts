import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LinkActivitySource, LinkActivitySummary } from "../../lib/activity/link-summary.js";
import type { MailConfig } from "../../lib/config.js";
import { Claims } from "../../lib/delivery/claims.js";
import { MailSettingsStore } from "../../lib/delivery/mail-settings.js";
import { runReminders, type RemindDeps } from "../../lib/delivery/remind.js";
import { sendLink } from "../../lib/delivery/send-link.js";
import { MailSendError, type Mailer, type OutgoingMail, type SentMail } from "../../lib/mail/mailer.js";
import { Outbox, OutboxMailer } from "../../lib/mail/outbox.js";
import type { LinkRecord } from "../../lib/links/link-record.js";
import { LinkRecords } from "../../lib/links/link-records.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import type { ObjectStore } from "../../lib/storage/object-store.js";
import { S3ObjectStore } from "../../lib/storage/s3-store.js";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy.js";
import { startFauxqs, type FauxqsHandle } from "../support/fauxqs.js";
import { DAY, publisherFor, putFiles, T0 } from "../publish/helpers.js";

const MAIL: MailConfig = { transport: { kind: "outbox" }, from: "shares@example.com", senderName: "Example Ltd", ownDomains: ["example.com"], perUserPerHour: 100, remindBeforeMs: 2 * DAY };
const FILES = { "a.txt": "a\n", "b/c.txt": "c\n", "d.txt": "d\n" };

/** A stateful stand-in for the download-activity reader (issue 11): tests say what the logs showed. */
class FakeActivity implements LinkActivitySource {
  readonly seen = new Map<string, LinkActivitySummary>();
  calls = 0;
  download(linkId: string, files: string[], at: Date): void {
    const before = this.seen.get(linkId);
    this.seen.set(linkId, {
      linkId,
      downloads: (before?.downloads ?? 0) + files.length,
      firstDownloadAt: before?.firstDownloadAt ?? at.toISOString(),
      lastDownloadAt: at.toISOString(),
      filesComplete: [...new Set([...(before?.filesComplete ?? []), ...files])],
      asOf: at.toISOString(),
    });
  }
  async summary(linkId: string): Promise<LinkActivitySummary | null> {
    this.calls += 1;
    return this.seen.get(linkId) ?? null;
  }
}

interface Subject {
  store: ObjectStore;
  cleanup(): Promise<void>;
}

const subjects: [string, () => Promise<Subject>][] = [
  [
    "local store",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "signed-share-remind-"));
      return { store: new LocalObjectStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  ],
  [
    "S3 over fauxqs (conditional writes as S3 answers them)",
    async () => {
      const s3: FauxqsHandle = await startFauxqs();
      const proxy: FaultProxy = await startFaultProxy(s3.endpoint, { conditionalWrites: true });
      const store = new S3ObjectStore(s3.client({ endpoint: proxy.endpoint, maxAttempts: 1 }), await s3.createBucket());
      return {
        store,
        cleanup: async () => {
          // The claims went out as S3 conditional writes.
          expect(proxy.requests.some((r) => r.method === "PUT" && r.path.includes("/portal/mail/claims/") && r.headers["if-none-match"] === "*")).toBe(true);
          await proxy.stop();
          await s3.stop();
        },
      };
    },
  ],
];

describe.each(subjects)("reminders and notifications on the %s", (_name, create) => {
  let subject: Subject;
  let store: ObjectStore;
  let now = T0;
  const clock = () => now;
  const activity = new FakeActivity();

  /** A run as a separate process would make it: its own records, claims and mailer over the same store. */
  function run(runId: string, overrides: Partial<RemindDeps> = {}) {
    return runReminders({
      records: new LinkRecords({ store, clock }),
      claims: new Claims(store, clock, runId),
      mailer: new OutboxMailer(store, clock),
      clock,
      mail: MAIL,
      activity,
      settings: new MailSettingsStore(store, clock),
      look: async () => ({ brand: {}, audience: { language: "en" } } as const),
      portalUrl: "https://share-admin.example.com",
      ...overrides,
    });
  }

  const outbox = () => new Outbox(store).list();
  const ofKind = async (kind: OutgoingMail["kind"], linkId: string) => (await outbox()).filter((m) => m.kind === kind && m.linkId === linkId);

  async function emailedLink(client: string, expiresInMs: number, issuedBy = "olivia@example.com"): Promise<LinkRecord> {
    await putFiles(store, client, FILES);
    const record = await publisherFor(store, { clock }).publish({ client, expiresAt: new Date(now.getTime() + expiresInMs), mode: "per-file", issuedBy });
    const sent = await sendLink(
      { records: new LinkRecords({ store, clock }), mailer: new OutboxMailer(store, clock), clock, mail: MAIL },
      { record, to: ["client@example.org", "second@example.org"], note: "Hello,\n\nyour files.", by: issuedBy, sender: { person: "Example Ltd" }, look: { brand: {}, audience: { language: "en" } }, replyTo: { name: issuedBy, address: "olivia@example.com" } },
    );
    expect(sent.delivery.status).toBe("sent");
    return sent.record;
  }

  beforeAll(async () => {
    subject = await create();
    store = subject.store;
  }, 60_000);
  afterAll(async () => {
    await subject?.cleanup();
  });

  it("two runs at once send each reminder once, and a later run (a restart) sends nothing again", async () => {
    now = T0;
    const soon = await emailedLink("soon-corp", 1 * DAY);
    const later = await emailedLink("later-corp", 10 * DAY);

    const [first, second] = await Promise.all([run("run-a"), run("run-b")]);
    const reminders = await ofKind("reminder", soon.linkId);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.to).toEqual(["client@example.org", "second@example.org"]);
    expect(reminders[0]!.replyTo).toBe("olivia@example.com");
    expect(reminders[0]!.subject).toBe("Reminder: your link to the files from Example Ltd expires in 1 day");
    expect(reminders[0]!.text).toContain(soon.url);
    const sentBy = [first, second].map((r) => r.outcomes.filter((o) => o.event === "reminder" && o.linkId === soon.linkId && o.status === "sent").length);
    expect(sentBy.sort()).toEqual([0, 1]);
    expect(await ofKind("reminder", later.linkId)).toHaveLength(0); // not yet in the window

    const restart = await run("run-c");
    expect(restart.outcomes.filter((o) => o.linkId === soon.linkId)).toEqual([]);
    expect(await ofKind("reminder", soon.linkId)).toHaveLength(1);
    const claim = await new Claims(store, clock, "x").get(soon.linkId, "reminder");
    expect(claim).toMatchObject({ status: "sent", to: ["client@example.org", "second@example.org"] });

    now = new Date(T0.getTime() + 9 * DAY); // the other link enters its window
    await Promise.all([run("run-d"), run("run-e"), run("run-f")]);
    expect(await ofKind("reminder", later.linkId)).toHaveLength(1);
    now = T0;
  });

  it("does not remind when every file was downloaded, nor for links never e-mailed, revoked or expired", async () => {
    now = T0;
    const done = await emailedLink("done-corp", 1 * DAY);
    activity.download(done.linkId, Object.keys(FILES), T0);
    const revoked = await emailedLink("revoked-corp", 1 * DAY);
    await new LinkRecords({ store, clock }).revoke(revoked.linkId, "test");
    await putFiles(store, "quiet-corp", FILES);
    const quiet = await publisherFor(store, { clock }).publish({ client: "quiet-corp", expiresAt: new Date(T0.getTime() + DAY), mode: "per-file", issuedBy: "cli:ops" });

    await run("run-g");
    for (const record of [done, revoked, quiet]) expect(await ofKind("reminder", record.linkId)).toHaveLength(0);
  });

  it("tells the issuer once at the first download and once when every file was seen, across concurrent runs", async () => {
    now = T0;
    const link = await emailedLink("watched-corp", 30 * DAY);
    await Promise.all([run("n-1"), run("n-2")]);
    expect(await ofKind("notification", link.linkId)).toHaveLength(0); // nothing downloaded yet

    activity.download(link.linkId, ["a.txt"], new Date(T0.getTime() + 3_600_000));
    await Promise.all([run("n-3"), run("n-4")]);
    let notes = await ofKind("notification", link.linkId);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.to).toEqual(["olivia@example.com"]);
    expect(notes[0]!.subject).toBe(`watched-corp downloaded 1 of 3 files of link ${link.linkId}`);
    expect(notes[0]!.text).toContain(`https://share-admin.example.com/links/${link.linkId}/issued?client=watched-corp`);
    expect(notes[0]!.text).not.toContain(link.url); // the issuer gets the portal's page, never the signed link

    activity.download(link.linkId, ["b/c.txt"], new Date(T0.getTime() + 7_200_000));
    await run("n-5");
    expect(await ofKind("notification", link.linkId)).toHaveLength(1); // 2 of 3: nothing new to say

    activity.download(link.linkId, ["d.txt"], new Date(T0.getTime() + 10_800_000));
    await Promise.all([run("n-6"), run("n-7"), run("n-8")]);
    notes = await ofKind("notification", link.linkId);
    expect(notes.map((n) => n.subject).sort()).toEqual([`watched-corp downloaded 1 of 3 files of link ${link.linkId}`, `watched-corp downloaded all 3 files of link ${link.linkId}`].sort());

    await run("n-9");
    expect(await ofKind("notification", link.linkId)).toHaveLength(2);
  });

  it("says 'started downloading' when the first download seen has not completed a file", async () => {
    now = T0;
    const link = await emailedLink("partial-corp", 30 * DAY);
    activity.download(link.linkId, [], T0); // a Range request that delivered part of a file
    activity.seen.get(link.linkId)!.downloads = 1;
    await run("p-1");
    const [note] = await ofKind("notification", link.linkId);
    expect(note!.subject).toBe(`partial-corp started downloading from link ${link.linkId} (no file complete yet, of 3 files)`);
  });

  it("sends nothing to an issuer who turned notifications off, and nothing to an issuer without an address", async () => {
    now = T0;
    await new MailSettingsStore(store, clock).save("quiet@example.com", { notifications: false });
    const optedOut = await emailedLink("opted-out-corp", 30 * DAY, "quiet@example.com");
    await putFiles(store, "cli-corp", FILES);
    const fromCli = await publisherFor(store, { clock }).publish({ client: "cli-corp", expiresAt: new Date(T0.getTime() + 30 * DAY), mode: "per-file", issuedBy: "cli:ops" });
    activity.download(optedOut.linkId, ["a.txt"], T0);
    activity.download(fromCli.linkId, ["a.txt"], T0);
    await run("o-1");
    expect(await ofKind("notification", optedOut.linkId)).toHaveLength(0);
    expect(await ofKind("notification", fromCli.linkId)).toHaveLength(0);
  });

  it("gives a reminder back when the mail server surely did not take it, and sends it on the next run", async () => {
    now = T0;
    const link = await emailedLink("retry-corp", 1 * DAY);
    const refusing: Mailer = {
      kind: "smtp",
      description: "smtp://mail.example.com:587",
      send: async (): Promise<SentMail> => {
        throw new MailSendError("smtp://mail.example.com:587 refused the message: connection refused", true);
      },
      close() {},
    };
    const failed = await run("r-1", { mailer: refusing });
    expect(failed.outcomes.find((o) => o.linkId === link.linkId)).toMatchObject({ status: "failed", detail: expect.stringContaining("the next run tries again") });
    expect(await ofKind("reminder", link.linkId)).toHaveLength(0);

    await run("r-2");
    expect(await ofKind("reminder", link.linkId)).toHaveLength(1);
  });
});
