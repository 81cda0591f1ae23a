const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;

/**
 * Parses "7d", "12h", "30m" or "90s" into milliseconds. Throws on zero, negative, fractional,
 * unit-less or otherwise malformed input, with a message that shows the expected form.
 */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+)\s*([dhms])\s*$/.exec(text);
  const amount = match ? Number(match[1]) : NaN;
  const unit = match?.[2] as keyof typeof UNIT_MS | undefined;
  if (!unit || !Number.isSafeInteger(amount) || amount <= 0) {
    throw new RangeError(
      `Invalid duration ${JSON.stringify(text)}: use a positive whole number and a unit, like 7d, 12h, 30m or 90s.`,
    );
  }
  const ms = amount * UNIT_MS[unit];
  if (!Number.isSafeInteger(ms)) throw new RangeError(`Invalid duration ${JSON.stringify(text)}: too long.`);
  return ms;
}
