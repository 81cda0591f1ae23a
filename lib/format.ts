const UNITS = ["KiB", "MiB", "GiB", "TiB", "PiB"];

/** 512 B, 1.5 KiB, 12 MiB: one decimal below 10 of a unit, none above. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = value < 10 ? value.toFixed(1).replace(/\.0$/, "") : String(Math.round(value));
  return `${shown} ${UNITS[unit]}`;
}

/** "2030-01-01 12:00 UTC" */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "2030-01-01" (UTC) */
export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** "366 days", "12 hours", "90 minutes", "30 seconds" */
export function formatDuration(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (ms % 86_400_000 === 0) return plural(ms / 86_400_000, "day");
  if (ms % 3_600_000 === 0) return plural(ms / 3_600_000, "hour");
  if (ms % 60_000 === 0) return plural(ms / 60_000, "minute");
  return plural(Math.round(ms / 1000), "second");
}
