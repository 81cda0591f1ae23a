/** Aligned text tables for the command-line tools and benchmarks. */

export interface Row {
  [column: string]: string | number | undefined;
}

/** Prints rows as an aligned table (on stdout unless told otherwise). */
export function printTable(title: string, rows: Row[], out: { write(text: string): unknown } = process.stdout): void {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (v === undefined ? "-" : typeof v === "number" ? formatNumber(v) : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  // Text columns align left, figures right.
  const numeric = columns.map((c) => rows.every((r) => typeof r[c] !== "string"));
  const line = (values: string[]) => values.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join("  ");
  out.write(`\n${title}\n${line(columns)}\n${line(widths.map((w) => "-".repeat(w)))}\n`);
  for (const r of rows) out.write(`${line(columns.map((c) => cell(r[c])))}\n`);
}

function formatNumber(v: number): string {
  if (Number.isInteger(v)) return v.toLocaleString("en-US");
  return Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(2);
}
