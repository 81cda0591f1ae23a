import { encodeKeyPath } from "../signing/object-url.js";
import type { ObjectStore } from "../storage/object-store.js";
import type { Catalog } from "../publishing/catalog.js";
import type { Invalidator } from "./invalidator.js";
import { clientFolderKey, pagePath, RESERVED_FOLDER } from "./layout.js";

export interface RemovedPage {
  client: string;
  pageKey: string;
  invalidated: boolean;
}

/**
 * Removes the page of a link that has no record (a publication that crashed between the two writes
 * before records were written first): looks for `<client>/_links/<linkId>.html` in every client
 * folder, deletes it and invalidates its path. Returns what it removed (nothing when no page exists).
 */
export async function removeUnrecordedPage(
  deps: { store: ObjectStore; catalog: Catalog; prefix: string; invalidator?: Invalidator },
  linkId: string,
): Promise<RemovedPage | undefined> {
  for (const client of await deps.catalog.clientNames()) {
    const pageKey = `${clientFolderKey(deps.prefix, client)}${RESERVED_FOLDER}/${linkId}.html`;
    if (!(await deps.store.head(pageKey))) continue;
    await deps.store.delete(pageKey);
    if (deps.invalidator) await deps.invalidator.invalidate([`/${encodeKeyPath(pagePath(client, linkId))}`]);
    return { client, pageKey, invalidated: deps.invalidator !== undefined };
  }
  return undefined;
}
