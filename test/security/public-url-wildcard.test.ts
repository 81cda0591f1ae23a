import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../lib/config.js";
import { Publisher } from "../../lib/publishing/publisher.js";
import { LocalObjectStore } from "../../lib/storage/local-store.js";
import { rsaSigningKey } from "../support/vectors.js";

const AWS_ENV = { SHARE_BUCKET: "acme-share-files", AWS_REGION: "eu-west-1" };

/** Security review finding 5: a `*` or `?` in SHARE_PUBLIC_URL became a policy wildcard. */
describe("SHARE_PUBLIC_URL", () => {
  it.each(["http://127.0.0.1:3001/*", "https://files.example.com/*", "https://files.example.com/a?b", "https://files.example.com/share", "https://files*.example.com", "https://*.example.com"])(
    "refuses %j: only an origin may start a policy's Resource",
    (url) => {
      const error = (() => {
        try {
          loadConfig({ env: { ...AWS_ENV, SHARE_PUBLIC_URL: url }, cwd: "/tmp" });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain("SHARE_PUBLIC_URL must be");
    },
  );

  it("still takes an origin, with or without a trailing slash", () => {
    expect(loadConfig({ env: { ...AWS_ENV, SHARE_PUBLIC_URL: "https://files.example.com/" }, cwd: "/tmp" }).publicUrl).toBe("https://files.example.com");
  });

  it("a publisher given a URL with a wildcard path refuses to start, so no folder policy can widen", () => {
    const store = new LocalObjectStore("/nonexistent");
    expect(() => new Publisher({ store, prefix: "client_files", publicUrl: "http://host/*", signingKey: async () => rsaSigningKey, clock: () => new Date() })).toThrow(/must be an origin/);
  });
});
