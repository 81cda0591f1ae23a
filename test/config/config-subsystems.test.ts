// The configuration is one schema composed of one per subsystem (lib/config/*.ts): no setting is
// defined twice (a later subsystem would silently replace the earlier one's rule), every setting is
// documented, and problems of several subsystems are reported together, each naming its setting.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SUBSYSTEM_SETTINGS } from "../../lib/config.js";
import { repoRoot } from "../support/run-tool.js";
import { refusal } from "./helpers.js";

const names = Object.values(SUBSYSTEM_SETTINGS).flatMap((shape) => Object.keys(shape));

describe("settings by subsystem", () => {
  it("defines each setting in exactly one subsystem", () => {
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    expect(names.length).toBeGreaterThan(40);
  });

  it("documents every setting in docs/configuration.md", () => {
    const docs = readFileSync(join(repoRoot, "docs/configuration.md"), "utf8");
    expect(names.filter((name) => !docs.includes(name))).toEqual([]);
  });

  it("validates once: bad values of storage, keys, portal, OIDC and mail come in one message, each with its setting", () => {
    const message = refusal({ SHARE_BUCKET: "Not A Bucket", SHARE_KEY_STORE: "vault", PORT: "http", OIDC_ISSUER: "http://login.example.com", SHARE_MAIL: "pigeon" });
    expect(message).toMatch(/^5 configuration problems:/);
    for (const words of ["SHARE_BUCKET must be an S3 bucket name", "SHARE_KEY_STORE must be local or secretsmanager", "PORT must be a port number", "OIDC_ISSUER must be an https URL", "SHARE_MAIL must be smtp, ses, outbox or off"]) {
      expect(message).toContain(words);
    }
  });

  it("checks the rules between settings of several subsystems together", () => {
    const message = refusal({ SHARE_MAX_EXPIRY: "forever", SHARE_KEY_PAIR_ID: "K2JCJMDEHXQW5F", OIDC_ISSUER: "https://login.example.com", SHARE_MAIL: "smtp" });
    expect(message).toMatch(/^5 configuration problems:/);
    for (const words of ["SHARE_MAX_EXPIRY must be a positive duration", "SHARE_PRIVATE_KEY is required with SHARE_KEY_PAIR_ID", "OIDC_CLIENT_ID is required", "SMTP_URL is required when SHARE_MAIL is smtp", "SHARE_MAIL_FROM is required"]) {
      expect(message).toContain(words);
    }
  });
});
