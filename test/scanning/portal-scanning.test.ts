// The portal with malware scanning (clamd, local store): uploads are scanned as they are stored, the API and the
// client page show each file's status, issuing leaves an infected file off the page, and the admins hear of it once.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Claims } from "../../lib/delivery/claims.js";
import { ClientFiles } from "../../lib/files/client-files.js";
import { multipartFor } from "../../lib/files/create-client-files.js";
import { OutboxMailer, OUTBOX_PREFIX } from "../../lib/mail/outbox.js";
import { Publisher } from "../../lib/publishing/publisher.js";
import { ClamdClient } from "../../lib/scanning/clamd-client.js";
import { infectedAlert } from "../../lib/scanning/infected-alert.js";
import { ClamdScanner } from "../../lib/scanning/scanner.js";
import { Scanning } from "../../lib/scanning/scanning.js";
import { listAll } from "../../lib/storage/list-all.js";
import { readText } from "../../lib/storage/read-text.js";
import { EICAR, EICAR_SIGNATURE } from "../../tools/bench/clamd-daemon.js";
import { rsaSigningKey } from "../support/vectors.js";
import { asUser, DAY, issueThroughForm, OPERATOR, portal, postJson, PREFIX, PUBLIC_URL, session, storeWithUsers, type TestPortal, type TestStore } from "../portal/fixture.js";
import { uploadThroughApi } from "../files/upload-helper.js";

const clamd = inject("clamd");

describe.skipIf(!clamd)("the portal with clamd scanning", () => {
  let base: TestStore;
  let p: TestPortal;
  let scanning: Scanning;
  let operator: { cookie: string; token: string };

  beforeAll(async () => {
    base = await storeWithUsers();
    const clock = () => new Date("2026-03-02T09:00:00Z");
    const mailer = new OutboxMailer(base.store, clock);
    scanning = new Scanning({
      store: base.store,
      scanner: new ClamdScanner(base.store, new ClamdClient({ kind: "unix", path: clamd!.socketPath }), clock),
      onInfected: infectedAlert({ mailer, claims: new Claims(base.store, clock, "test"), from: { address: "share@example.com" }, recipients: async () => ["sec@example.com"], prefix: PREFIX }),
    });
    const files = new ClientFiles({ store: base.store, multipart: multipartFor(base.store, clock), prefix: PREFIX, clock, maxFileSize: 1024 ** 3, scanning });
    const publisher = new Publisher({
      store: base.store,
      prefix: PREFIX,
      publicUrl: PUBLIC_URL,
      signingKey: async () => rsaSigningKey,
      clock,
      maxExpiryMs: 366 * DAY,
      scanStatuses: (keys) => scanning.statuses(keys),
    });
    p = portal(base, { files, publisher, scanning, listingCacheMs: 0 });
    operator = await session(p, OPERATOR);
    await p.app.request("/api/clients", postJson(operator, { client: "initech" }));
  });
  afterAll(async () => {
    await scanning?.idle();
    await base?.cleanup();
  });

  it("scans each upload as it is stored; the API, the page and the issued link follow the verdicts", async () => {
    expect((await uploadThroughApi(p, (b) => postJson(operator, b), "initech", "report.txt", Buffer.from("quarterly numbers\n"))).status).toBe(201);
    expect((await uploadThroughApi(p, (b) => postJson(operator, b), "initech", "tools/eicar.com", Buffer.from(EICAR))).status).toBe(201);
    await scanning.idle();

    const listed = (await (await p.app.request("/api/clients/initech/files", asUser(operator.cookie))).json()) as { files: { path: string; scan: string; scanDetail?: string }[] };
    expect(listed.files.map(({ path, scan, scanDetail }) => ({ path, scan, scanDetail }))).toEqual([
      { path: "report.txt", scan: "clean", scanDetail: undefined },
      { path: "tools/eicar.com", scan: "infected", scanDetail: EICAR_SIGNATURE },
    ]);

    const page = await (await p.app.request("/clients/initech", asUser(operator.cookie))).text();
    expect(page).toContain('class="badge badge--scan-clean"');
    expect(page).toContain('class="badge badge--scan-infected"');
    expect(page).toContain("only clean files go on a client");

    const { linkId, location } = await issueThroughForm(p, operator, "initech");
    const issued = await (await p.app.request(location, asUser(operator.cookie))).text();
    expect(issued).toContain("1 file was left off the page because the malware scan does not say clean");
    const record = JSON.parse((await readText(base.store, `portal/links/initech/${linkId}.json`))!);
    expect(record).toMatchObject({ fileCount: 1, held: { count: 1, examples: [{ key: "client_files/initech/tools/eicar.com", reason: `infected: ${EICAR_SIGNATURE}` }] } });
    const clientPage = (await readText(base.store, record.pageKey))!;
    expect(clientPage).toContain("report.txt");
    expect(clientPage).not.toContain("eicar");
  });

  it("told the admins about the infected file once, however often it was seen", async () => {
    await p.app.request("/api/clients/initech/files", asUser(operator.cookie));
    await scanning.idle();
    const alerts = [];
    for await (const object of listAll(base.store, OUTBOX_PREFIX)) {
      if (!object.key.endsWith(".json")) continue;
      const entry = JSON.parse((await readText(base.store, object.key))!);
      if (entry.kind === "alert") alerts.push(entry);
    }
    expect(alerts).toHaveLength(1);
    expect(alerts[0].text).toContain("tools/eicar.com");
  });
});

describe("the portal with scanning off", () => {
  let base: TestStore;
  beforeAll(async () => {
    base = await storeWithUsers();
  });
  afterAll(() => base?.cleanup());

  it("says so on the client page, and the API says off for every file", async () => {
    const p = portal(base, { scanning: new Scanning({ store: base.store, offReason: "SHARE_SCANNER is not set" }) });
    const s = await session(p);
    const page = await (await p.app.request("/clients/acme-corp", asUser(s.cookie))).text();
    expect(page).toContain("Malware scanning is off: files are shared without a scan");
    const listed = (await (await p.app.request("/api/clients/acme-corp/files", asUser(s.cookie))).json()) as { files: { scan: string }[] };
    expect(new Set(listed.files.map((f) => f.scan))).toEqual(new Set(["off"]));
  });
});
