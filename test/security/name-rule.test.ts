import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateProfileChanges } from "../../lib/files/client-profiles.js";
import { clientFileKey, joinFilePath } from "../../lib/files/file-path.js";
import { headerText } from "../../lib/mail/address.js";
import { validateClientName } from "../../lib/links/layout.js";
import { clientFilesOn } from "../files/subjects.js";
import { uploadThroughApi } from "../files/upload-helper.js";
import { OPERATOR, portal, postJson, PREFIX, session, storeWithUsers, type TestPortal, type TestStore } from "../portal/fixture.js";

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** What the issue lists, written out independently of lib/names: every one must be refused in every name. */
const REFUSED: Record<string, number[]> = {
  "C0 controls and DEL": [...range(0x00, 0x1f), 0x7f],
  "C1 controls": range(0x80, 0x9f),
  "bidirectional controls": [0x061c, 0x200e, 0x200f, ...range(0x202a, 0x202e), ...range(0x2066, 0x2069)],
  "line and paragraph separators": [0x2028, 0x2029],
  "invisible characters": [
    0x00ad, 0x034f, 0x115f, 0x1160, 0x17b4, 0x17b5, ...range(0x180b, 0x180f), ...range(0x200b, 0x200d), ...range(0x2060, 0x2064), ...range(0x206a, 0x206f),
    0x3164, ...range(0xfe00, 0xfe0f), 0xfeff, 0xffa0, ...range(0xfff9, 0xfffb), ...range(0x1d173, 0x1d17a), ...range(0xe0000, 0xe007f), ...range(0xe0100, 0xe01ef),
  ],
};

/** Every place a name enters, as the function that entry point calls. */
const ENTRY_POINTS: Record<string, (name: string) => unknown> = {
  "file path (upload, files put)": (name) => clientFileKey(PREFIX, "acme", `reports/${name}.pdf`),
  "folder of files put --to": (name) => joinFilePath(`to/${name}`, "x.pdf"),
  "client name": (name) => validateClientName(name),
  "display name": (name) => validateProfileChanges({ displayName: name }),
  "e-mail header text": (name) => headerText(name, "sender name"),
};

/** Issue 21, item 4: file paths took the bidirectional overrides and invisible characters that client and display names refused. */
describe("one name rule, wherever a name enters", () => {
  for (const [entry, check] of Object.entries(ENTRY_POINTS)) {
    it(`${entry}: refuses every listed character inside a plain name`, () => {
      const accepted: string[] = [];
      for (const [kind, codePoints] of Object.entries(REFUSED)) {
        for (const codePoint of codePoints) {
          // Between two letters, where nothing could make an invisible character visible.
          const name = `inv${String.fromCodePoint(codePoint)}oice`;
          try {
            check(name);
            accepted.push(`${kind}: U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`);
          } catch {
            // refused, as it must be
          }
        }
      }
      expect(accepted).toEqual([]);
    });

    it(`${entry}: keeps names in any script, emoji sequences and joiners where they join letters`, () => {
      for (const name of ["Müller & Söhne", "日本語の資料", "отчёт", "👩‍💻 notes", "❤️ team", "می‌خواهم", "क्‍ष"]) expect(() => check(name)).not.toThrow();
    });
  }

  it("says which character, by code point, in the refusal", () => {
    expect(() => clientFileKey(PREFIX, "acme", "invoice-\u202Egnp.js")).toThrow(/bidirectional control character \(U\+202E\)/);
    expect(() => clientFileKey(PREFIX, "acme", "a\u200Bb.pdf")).toThrow(/invisible character \(U\+200B\)/);
    expect(() => clientFileKey(PREFIX, "acme", "a\u2028b.pdf")).toThrow(/line or paragraph separator \(U\+2028\)/);
  });
});

describe("uploads with such names, through the API and the CLI's code", () => {
  let base: TestStore;
  let p: TestPortal;
  let s: { cookie: string; token: string };
  beforeAll(async () => {
    base = await storeWithUsers();
    p = portal(base, { files: clientFilesOn(base.store) });
    s = await session(p, OPERATOR);
    expect((await p.app.request("/api/clients", postJson(s, { client: "names" }))).status).toBe(201);
  });
  afterAll(() => base.cleanup());

  it.each(["invoice-\u202Egnp.js", "report\u200B.pdf", "a\u2029b.txt", "x\u0085y.txt", "tag\u{E0041}.txt"])("refuses %j before storing a byte", async (path) => {
    const response = await uploadThroughApi(p, (body) => postJson(s, body), "names", path, Buffer.from("x"));
    expect(response.status).toBe(400);
    await expect(clientFilesOn(base.store).putFile("names", path, __filename, { by: "t" })).rejects.toThrow(/contains/);
    const listed = await base.store.list({ prefix: `${PREFIX}/names/`, maxKeys: 10 });
    expect(listed.objects.map((o) => o.key)).toEqual([`${PREFIX}/names/`]);
  });
});
