// The admins' API tokens page runs the tokens operations (lib/ops/tokens): the same checks and audit entries as the API and the CLI.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, OPERATOR, portal, postForm, session, storeWithUsers, type TestPortal, type TestStore } from "./fixture.js";

let base: TestStore;
let p: TestPortal;
beforeAll(async () => {
  base = await storeWithUsers();
  p = portal(base);
});
afterAll(() => base.cleanup());

describe("the API tokens page", () => {
  it("creates a token shown once, refuses a bad role or expiry with the form's words, and revokes", async () => {
    const admin = await session(p, ADMIN);
    const created = await p.app.request("/tokens", postForm(admin, { name: "ci-page", role: "operator", expires: "30d" }));
    expect(created.status).toBe(201);
    const token = /value="(sst_[^"]+)"/.exec(await created.text())?.[1];
    expect(token).toBeDefined();
    expect((await p.app.request("/api/clients", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    const badRole = await p.app.request("/tokens", postForm(admin, { name: "x", role: "root", expires: "30d" }));
    expect(badRole.status).toBe(400);
    expect(await badRole.text()).toContain("Choose a role: operator or admin.");
    const badExpiry = await p.app.request("/tokens", postForm(admin, { name: "x", role: "operator", expires: "soon" }));
    expect(badExpiry.status).toBe(400);
    expect(await badExpiry.text()).toContain("Expires: a duration like 90d, 12h or 30m.");
    const taken = await p.app.request("/tokens", postForm(admin, { name: "ci-page", role: "operator", expires: "1d" }));
    expect(taken.status).toBe(409);

    const { tokens } = (await (await p.app.request("/api/tokens", { headers: { cookie: admin.cookie } })).json()) as { tokens: { id: string; name: string }[] };
    const id = tokens.find((t) => t.name === "ci-page")!.id;
    expect((await p.app.request(`/tokens/${id}/revoke`, postForm(admin, {}))).status).toBe(303);
    expect((await p.app.request("/api/clients", { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    const events = p.log.events().map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(["token-created", "token-revoked"]));
  });

  it("is for admins only", async () => {
    const operator = await session(p, OPERATOR);
    expect((await p.app.request("/tokens", { headers: { cookie: operator.cookie } })).status).toBe(403);
    expect((await p.app.request("/tokens", postForm(operator, { name: "x", role: "operator", expires: "1d" }))).status).toBe(403);
  });
});
