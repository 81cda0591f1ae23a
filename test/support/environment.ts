/**
 * Puts process.env back to `saved` in place: names added since are removed, changed ones restored.
 * Never `process.env = saved`: that swaps Node's environment object for a plain one, which the
 * process's own environment (what os.tmpdir() reads) no longer follows, for every later test file
 * of the worker (they share it: docs/contributing.md#keeping-the-suite-fast).
 */
export function restoreEnvironment(saved: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
}
