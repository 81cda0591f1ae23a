import { hostname } from "node:os";

/** True while a process with this id exists on this host (signal 0 checks without signalling). */
export function processRuns(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // it exists, owned by someone else
  }
}

/** False only when the process is known to be gone: it ran on this host and no longer exists. */
export function mayStillRun(host: string, pid: number): boolean {
  return host !== hostname() || processRuns(pid);
}
