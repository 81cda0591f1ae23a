/**
 * vitest globalSetup: one private clamd for the whole run (its start is the slow part), shared by
 * every test file through inject("clamd"). Without clamav-daemon installed the value is null and
 * the scanning tests that need it are skipped (.ci/run installs it).
 */
import type { TestProject } from "vitest/node";
import { clamdBinary, startClamd, type ClamdDaemon } from "../../tools/bench/clamd-daemon.js";

export interface SharedClamd {
  socketPath: string;
  port: number;
  configPath: string;
  unixUrl: string;
  tcpUrl: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    clamd: SharedClamd | null;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!clamdBinary()) {
    project.provide("clamd", null);
    return undefined;
  }
  const daemon: ClamdDaemon = await startClamd();
  const { socketPath, port, configPath, unixUrl, tcpUrl } = daemon;
  project.provide("clamd", { socketPath, port, configPath, unixUrl, tcpUrl });
  return () => daemon.stop();
}
