/** `?limit=` of a list: undefined when absent (the list's default), null when it is not a whole number from 1 to 1000. */
export function pageLimit(text: string | undefined): number | undefined | null {
  if (text === undefined || text === "") return undefined;
  if (!/^\d{1,4}$/.test(text)) return null;
  const limit = Number(text);
  return limit >= 1 && limit <= 1000 ? limit : null;
}
