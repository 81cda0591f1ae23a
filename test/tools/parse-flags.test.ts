// Link ids are base64url, so one in 64 starts with "-": the tools must still take it as an argument.
import { describe, expect, it } from "vitest";
import { parseFlags, UsageError } from "../../tools/cli.js";

const options = { by: { type: "string" }, json: { type: "boolean" }, "link-id": { type: "string" } } as const;

describe("parseFlags", () => {
  it("takes a link id that starts with a dash as a positional or an option's value", () => {
    const id = "-Kq3XUq0g6VfE7s1aG2n_w";
    const parsed = parseFlags(["revoke", id, "--json", "--link-id", "--Zq3XUq0g6VfE7s1aG2n_"], options, true);
    expect(parsed.positionals).toEqual(["revoke", id]);
    expect(parsed.values).toEqual({ json: true, "link-id": "--Zq3XUq0g6VfE7s1aG2n_" });
  });

  it("still refuses an unknown option, naming it", () => {
    expect(() => parseFlags(["-x"], options, true)).toThrow(UsageError);
    expect(() => parseFlags(["--nope"], options, true)).toThrow(/nope/);
  });
});
