import type { LinkActivitySource } from "../activity/link-summary.js";
import type { Config } from "../config.js";
import type { ObjectStore } from "../storage/object-store.js";

/**
 * Until download activity is read from the edge's logs, nothing is known about downloads: every
 * e-mailed link counts as not fully downloaded (so it gets its reminder) and no download
 * notification is sent.
 */
export const noActivityYet: LinkActivitySource = {
  summary: async () => null,
};

/**
 * The download-activity reader `remind` uses. This is the one place to wire the reader of the
 * edge's access logs (lib/activity/) in when it exists; until then nothing is known.
 */
export function activitySourceFor(_config: Config, _store: ObjectStore): LinkActivitySource {
  return noActivityYet;
}
