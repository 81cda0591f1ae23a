import { describe, expect, it } from "vitest";
import { AWS_ENV, load, refusal, workdir } from "./helpers.js";

describe("malware scanning settings", () => {
  it("off unless SHARE_SCANNER is set, saying so", () => {
    expect(load({}).scanning).toEqual({ scanner: { kind: "off", reason: expect.stringContaining("SHARE_SCANNER is not set") }, alertsTo: [] });
    expect(load({ SHARE_SCANNER: "off" }).scanning.scanner).toMatchObject({ kind: "off", reason: expect.stringContaining("SHARE_SCANNER is off") });
  });

  it("clamd over TCP or a unix socket", () => {
    expect(load({ SHARE_SCANNER: "clamd://127.0.0.1:3310" }).scanning.scanner).toEqual({ kind: "clamd", address: { kind: "tcp", host: "127.0.0.1", port: 3310 } });
    expect(load({ SHARE_SCANNER: "clamd:///run/clamav/clamd.ctl" }).scanning.scanner).toEqual({ kind: "clamd", address: { kind: "unix", path: "/run/clamav/clamd.ctl" } });
  });

  it("GuardDuty from the stack output malwareScanner, in AWS mode only", () => {
    const cwd = workdir({ bucketName: "acme-share-files", publicUrl: "https://files.example.com", malwareScanner: "guardduty" });
    expect(load({ SHARE_CONFIG: "stack.json" }, { cwd }).scanning.scanner).toEqual({ kind: "guardduty" });
    expect(load({ ...AWS_ENV, SHARE_SCANNER: "guardduty" }).scanning.scanner).toEqual({ kind: "guardduty" });
    expect(refusal({ SHARE_SCANNER: "guardduty" })).toMatch(/SHARE_SCANNER can be guardduty only with SHARE_BUCKET/);
  });

  it("who hears about infected files", () => {
    expect(load({ SHARE_SCAN_ALERTS_TO: "Sec@Example.com, ops@example.com" }).scanning.alertsTo).toEqual(["sec@example.com", "ops@example.com"]);
    expect(refusal({ SHARE_SCAN_ALERTS_TO: "security team" })).toMatch(/SHARE_SCAN_ALERTS_TO must be a comma-separated list of e-mail addresses/);
  });

  it.each(["clamd://", "clamd://host", "tcp://host:3310", "clamav", "clamd://host:3310/x"])("refuses SHARE_SCANNER=%j, naming the forms it takes", (value) => {
    expect(refusal({ SHARE_SCANNER: value })).toMatch(/SHARE_SCANNER must be clamd:\/\/HOST:PORT, clamd:\/\/\/path\/to\/clamd.sock, guardduty/);
  });
});
