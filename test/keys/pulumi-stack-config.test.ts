import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasStackConfigValue, setStackConfigBlock } from "../../lib/keys/pulumi-stack-config.js";
import { repoRoot } from "../support/run-tool.js";

const KEY = "signed-share:signingPublicKey";
const pem = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n";
const block = ["  signed-share:signingPublicKey: |", "    -----BEGIN PUBLIC KEY-----", "    MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE", "    -----END PUBLIC KEY-----"];

describe("Pulumi stack file editor", () => {
  it("creates the file content when there is none", () => {
    expect(setStackConfigBlock("", KEY, pem)).toBe(["config:", ...block, ""].join("\n"));
  });

  it("the repository's dev stack ships without a key (keys:init writes it); adding one keeps every other line", () => {
    const dev = readFileSync(join(repoRoot, "Pulumi.dev.yaml"), "utf8");
    expect(hasStackConfigValue(dev, KEY)).toBe(false);
    expect(dev).not.toContain("BEGIN PUBLIC KEY");
    const updated = setStackConfigBlock(dev, KEY, pem);
    const keep = (text: string) => text.split("\n").filter((line) => !/^    |signingPublicKey: \|/.test(line));
    expect(keep(updated)).toEqual(keep(dev));
    expect(updated).toContain(block.join("\n"));
  });

  it("adds a config map after a fully commented example (the prod stack) and leaves the comments alone", () => {
    const prod = readFileSync(join(repoRoot, "Pulumi.prod.yaml"), "utf8");
    expect(hasStackConfigValue(prod, KEY)).toBe(false);
    const updated = setStackConfigBlock(prod, KEY, pem);
    expect(updated.startsWith(prod.replace(/\n$/, ""))).toBe(true);
    expect(updated.endsWith(["config:", ...block, ""].join("\n"))).toBe(true);
  });

  it("adds the key at the end of an existing config map, with its indentation, before trailing comments", () => {
    const text = "encryptionsalt: v1:abc\nconfig:\n    aws:region: eu-west-1\n    signed-share:domainName: \"files.example.com\"\n\n# notes\n";
    expect(setStackConfigBlock(text, KEY, pem)).toBe(
      [
        "encryptionsalt: v1:abc",
        "config:",
        "    aws:region: eu-west-1",
        '    signed-share:domainName: "files.example.com"',
        "    signed-share:signingPublicKey: |",
        "      -----BEGIN PUBLIC KEY-----",
        "      MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE",
        "      -----END PUBLIC KEY-----",
        "",
        "# notes",
        "",
      ].join("\n"),
    );
  });

  it("replaces a value that is followed by other keys without touching them", () => {
    const text = `config:\n  ${KEY}: |\n    old\n    pem\n  aws:region: eu-west-1\n`;
    expect(setStackConfigBlock(text, KEY, pem)).toBe(["config:", ...block, "  aws:region: eu-west-1", ""].join("\n"));
  });

  it("writes a PEM with CRLF line ends (node-forge's) as plain lines", () => {
    expect(setStackConfigBlock("", KEY, pem.replace(/\n/g, "\r\n"))).toBe(["config:", ...block, ""].join("\n"));
  });

  it("treats an empty value as not set", () => {
    expect(hasStackConfigValue(`config:\n  ${KEY}: ""\n`, KEY)).toBe(false);
    expect(hasStackConfigValue(`config:\n  ${KEY}: |\n  aws:region: x\n`, KEY)).toBe(false);
  });

  it("refuses a flow-style config map rather than guessing", () => {
    expect(() => setStackConfigBlock('config: {"aws:region": "x"}\n', KEY, pem)).toThrow(/flow style/);
  });
});
