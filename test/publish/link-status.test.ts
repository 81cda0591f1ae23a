import { describe, expect, it } from "vitest";
import { linkStatus, type LinkRecord } from "../../lib/links/link-record.js";
import { signUrl } from "../../lib/signing/signer.js";
import { verifySignedUrl } from "../../lib/signing/verify.js";
import { rsaSigningKey, trustedPublicKeys } from "../support/vectors.js";

const notBefore = new Date("2026-05-01T12:00:00.400Z");
const expiresAt = new Date("2026-05-08T12:00:00Z");
const record = { linkId: "l", client: "acme", notBefore: notBefore.toISOString(), expiresAt: expiresAt.toISOString() } as LinkRecord;
const url = signUrl("https://files.example.com/acme/a.txt", rsaSigningKey, { dateLessThan: expiresAt, dateGreaterThan: notBefore });
const edgeAllows = (now: Date) => verifySignedUrl(url, { trustedKey: (id) => trustedPublicKeys.get(id), now, viewerIp: "192.0.2.1" }).allow;

/** The status says what the edge does with the link: scheduled exactly while the edge refuses it as not yet valid. */
describe("linkStatus", () => {
  it.each([
    ["a day before its start", new Date(notBefore.getTime() - 86_400_000), "scheduled"],
    ["at its start", notBefore, "scheduled"],
    ["later in the second of its start", new Date("2026-05-01T12:00:00.999Z"), "scheduled"],
    ["the next second", new Date("2026-05-01T12:00:01.000Z"), "active"],
    ["after its expiry", new Date(expiresAt.getTime() + 1), "expired"],
  ] as const)("%s: %s", (_, now, status) => {
    expect(linkStatus(record, now)).toBe(status);
    expect(edgeAllows(now)).toBe(status === "active");
  });

  it("revoked wins over scheduled; a link with no start is active until it expires", () => {
    expect(linkStatus({ ...record, revoked: { at: "", by: "a", reason: "r" } }, new Date(0))).toBe("revoked");
    expect(linkStatus({ ...record, notBefore: undefined }, new Date(0))).toBe("active");
  });
});
