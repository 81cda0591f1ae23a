import { describe, expect, it } from "vitest";
import { InvalidRequestError, NotFoundError } from "../../lib/errors.js";
import { parseSelection, SelectionMatcher } from "../../lib/publishing/selection.js";

describe("parseSelection", () => {
  it("is undefined (the whole folder) for no entries, and drops duplicates", () => {
    expect(parseSelection(undefined)).toBeUndefined();
    expect(parseSelection([])).toBeUndefined();
    expect(parseSelection(["a/", "a/", "b.txt", "a//"])).toEqual(["a/", "b.txt"]);
  });

  it.each([
    ["", /is empty/],
    ["/", /is empty/],
    ["/etc/passwd", /starts with \//],
    ["a/../b", /\. or \.\. segment/],
    ["./a", /\. or \.\. segment/],
    ["a//b", /empty segment/],
    ["_links/x.html", /reserved folder/],
    ["_links/", /reserved folder/],
    ["a\nb", /control character/],
    ["x".repeat(1025), /longer than 1024/],
  ])("refuses %j", (entry, message) => {
    expect(() => parseSelection([entry])).toThrow(InvalidRequestError);
    expect(() => parseSelection([entry])).toThrow(message);
  });

  it("refuses more than 1000 entries", () => {
    expect(() => parseSelection(Array.from({ length: 1001 }, (_, i) => `f${i}`))).toThrow(/at most 1000/);
  });
});

describe("SelectionMatcher", () => {
  const paths = ["a/1.txt", "a/b/2.txt", "ab/3.txt", "c.txt", "c.txt.bak", "d/4.txt"];
  const run = (entries: string[]) => {
    const matcher = new SelectionMatcher(entries);
    const covered = paths.map((p) => [p, matcher.cover(p)] as const).filter(([, c]) => c !== undefined);
    return { covered: Object.fromEntries(covered), resolved: () => matcher.resolved("acme") };
  };

  it("covers a folder's files (not a sibling with the same prefix) by its outermost chosen folder", () => {
    const { covered, resolved } = run(["a/b/", "a/"]);
    expect(covered).toEqual({ "a/1.txt": { folder: "a/" }, "a/b/2.txt": { folder: "a/" } });
    expect(resolved()).toEqual(["a/b/", "a/"]);
  });

  it("reads an entry without a trailing / as a file when one has that name, else as a folder", () => {
    const { covered, resolved } = run(["c.txt", "d"]);
    expect(covered).toEqual({ "c.txt": { file: "c.txt" }, "d/4.txt": { folder: "d/" } });
    expect(resolved()).toEqual(["c.txt", "d/"]);
  });

  it("says which entry matched nothing", () => {
    expect(() => run(["a/", "nope/"]).resolved()).toThrow(NotFoundError);
    expect(() => run(["a/", "nope/"]).resolved()).toThrow(/no file or folder "nope\/"/);
    expect(() => run(["c"]).resolved()).toThrow(/no file or folder "c"/);
  });

  it("refuses an entry that is both a file and a folder", () => {
    const matcher = new SelectionMatcher(["x"]);
    matcher.cover("x");
    matcher.cover("x/y");
    expect(() => matcher.resolved("acme")).toThrow(/both a file and a folder.*write "x\/" for the folder/);
  });
});
