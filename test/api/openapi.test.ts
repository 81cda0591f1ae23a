// The API's OpenAPI description (docs/portal.md#json-api): made from the operations' schemas, served at
// /api/openapi.json, checked in as docs/openapi.json, valid OpenAPI 3.1, and naming every route under /api.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument, openApiText } from "../../portal/api/openapi.js";
import { clientFilesOn } from "../files/subjects.js";
import { portal, storeWithUsers, type TestStore } from "../portal/fixture.js";
import { repoRoot } from "../support/run-tool.js";

let base: TestStore;
beforeAll(async () => {
  base = await storeWithUsers();
});
afterAll(() => base.cleanup());

describe("the OpenAPI description", () => {
  it("is checked in as docs/openapi.json (regenerate with: npx tsx tools/dev/write-openapi.ts)", () => {
    expect(readFileSync(join(repoRoot, "docs", "openapi.json"), "utf8")).toBe(openApiText());
  });

  it("is served at /api/openapi.json without sign-in", async () => {
    const response = await portal(base).app.request("/api/openapi.json");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(JSON.parse(openApiText()));
  });

  it("validates as OpenAPI 3.1 (@seriousme/openapi-schema-validator, the specification's JSON schemas)", async () => {
    const { Validator } = await import("@seriousme/openapi-schema-validator");
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(openApiText()));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("describes every route under /api the portal serves, and no other", () => {
    const { app } = portal(base, { files: clientFilesOn(base.store) }); // with the files routes, local mode's part uploads included
    const served = [...new Set(app.routes.filter((r) => r.path.startsWith("/api/") && r.method !== "ALL").map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z]+)/g, "{$1}")}`))].sort();
    const paths = openApiDocument().paths ?? {};
    const described = Object.entries(paths)
      .flatMap(([path, item]) => Object.keys(item as object).filter((method) => ["get", "post", "put", "delete", "patch"].includes(method)).map((method) => `${method} ${path}`))
      .sort();
    expect(described).toEqual(served);
  });

  it("gives every operation its id, its result and its error document", () => {
    const operations = Object.values(openApiDocument().paths ?? {}).flatMap((item) => Object.values(item as Record<string, { operationId?: string; responses?: Record<string, unknown> }>));
    const ids = operations.map((op) => op.operationId).filter(Boolean);
    expect(ids).toEqual(expect.arrayContaining(["links.issue", "links.list", "links.revoke", "links.renew", "links.send", "links.activity", "clients.updateProfile"]));
    for (const op of operations.filter((o) => o.operationId)) expect(Object.keys(op.responses ?? {})).toEqual(expect.arrayContaining(["400", "401", "403", "500"]));
  });
});
