import { InvalidRequestError } from "../../errors.js";
import { parseInstant } from "../../instant.js";

/** "7d" means seven days ago here (a duration looks back); ISO 8601 and epoch seconds as everywhere. */
export function parsePastInstant(field: string, text: string, now: Date): Date {
  const trimmed = text.trim();
  try {
    return /^\d+\s*[smhd]$/.test(trimmed) ? new Date(2 * now.getTime() - parseInstant(trimmed, now).getTime()) : parseInstant(trimmed, now);
  } catch (error) {
    throw new InvalidRequestError(`${field}: ${(error as Error).message.replace("a duration like 7d or 12h", "a duration back from now like 7d or 12h")}`, { field });
  }
}
