import { describe, expect, it } from "vitest";
import { parseInstant } from "../../lib/instant.js";

const now = new Date("2026-11-23T10:00:00Z");

describe("parseInstant", () => {
  it("reads ISO 8601 with a zone", () => expect(parseInstant("2030-01-01T00:00:00Z", now).toISOString()).toBe("2030-01-01T00:00:00.000Z"));
  it("reads ISO 8601 with an offset", () => expect(parseInstant("2030-01-01T02:00:00+02:00", now).toISOString()).toBe("2030-01-01T00:00:00.000Z"));
  it("takes a zone-less date-time as UTC", () => expect(parseInstant("2030-01-01 12:30", now).toISOString()).toBe("2030-01-01T12:30:00.000Z"));
  it("reads epoch seconds", () => expect(parseInstant("1893456000", now).toISOString()).toBe("2030-01-01T00:00:00.000Z"));
  it("reads a duration from now", () => {
    expect(parseInstant("7d", now).toISOString()).toBe("2026-11-30T10:00:00.000Z");
    expect(parseInstant("+12h", now).toISOString()).toBe("2026-11-23T22:00:00.000Z");
  });
  it("refuses text that is no date", () => {
    for (const text of ["next tuesday", "2030-13-45", "0d", "", "7 days"]) expect(() => parseInstant(text, now), text).toThrow(/not a date|duration/);
  });
});
