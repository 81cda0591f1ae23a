import { hostname } from "node:os";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { mayStillRun } from "./process-runs.js";
import { writeAtomically, removeIfPresent } from "./storage/local-files.js";

/**
 * Where a running local mode (`signed-share start`) listens, recorded in its data directory so that
 * the tools run against the same directory sign links for its edge and probe it, whatever ports it
 * was given. Written atomically once both servers listen, removed when it stops; a record left by a
 * process that died on this host is ignored.
 */
export const LOCAL_MODE_FILE = "local-mode.json";

export interface LocalModeState {
  pid: number;
  host: string;
  startedAt: string;
  portalUrl: string;
  /** The URL links are signed for: the local edge. */
  edgeUrl: string;
}

export async function recordLocalMode(dataDir: string, state: Omit<LocalModeState, "pid" | "host">): Promise<void> {
  const record: LocalModeState = { pid: process.pid, host: hostname(), ...state };
  await writeAtomically(join(dataDir, LOCAL_MODE_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** Removes the record if it is this process's own (another start may have replaced it). */
export async function forgetLocalMode(dataDir: string): Promise<void> {
  if (readRecord(dataDir)?.pid === process.pid) await removeIfPresent(join(dataDir, LOCAL_MODE_FILE));
}

/** The local mode running on this data directory, or undefined (none recorded, unreadable, or its process is gone). */
export function runningLocalMode(dataDir: string): LocalModeState | undefined {
  const record = readRecord(dataDir);
  return record && mayStillRun(record.host, record.pid) ? record : undefined;
}

function readRecord(dataDir: string): LocalModeState | undefined {
  try {
    const value = JSON.parse(readFileSync(join(dataDir, LOCAL_MODE_FILE), "utf8")) as Partial<LocalModeState>;
    const valid = typeof value.pid === "number" && typeof value.host === "string" && typeof value.edgeUrl === "string" && /^https?:\/\//.test(value.edgeUrl);
    return valid ? (value as LocalModeState) : undefined;
  } catch {
    return undefined;
  }
}
