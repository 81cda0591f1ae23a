// The audit trail at its doors, in process: the Audit page (filters, paging, admins only), the
// sign-in events, and `signed-share audit` as JSON (the API's document) and CSV.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../support/run-command.js";
import { ADMIN, asUser, issueThroughForm, OPERATOR, portal, postForm, postJson, session, storeWithUsers, type TestPortal, type TestStore } from "../portal/fixture.js";

let base: TestStore;
let p: TestPortal;
let admin: { cookie: string; token: string };

beforeAll(async () => {
  base = await storeWithUsers();
  p = portal(base);
  admin = await session(p, ADMIN);
  const operator = await session(p, OPERATOR);
  await issueThroughForm(p, operator, "acme-corp");
  await issueThroughForm(p, operator, "globex");
  await issueThroughForm(p, admin, "acme-corp");
});
afterAll(() => base.cleanup());

const rows = (html: string) => [...html.matchAll(/<tr data-event="([^"]+)">[\s\S]*?data-label="Client">([^<]*)</g)].map((m) => `${m[1]} ${m[2]}`);

describe("the Audit page", () => {
  it("lists every change and sign-in with who made it", async () => {
    const html = await (await p.app.request("/audit", asUser(admin.cookie))).text();
    // One instant on the test clock: the order within a millisecond is the keys' random part.
    expect(rows(html).sort()).toEqual(["link-issued acme-corp", "link-issued acme-corp", "link-issued globex", "sign-in ", "sign-in "]);
    expect(html).toContain(OPERATOR.name);
  });

  it("filters by client, user and action", async () => {
    expect(rows(await (await p.app.request("/audit?client=acme-corp", asUser(admin.cookie))).text())).toEqual(["link-issued acme-corp", "link-issued acme-corp"]);
    expect(rows(await (await p.app.request(`/audit?client=globex&user=${OPERATOR.name}`, asUser(admin.cookie))).text())).toEqual(["link-issued globex"]);
    expect(rows(await (await p.app.request("/audit?action=sign-*", asUser(admin.cookie))).text())).toEqual(["sign-in ", "sign-in "]);
  });

  it("pages by cursor through the API", async () => {
    const first = (await (await p.app.request("/api/audit?limit=2", asUser(admin.cookie))).json()) as { events: { event: string }[]; next?: string };
    expect(first.events).toHaveLength(2);
    const second = (await (await p.app.request(`/api/audit?limit=2&cursor=${encodeURIComponent(first.next!)}`, asUser(admin.cookie))).json()) as { events: { id: string }[] };
    expect(second.events).toHaveLength(2);
    expect((await p.app.request("/api/audit?cursor=..%2Fetc", asUser(admin.cookie))).status).toBe(400);
  });

  it("refuses a bad instant with the form kept, and operators altogether", async () => {
    const bad = await p.app.request("/audit?since=soon", asUser(admin.cookie));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('value="soon"');
    const operator = await session(p, OPERATOR);
    expect((await p.app.request("/audit", asUser(operator.cookie))).status).toBe(403);
    expect((await p.app.request("/api/audit", asUser(operator.cookie))).status).toBe(403);
  });
});

describe("changes the portal makes outside the operations", () => {
  it("API tokens and e-mail settings are in the trail, never the token itself", async () => {
    const created = await p.app.request("/api/tokens", postJson(admin, { name: "ci-deploy", role: "operator", expires: "30d" }));
    expect(created.status).toBe(201);
    const { token, summary } = (await created.json()) as { token: string; summary: { id: string } };
    expect((await p.app.request(`/api/tokens/${summary.id}/revoke`, postJson(admin, {}))).status).toBe(200);
    expect((await p.app.request("/mail", postForm(admin, { address: "adam@example.com", notifications: "on" }))).status).toBe(303);
    const { events } = await p.deps.services.auditLog.page({ user: ADMIN.name });
    expect(events.map((e) => e.event).sort()).toEqual(expect.arrayContaining(["mail-settings-saved", "token-created", "token-revoked"]));
    expect(JSON.stringify(events)).not.toContain(token);
  });
});

describe("signed-share audit", () => {
  const audit = (args: string[]) => runInProcess(["audit", ...args], { services: p.deps.services });

  it("--json prints the API's document with every matching event", async () => {
    const result = await audit(["--client", "acme-corp", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as { events: { event: string; client: string; actor: { name: string } }[] };
    expect(document.events.map((e) => `${e.event} ${e.client}`)).toEqual(["link-issued acme-corp", "link-issued acme-corp"]);
    expect(result.stdout).not.toMatch(/Signature=|password/i);
  });

  it("--csv prints a header and one RFC 4180 line per event, every page", async () => {
    const result = await audit(["--csv", "--since", "30d"]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^at,event,/);
    expect(lines.length).toBeGreaterThanOrEqual(6);
    expect(lines.filter((line) => line.includes(",link-issued,"))).toHaveLength(3);
  });

  it("--limit prints one page and says how to get the next; --csv and --json do not go together", async () => {
    const one = await audit(["--limit", "1"]);
    expect(one.code).toBe(0);
    expect(one.stdout.trim().split("\n")).toHaveLength(1);
    expect(one.stderr).toMatch(/more: signed-share audit --cursor \S+/);
    const both = await audit(["--csv", "--json"]);
    expect(both.code).toBe(2);
  });
});
