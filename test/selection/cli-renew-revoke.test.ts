import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LinkRecord } from "../../lib/links/link-record.js";
import { runInProcess } from "../support/run-command.js";
import { CLIENT, selectionFixture, toolEnv } from "./fixture.js";

describe("signed-share links renew / revoke --client", () => {
  let fx: Awaited<ReturnType<typeof selectionFixture>>;
  const links = (...args: string[]) => runInProcess(["links", ...args], { env: toolEnv(fx) });
  beforeAll(async () => {
    fx = await selectionFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it("renew: prints a new URL for the same selection that opens through the edge; --revoke-old revokes the old one", async () => {
    const old = await fx.publisher.publish({ client: CLIENT, expiresAt: fx.expiresAt(), issuedBy: "t", mode: "folder", only: ["invoices/"] });
    const result = await links("renew", old.linkId, "--expires", "2d", "--revoke-old", "--json");
    expect(result.code, result.stderr).toBe(0);
    const { url, link, renewedFrom, revokedOld } = JSON.parse(result.stdout) as { url: string; link: LinkRecord; renewedFrom: string; revokedOld: boolean };
    expect(link).toMatchObject({ client: CLIENT, mode: "folder", selection: ["invoices/"], renewedFrom: old.linkId, fileCount: 2, url });
    expect({ renewedFrom, revokedOld }).toEqual({ renewedFrom: old.linkId, revokedOld: true });
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(old.url)).status).toBe(404);
  });

  it("renew without --json prints only the URL on stdout", async () => {
    const old = await fx.publisher.publish({ client: CLIENT, expiresAt: fx.expiresAt(), issuedBy: "t" });
    const result = await links("renew", old.linkId, "--expires", "1d");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/acme%20corp\/_links\/[\w-]{22}\.html\?/);
    expect(result.stderr).toContain(`issued again from ${old.linkId}); the old link ${old.linkId} keeps working until it expires`);
  });

  it.each([
    [["renew", "AAAAAAAAAAAAAAAAAAAAAA", "--expires", "1d"], 3, /there is no link/],
    [["renew", "AAAAAAAAAAAAAAAAAAAAAA"], 2, /--expires: is required/],
    [["renew", "AAAAAAAAAAAAAAAAAAAAAA", "--expires", "2001-01-01T00:00:00Z"], 2, /not in the future/],
    [["revoke", "--client", "../x"], 2, /contains a \//],
    [["revoke", "AAAAAAAAAAAAAAAAAAAAAA", "--client", "x"], 2, /links revoke takes no argument; got "AAAAAAAAAAAAAAAAAAAAAA"/],
    [["list", "--revoke-old"], 2, /Unknown option '--revoke-old'/],
    [["revoke", "--client", "nobody"], 3, /there is no client "nobody"/],
  ])("%j exits %i", async (args, code, message) => {
    const result = await links(...args);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });

  it("revoke --client: every active link of that client, none of another client's", async () => {
    const mine = [
      await fx.publisher.publish({ client: CLIENT, expiresAt: fx.expiresAt(), issuedBy: "t" }),
      await fx.publisher.publish({ client: CLIENT, expiresAt: fx.expiresAt(), issuedBy: "t", only: ["README.txt"] }),
    ];
    const other = await fx.publisher.publish({ client: "other", expiresAt: fx.expiresAt(), issuedBy: "t" });
    const result = await links("revoke", "--client", CLIENT, "--json", "--by", "ops");
    expect(result.code, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout) as { client: string; revoked: string[]; failed: unknown[] };
    const ids = body.revoked;
    for (const link of mine) {
      expect(ids).toContain(link.linkId);
      expect((await fetch(link.url)).status).toBe(404);
    }
    expect(body.failed).toEqual([]);
    expect((await fetch(other.url)).status).toBe(200);
    const again = await links("revoke", "--client", CLIENT);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("has no active link: nothing to revoke");
  });
});
