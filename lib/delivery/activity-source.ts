import type { LinkActivitySource } from "../activity/link-summary.js";

/**
 * Without download activity (AWS mode with activity logging off) nothing is known about downloads:
 * every e-mailed link counts as not fully downloaded (so it gets its reminder) and no download
 * notification is sent.
 */
export const noActivityYet: LinkActivitySource = {
  summary: async () => null,
};
