export type LogFields = Record<string, string | number | boolean | null | undefined>;

/**
 * Structured logger: one JSON object per event. Callers pass only fields that are safe to log:
 * never a password, a cookie, a token, a signature or a key.
 */
export interface Logger {
  info(fields: LogFields): void;
  warn(fields: LogFields): void;
  error(fields: LogFields): void;
}

/** Writes one JSON line per event (stdout by default). */
export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  const emit = (level: string) => (fields: LogFields) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, ...fields }) + "\n");
  return { info: emit("info"), warn: emit("warn"), error: emit("error") };
}

/** Writes nothing: for benches and tests that do not look at the log. */
export const quietLogger: Logger = { info() {}, warn() {}, error() {} };
