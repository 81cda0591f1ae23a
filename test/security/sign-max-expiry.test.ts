import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runInProcess } from "../support/run-command.js";

const key = `file://${join(__dirname, "..", "vectors", "test-rsa-private.pem")}`;
const base = ["--url", "https://files.example.com/a.txt", "--key-pair-id", "K2JCJMDEHXQW5F", "--private-key", key];
const env = {};

/** Security review finding 15: `npm run sign` signed URLs valid until year 9999. */
describe("npm run sign and the maximum expiry", () => {
  it("refuses an expiry past the maximum (366 days by default) with exit 2, saying how to allow it", async () => {
    const result = await runInProcess(["sign", ...base, "--date-less-than", "9999-12-31T00:00:00Z"], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("--max-expiry");
  });

  it("signs it when --max-expiry explicitly allows it", async () => {
    const result = await runInProcess(["sign", ...base, "--date-less-than", "800d", "--max-expiry", "1000d"], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^https:\/\/files\.example\.com\/a\.txt\?Expires=\d+&Signature=/);
  });

  it("follows SHARE_MAX_EXPIRY", async () => {
    const result = await runInProcess(["sign", ...base, "--date-less-than", "2d"], { env: { ...env, SHARE_MAX_EXPIRY: "1d" } });
    expect(result.code).toBe(2);
  });
});
