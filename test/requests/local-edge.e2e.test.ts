// Local mode end to end, without a browser: an operator creates a file request in the portal, the
// client's link opens its upload page through the local edge, files go through the edge's upload API
// path (forwarded to the portal as CloudFront's behaviour does), land under received/, and the
// operator's e-mail is in the outbox. Then a closed, a revoked and an expired request are refused at
// the edge (the guard, the signature check) and at the API behind it.
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type LocalConfig } from "../../lib/config.js";
import { MailSettingsStore } from "../../lib/delivery/mail-settings.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { startLocalMode, type RunningLocalMode } from "../../portal/local/local-mode.js";
import { REQUEST_API_PREFIX } from "../../portal/requests/upload-api.js";
import { runInProcess } from "../support/run-command.js";
import { quietLogger } from "../../portal/logger.js";

const PASSWORD = "requests-password-1";
const unescapeHtml = (text: string) => text.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

describe("file requests in local mode, through the local edge", { timeout: 120_000 }, () => {
  let dataDir: string;
  let running: RunningLocalMode;
  let cookie: string;
  let csrf: string;

  const portal = (path: string, init: RequestInit = {}) => fetch(`${running.portalUrl}${path}`, { redirect: "manual", ...init, headers: { cookie, ...(init.headers as Record<string, string>) } });

  async function createRequest(fields: Record<string, string>): Promise<{ id: string; url: string }> {
    const created = await portal("/clients/acme-corp/requests", { method: "POST", body: new URLSearchParams({ _csrf: csrf, ...fields }) });
    expect(created.status, await created.clone().text()).toBe(303);
    const id = /\/requests\/([A-Za-z0-9_-]{22})/.exec(created.headers.get("location")!)![1]!;
    const html = await (await portal(`/requests/${id}`)).text();
    const url = unescapeHtml(/<textarea id="request-url"[^>]*>([^<]+)<\/textarea>/.exec(html)![1]!.trim());
    return { id, url };
  }

  /** An upload API call through the edge, with the link's own query. */
  const api = (link: string, action: string, body?: unknown, method = body === undefined ? "GET" : "POST") => {
    const url = new URL(link);
    return fetch(`${url.origin}${url.pathname.replace(/\.html$/, `/upload/${action}`)}${url.search}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
    });
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "requests-local-"));
    running = await startLocalMode(loadConfig({ env: { SHARE_DATA_DIR: dataDir, PORT: "0", EDGE_PORT: "0", PORTAL_ADMIN_PASSWORD: PASSWORD } }) as LocalConfig, { logger: quietLogger });
    const signIn = await fetch(`${running.portalUrl}/sign-in`, { method: "POST", body: new URLSearchParams({ username: "admin", password: PASSWORD }), redirect: "manual" });
    cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    csrf = ((await (await portal("/api/session")).json()) as { csrfToken: string }).csrfToken;
    // The operator's address, for the notification.
    await new MailSettingsStore(new LocalObjectStore(dataDir), () => new Date()).save("admin", { address: "admin@example.com", notifications: true });
  });
  afterAll(async () => {
    await running?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("a request's page opens through the edge; files go through the edge to received/; the operator's e-mail is in the outbox", async () => {
    const request = await createRequest({ expires: "7d", maxFiles: "5", note: "The signed contract, please" });
    const page = await fetch(request.url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toMatch(/script-src [^;]*'sha256-/);
    const html = await page.text();
    expect(html).toContain("The signed contract, please");
    // The page's own CSP hashes are allowed by the edge's header too.
    const metaCsp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    const scriptHash = /script-src ('sha256-[^']+')/.exec(metaCsp)![1]!;
    expect(page.headers.get("content-security-policy")).toContain(scriptHash);

    const bytes = randomBytes(6 * 1024 * 1024 + 123);
    const batch = createHash("md5").update("batch").digest("hex");
    const started = await api(request.url, "files", { path: "contract (signed).pdf", size: bytes.length, batch });
    expect(started.status, await started.clone().text()).toBe(201);
    const session = (await started.json()) as { upload: string; partSize: number; partCount: number };
    const parts = [];
    for (let n = 1; n <= session.partCount; n += 1) {
      const [part] = ((await (await api(request.url, "parts", { upload: session.upload, partNumbers: [n] })).json()) as { parts: { url: string; length: number }[] }).parts;
      expect(new URL(part!.url).origin).toBe(new URL(running.edgeUrl).origin);
      const put = await fetch(part!.url, { method: "PUT", body: bytes.subarray((n - 1) * session.partSize, (n - 1) * session.partSize + part!.length) });
      expect(put.status).toBe(200);
      parts.push({ partNumber: n, etag: put.headers.get("etag")! });
    }
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    expect((await api(request.url, "complete", { upload: session.upload, parts, sha256 })).status).toBe(201);
    const finished = await api(request.url, "finish", { batch });
    expect(finished.status).toBe(200);
    const stored = await readFile(join(dataDir, "client_files", "acme-corp", "received", request.id, "contract (signed).pdf"));
    expect(stored.equals(bytes)).toBe(true);
    const outbox = join(dataDir, "portal", "outbox");
    const messages = await Promise.all((await readdir(outbox)).map((name) => readFile(join(outbox, name), "utf8")));
    const notice = messages.find((m) => m.includes("admin@example.com") && m.includes("contract (signed).pdf"));
    expect(notice).toBeDefined();
    expect(notice).toMatch(/Subject: acme-corp sent 1 file/);
    // links activity shows what the request received (its ledger) beside the calls the edge logged.
    const activity = await runInProcess(["links", "activity", request.id, "--json"], { env: { SHARE_DATA_DIR: dataDir } });
    expect(activity.code, activity.stderr).toBe(0);
    const shown = JSON.parse(activity.stdout) as { received: { path: string; size: number; sha256: string; state: string }[]; events: { method: string }[] };
    expect(shown.received).toEqual([expect.objectContaining({ path: "contract (signed).pdf", size: bytes.length, sha256, state: "accepted" })]);
    expect(shown.events.some((e) => e.method === "PUT")).toBe(true);
    expect(activity.stdout).not.toMatch(/Signature=|Policy=/);
    // The portal lists it on the request's page and the client's page.
    expect(await (await portal(`/requests/${request.id}`)).text()).toContain("contract (signed).pdf");
    expect(await (await portal("/clients/acme-corp")).text()).toContain(`/requests/${request.id}`);
  });

  it("closed, revoked and expired requests: the edge refuses the page and the API, and so does the portal behind it", async () => {
    const closed = await createRequest({ expires: "7d" });
    const revoked = await createRequest({ expires: "7d" });
    const expiring = await createRequest({ expires: "2s" });
    expect((await portal(`/requests/${closed.id}/close`, { method: "POST", body: new URLSearchParams({ _csrf: csrf }) })).status).toBe(200);
    expect((await portal(`/requests/${revoked.id}/revoke`, { method: "POST", body: new URLSearchParams({ _csrf: csrf }) })).status).toBe(200);
    for (const request of [closed, revoked]) {
      const page = await fetch(request.url);
      expect(page.status).toBe(403);
      expect(page.headers.get("x-deny-reason")).toBe("guard");
      const call = await api(request.url, "state");
      expect(call.status).toBe(403);
      expect(call.headers.get("x-deny-reason")).toBe("guard");
      // Straight at the portal (as if someone bypassed the edge): refused there too.
      const url = new URL(request.url);
      const direct = await fetch(`${running.portalUrl}${REQUEST_API_PREFIX}${url.pathname.replace(/\.html$/, "/upload/state")}${url.search}`);
      expect(direct.status).toBe(410);
    }
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const page = await fetch(expiring.url);
    expect(page.status).toBe(403);
    expect(page.headers.get("x-deny-reason")).toBe("expired");
    expect((await api(expiring.url, "state")).headers.get("x-deny-reason")).toBe("expired");
    const url = new URL(expiring.url);
    expect((await fetch(`${running.portalUrl}${REQUEST_API_PREFIX}${url.pathname.replace(/\.html$/, "/upload/state")}${url.search}`)).status).toBe(410);
  });

  it("the edge forwards only the upload API's paths, and only with a valid signature", async () => {
    const request = await createRequest({ expires: "7d" });
    const url = new URL(request.url);
    // POST to the page itself, or to a file path, is refused as before.
    expect((await fetch(request.url, { method: "POST", body: "x" })).status).toBe(403);
    // The API path without the signature never reaches the portal.
    const unsigned = await fetch(`${url.origin}${url.pathname.replace(/\.html$/, "/upload/state")}?l=${request.id}`);
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get("x-deny-reason")).toBe("missing-parameters");
  });
});
