import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MailSettingsStore } from "../../lib/delivery/mail-settings.js";
import { infectedMail } from "../../lib/scanning/infected-alert.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { adminAddresses } from "../../portal/admin-addresses.js";
import { UserStore } from "../../lib/users/user-store.js";

describe("who hears about an infected file", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "alert-recipients-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("the admin accounts' saved addresses (operators never), or their names when those are addresses", async () => {
    const store = new LocalObjectStore(dir);
    const users = new UserStore(store);
    const settings = new MailSettingsStore(store, () => new Date());
    await users.add("adam", "admin", "admin-password-12345");
    await users.add("eve@example.com", "admin", "admin-password-12345").catch(() => undefined); // not a valid local name: skipped
    await users.add("olivia", "operator", "operator-password-1");
    await users.add("nora", "admin", "admin-password-12345");
    await settings.save("adam", { address: "adam@example.com", notifications: true });
    await settings.save("olivia", { address: "olivia@example.com", notifications: true });
    expect(await adminAddresses(users, settings)()).toEqual(["adam@example.com"]);
  });
});

describe("the alert message", () => {
  it("names the client, the path (escaped when it hides characters) and the signature, and how to delete it", () => {
    const mail = infectedMail(
      { key: "client_files/acme corp/in\u202Egnp.exe", verdict: { status: "infected", detail: "Win.Test.EICAR_HDB-1" } },
      "client_files",
      { address: "share@example.com" },
      ["sec@example.com"],
    );
    expect(mail.subject).toBe("Infected file held back for acme corp");
    expect(mail.text).toContain("in[U+202E]gnp.exe (Win.Test.EICAR_HDB-1)");
    expect(mail.text).toContain("signed-share files rm 'acme corp' 'in\u202Egnp.exe'");
    expect(mail).toMatchObject({ kind: "alert", automatic: true, to: ["sec@example.com"] });
    expect(mail.linkId).toBeUndefined();
  });
});
