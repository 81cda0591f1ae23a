import type { LinkStatus } from "../../lib/links/link-record.js";

/** A link's status as a coloured badge whose text says the same (colour is never the only cue). */
export function StatusBadge({ status }: { status: LinkStatus }) {
  return <span class={`badge badge--${status}`}>{status}</span>;
}
