import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiTokens } from "../../lib/tokens/api-tokens.js";
import { ADMIN, asUser, OPERATOR, portal, postJson, session, storeWithUsers, type TestPortal, type TestStore } from "../portal/fixture.js";
import { clientFilesOn } from "./subjects.js";
import { uploadThroughApi } from "./upload-helper.js";

const sha = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

describe("files API, local mode", () => {
  let base: TestStore;
  let p: TestPortal;
  let operator: { cookie: string; token: string };
  const big = randomBytes(11 * 1024 * 1024 + 7);

  beforeAll(async () => {
    base = await storeWithUsers();
    p = portal(base, { files: clientFilesOn(base.store) });
    operator = await session(p, OPERATOR);
  });
  afterAll(async () => {
    await base.cleanup();
  });
  const asOperator = (body: unknown) => postJson(operator, body);

  it("creates a client, uploads a file in three parts through the portal's part URLs, lists it, deletes it; all audited", async () => {
    const created = await p.app.request("/api/clients", asOperator({ client: "Initech Ltd", displayName: "Initech", contacts: ["it@initech.example"] }));
    expect(created.status).toBe(201);
    expect((await p.app.request("/api/clients", asOperator({ client: "Initech Ltd" }))).status).toBe(409);

    const done = await uploadThroughApi(p, asOperator, "Initech Ltd", "deliveries/big #1 + 100%.bin", big);
    expect(done.status).toBe(201);
    const path = join(base.dir, "data", "client_files", "Initech Ltd", "deliveries", "big #1 + 100%.bin");
    expect(sha(await readFile(path))).toBe(sha(big));
    const head = await base.store.head("client_files/Initech Ltd/deliveries/big #1 + 100%.bin");
    expect(head?.contentDisposition).toContain("filename*=UTF-8''big%20%231%20%2B%20100%25.bin");

    const listed = (await (await p.app.request("/api/clients/Initech%20Ltd/files", asUser(operator.cookie))).json()) as { files: { path: string; size: number }[] };
    expect(listed.files).toEqual([expect.objectContaining({ path: "deliveries/big #1 + 100%.bin", size: big.length })]);

    const deleted = await p.app.request("/api/clients/Initech%20Ltd/files/delete", asOperator({ path: "deliveries/big #1 + 100%.bin" }));
    expect(await deleted.json()).toEqual({ client: "Initech Ltd", deleted: ["deliveries/big #1 + 100%.bin"] });
    const events = p.log.events().map((e) => `${e.event}:${e.by}`);
    expect(events).toEqual(expect.arrayContaining(["client-created:olivia", "upload-started:olivia", "file-uploaded:olivia", "files-deleted:olivia"]));
    expect(await readdir(join(base.dir, "data", ".signed-share", "uploads"))).toEqual([]);
  });

  it("refuses bad names, the reserved folder, a file over the limit, a replace without confirmation, leaving nothing behind", async () => {
    const small = Buffer.from("hello\n");
    expect((await uploadThroughApi(p, asOperator, "acme-corp", "a.txt", small)).status).toBe(201);
    const refusals: [string, number, RegExp][] = [
      ["../escape.txt", 400, /"\.\." segment/],
      ["_links/page.html", 400, /reserved folder name _links/],
      ["ctl\u0001.txt", 400, /control character/],
      ["a.txt", 409, /already stored.*replace it or keep both/],
    ];
    for (const [name, status, message] of refusals) {
      const response = await uploadThroughApi(p, asOperator, "acme-corp", name, small);
      expect(response.status, name).toBe(status);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    const huge = await p.app.request("/api/uploads", asOperator({ client: "acme-corp", path: "huge.bin", size: 65 * 1024 * 1024 }));
    expect(huge.status).toBe(413);
    const replaced = await uploadThroughApi(p, asOperator, "acme-corp", "a.txt", Buffer.from("new\n"), undefined, { onConflict: "replace" });
    expect(replaced.status).toBe(201);
    const both = await uploadThroughApi(p, asOperator, "acme-corp", "a.txt", small, undefined, { onConflict: "keep-both" });
    expect(await both.json()).toMatchObject({ path: "a (2).txt" });
    expect(await readdir(join(base.dir, "data", ".signed-share", "uploads"))).toEqual([]);
  });

  it("refuses an upload whose client was changed in the request, a tampered or expired session, a forged part URL, a wrong length", async () => {
    const start = await p.app.request("/api/uploads", asOperator({ client: "acme-corp", path: "t.txt", size: 4 }));
    const { upload } = (await start.json()) as { upload: string };
    const tampered = await p.app.request("/api/uploads/parts", asOperator({ upload, client: "globex", partNumbers: [1] }));
    expect(tampered.status).toBe(403);
    expect(((await tampered.json()) as { error: { message: string } }).error.message).toContain('goes to client "acme-corp"');
    const forged = await p.app.request("/api/uploads/parts", asOperator({ upload: upload.replace(/^./, "x"), client: "acme-corp", partNumbers: [1] }));
    expect(forged.status).toBe(400);
    const admin = await session(p, ADMIN);
    expect((await p.app.request("/api/uploads/complete", postJson(admin, { upload, client: "acme-corp", parts: [{ partNumber: 1, etag: "x" }] }))).status).toBe(403);

    const { parts } = (await (await p.app.request("/api/uploads/parts", asOperator({ upload, client: "acme-corp", partNumbers: [1] }))).json()) as { parts: { url: string }[] };
    const url = parts[0]!.url;
    expect((await p.app.request(url.replace(/t=[^&]+/, "t=bogus"), { method: "PUT", body: "abcd", headers: { "content-length": "4" } })).status).toBe(403);
    expect((await p.app.request(url, { method: "PUT", body: "abcde", headers: { "content-length": "5" } })).status).toBe(400);

    p.advance(25 * 3_600_000);
    expect((await p.app.request(url, { method: "PUT", body: "abcd", headers: { "content-length": "4" } })).status).toBe(410);
    operator = await session(p, OPERATOR);
    const expired = await p.app.request("/api/uploads/complete", asOperator({ upload, client: "acme-corp", parts: [{ partNumber: 1, etag: "x" }] }));
    expect(expired.status).toBe(410);
    expect(((await expired.json()) as { error: { message: string } }).error.message).toContain("start the upload again");
    // The expired upload is still open in storage until aborted or pruned; abort needs a live session token, so start and abort one.
    const again = (await (await p.app.request("/api/uploads", asOperator({ client: "acme-corp", path: "t.txt", size: 4 }))).json()) as { upload: string };
    expect((await p.app.request("/api/uploads/abort", asOperator({ upload: again.upload, client: "acme-corp" }))).status).toBe(200);
  });

  it("answers a part with its own ETag, never a weak one, to a browser that accepts gzip (upload.js sends it back)", async () => {
    const { upload } = (await (await p.app.request("/api/uploads", asOperator({ client: "acme-corp", path: "etag.txt", size: 4 }))).json()) as { upload: string };
    const { parts } = (await (await p.app.request("/api/uploads/parts", asOperator({ upload, client: "acme-corp", partNumbers: [1] }))).json()) as { parts: { url: string }[] };
    const put = await p.app.request(parts[0]!.url, { method: "PUT", body: "abcd", headers: { "content-length": "4", "accept-encoding": "gzip, deflate" } });
    expect(put.status).toBe(200);
    const { etag } = (await put.json()) as { etag: string };
    expect(put.headers.get("etag")).toBe(etag);
    expect(etag.startsWith("W/")).toBe(false);
    expect((await p.app.request("/api/uploads/complete", asOperator({ upload, client: "acme-corp", parts: [{ partNumber: 1, etag: put.headers.get("etag")! }] }))).status).toBe(201);
  });

  it("refuses a cross-site upload start", async () => {
    const response = await p.app.request("/api/uploads", postJson(operator, { client: "acme-corp", path: "x.txt", size: 1 }, { "sec-fetch-site": "cross-site" }));
    expect(response.status).toBe(403);
  });
});

describe("API tokens", () => {
  let base: TestStore;
  let p: TestPortal;

  beforeAll(async () => {
    base = await storeWithUsers();
    p = portal(base, { files: clientFilesOn(base.store) });
  });
  afterAll(async () => {
    await base.cleanup();
  });

  it("an admin creates a token shown once and stored hashed; it works on /api with its role, never on HTML routes; revoked it gets 401", async () => {
    const admin = await session(p, ADMIN);
    const created = await p.app.request("/api/tokens", postJson(admin, { name: "ci-deliveries", role: "operator", expires: "30d" }));
    expect(created.status).toBe(201);
    const { token, summary } = (await created.json()) as { token: string; summary: { id: string } };
    const stored = await readFile(join(base.dir, "data", "portal", "tokens", `${summary.id}.json`), "utf8");
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(token.slice(-43));

    const bearer = (body?: unknown, method = "POST"): RequestInit => ({
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect((await p.app.request("/api/clients", bearer({ client: "pipeline-co" }))).status).toBe(201);
    expect((await p.app.request("/api/session", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await uploadThroughApi(p, (b) => bearer(b), "pipeline-co", "build.txt", Buffer.from("artifact\n"))).status).toBe(201);
    const link = await p.app.request("/api/clients/pipeline-co/links", bearer({ expires: "7d" }));
    expect(link.status).toBe(201);
    expect(p.log.events().filter((e) => e.by === "token:ci-deliveries").map((e) => e.event)).toEqual(
      expect.arrayContaining(["client-created", "upload-started", "file-uploaded", "link-issued"]),
    );

    // Operator role: no admin endpoints; no token management by tokens at all.
    expect((await p.app.request("/api/tokens", { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
    // Never on the HTML routes: the header is ignored there and the request is not signed in.
    const html = await p.app.request("/clients", { headers: { authorization: `Bearer ${token}` } });
    expect(html.status).toBe(303);
    expect(html.headers.get("location")).toMatch(/^\/sign-in/);

    const listed = (await (await p.app.request("/api/tokens", asUser(admin.cookie))).json()) as { tokens: { name: string; lastUsedAt?: string }[] };
    expect(listed.tokens[0]).toMatchObject({ name: "ci-deliveries", lastUsedAt: expect.any(String) });
    expect(JSON.stringify(listed)).not.toContain(token);

    expect((await p.app.request(`/api/tokens/${summary.id}/revoke`, postJson(admin, {}))).status).toBe(200);
    const after = await p.app.request("/api/clients", bearer({ client: "too-late" }));
    expect(after.status).toBe(401);
    expect(after.headers.get("www-authenticate")).toContain("Bearer");
    expect((await p.app.request("/api/session", { headers: { authorization: "Bearer sst_0000000000000000_" + "a".repeat(43) } })).status).toBe(401);
  });

  it("expired tokens stop working; bad names and lifetimes are refused", async () => {
    const tokens = new ApiTokens(base.store, p.deps.clock);
    const { token } = await tokens.create({ name: "short", role: "admin", expiresAt: new Date(p.deps.clock().getTime() + 60_000), by: "adam" });
    expect((await p.app.request("/api/session", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    p.advance(61_000);
    expect((await p.app.request("/api/session", { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    await expect(tokens.create({ name: "Bad Name", role: "admin", expiresAt: new Date(p.deps.clock().getTime() + 60_000), by: "adam" })).rejects.toThrow(/invalid token name/);
    await expect(tokens.create({ name: "long", role: "admin", expiresAt: new Date(p.deps.clock().getTime() + 400 * 86_400_000), by: "adam" })).rejects.toThrow(/366 days/);
    const operator = await session(p, OPERATOR);
    expect((await p.app.request("/api/tokens", postJson(operator, { name: "x", role: "admin", expires: "1d" }))).status).toBe(403);
  });
});
