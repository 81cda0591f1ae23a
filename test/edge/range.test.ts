import { describe, expect, it } from "vitest";
import { objectKeyForPath } from "../../lib/edge/object-key.js";
import { parseRange } from "../../lib/edge/range.js";

describe("Range header", () => {
  it("serves a closed range", () => expect(parseRange("bytes=0-9", 100)).toEqual({ kind: "partial", start: 0, end: 9 }));
  it("serves an open range to the end", () => expect(parseRange("bytes=90-", 100)).toEqual({ kind: "partial", start: 90, end: 99 }));
  it("serves the last n bytes of a suffix range", () => expect(parseRange("bytes=-10", 100)).toEqual({ kind: "partial", start: 90, end: 99 }));
  it("clips a range past the end", () => expect(parseRange("bytes=95-200", 100)).toEqual({ kind: "partial", start: 95, end: 99 }));
  it("refuses a range that starts past the end", () => expect(parseRange("bytes=100-", 100)).toEqual({ kind: "unsatisfiable" }));
  it("refuses a reversed range", () => expect(parseRange("bytes=9-3", 100)).toEqual({ kind: "unsatisfiable" }));
  it("serves the whole object for several ranges or garbage", () => {
    expect(parseRange("bytes=0-1,5-6", 100)).toEqual({ kind: "full" });
    expect(parseRange("items=0-1", 100)).toEqual({ kind: "full" });
    expect(parseRange(undefined, 100)).toEqual({ kind: "full" });
  });
});

describe("object key for a request path", () => {
  it("decodes each segment and prepends the origin path", () => {
    expect(objectKeyForPath("/acme-corp/Q1%20report%20(final).pdf", "client_files")).toBe("client_files/acme-corp/Q1 report (final).pdf");
    expect(objectKeyForPath("/globex/%C3%BCbersicht.xlsx", "")).toBe("globex/übersicht.xlsx");
  });
  it("refuses dot segments, also when hidden behind %2f or %2e", () => {
    expect(objectKeyForPath("/..%2f..%2fetc/passwd", "client_files")).toBeUndefined();
    expect(objectKeyForPath("/acme/%2e%2e/portal/users.json", "client_files")).toBeUndefined();
    expect(objectKeyForPath("/acme/./x", "")).toBeUndefined();
  });
  it("refuses NUL, backslashes, broken escapes and the bare root", () => {
    expect(objectKeyForPath("/a%00b", "")).toBeUndefined();
    expect(objectKeyForPath("/a%5c..%5cb", "")).toBeUndefined();
    expect(objectKeyForPath("/a%zz", "")).toBeUndefined();
    expect(objectKeyForPath("/", "")).toBeUndefined();
  });
});
