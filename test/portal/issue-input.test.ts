import { describe, expect, it } from "vitest";
import { parseUtcDateTime, termsFromForm } from "../../portal/sharing/issue-input.js";

const NOW = new Date("2026-03-02T09:00:00Z");

describe("issue form input", () => {
  it("counts a preset from now and defaults to 7 days", () => {
    expect(termsFromForm({}, NOW)).toMatchObject({ ok: true, terms: { expiresAt: new Date("2026-03-09T09:00:00Z") } });
    expect(termsFromForm({ expiry: "90d" }, NOW)).toMatchObject({ ok: true, terms: { expiresAt: new Date("2026-05-31T09:00:00Z") } });
  });

  it("reads datetime-local values as UTC, whatever the server's time zone", () => {
    expect(parseUtcDateTime("2026-03-20T17:30")).toEqual(new Date("2026-03-20T17:30:00Z"));
    expect(parseUtcDateTime("2026-03-20T17:30+02:00")).toBeUndefined();
    expect(parseUtcDateTime("2026-02-30T10:00")?.toISOString()).toBe("2026-03-02T10:00:00.000Z");
  });

  it("ignores empty optional fields", () => {
    expect(termsFromForm({ expiry: "1d", ip: " ", notBefore: "", mode: "", hashAlgorithm: "" }, NOW)).toEqual({
      ok: true,
      terms: { expiresAt: new Date("2026-03-03T09:00:00Z") },
      form: { expiry: "1d" },
    });
  });
});
