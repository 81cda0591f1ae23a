import { expect, it } from "vitest";
import { parseDuration } from "../../lib/duration.js";

it.each([
  ["7d", 7 * 86_400_000],
  ["12h", 12 * 3_600_000],
  ["30m", 30 * 60_000],
  ["90s", 90_000],
  ["366d", 366 * 86_400_000],
])("parses %s into milliseconds", (text, ms) => {
  expect(parseDuration(text)).toBe(ms);
});

it.each(["0d", "-1d", "1.5h", "7", "d", "", "7 days", "7w", "1e3s", "abc"])("refuses %j with an example of the form", (text) => {
  expect(() => parseDuration(text)).toThrow(/like 7d, 12h, 30m or 90s/);
});
