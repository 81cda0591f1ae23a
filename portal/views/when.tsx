import { formatUtc } from "../../lib/format.js";

/** An instant as the portal shows it: UTC in the HTML, the viewer's time zone once static/local-time.js runs. */
export function When({ at }: { at: string | Date }) {
  const date = typeof at === "string" ? new Date(at) : at;
  return <time datetime={date.toISOString()}>{formatUtc(date)}</time>;
}
