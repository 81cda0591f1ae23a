import type { Clock } from "../../clock.js";

export interface StepReport {
  done(note?: string): void;
  failed(): void;
}

/** How a rotation shows what it does: one line per step with its elapsed time. */
export interface Progress {
  info(line: string): void;
  step(index: number, total: number, title: string): StepReport;
  skipped(index: number, total: number, title: string, why: string): void;
}

const label = (index: number, total: number) => `[${String(index).padStart(Math.max(2, String(total).length))}/${total}]`;

/** `[ 3/8] add the new key to the key group ... done (1.2 s)` on a writer (stderr in the tool). */
export function textProgress(write: (text: string) => void, clock: Clock): Progress {
  return {
    info: (line) => write(`${line}\n`),
    step(index, total, title) {
      const started = clock().getTime();
      write(`${label(index, total)} ${title} ...`);
      const elapsed = () => `${((clock().getTime() - started) / 1000).toFixed(1)} s`;
      return {
        done: (note) => write(` done (${elapsed()}${note ? `; ${note}` : ""})\n`),
        failed: () => write(` FAILED (${elapsed()})\n`),
      };
    },
    skipped: (index, total, title, why) => write(`${label(index, total)} ${title} ... ${why}\n`),
  };
}

export const silentProgress: Progress = {
  info: () => undefined,
  step: () => ({ done: () => undefined, failed: () => undefined }),
  skipped: () => undefined,
};
