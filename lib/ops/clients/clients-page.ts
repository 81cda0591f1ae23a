import type { ClientProfile } from "../../files/client-profiles.js";
import type { ClientContents } from "../../publishing/catalog.js";
import type { Services } from "../services.js";

/**
 * A client's counts are read up to this many files; a client page lists the whole tree of a client
 * with at most this many, a bigger client's page shows one folder at a time (docs/portal.md).
 */
export const FULL_TREE_LIMIT = 1000;

/** One row of the clients list. */
export interface ClientRow {
  client: string;
  displayName?: string;
  /** Exact when `countComplete`, else a lower bound (FULL_TREE_LIMIT files were read). */
  fileCount: number;
  bytes: number;
  countComplete: boolean;
  activeLinks: number;
  archived: boolean;
}

export interface ClientsQuery {
  /** Part of the folder name or display name, any case. */
  search?: string;
  /** Archived clients too. */
  archived?: boolean;
  /** The `next` of the previous page: the last client name it examined. */
  after?: string;
  limit?: number;
}

/** The per-client reads of a row; the portal passes its cache of them (portal/sharing/read-cache.ts). */
export interface ClientReads {
  contents(client: string): Promise<ClientContents>;
  activeLinks(client: string): Promise<{ active: number; complete: boolean }>;
}

export const CLIENTS_PAGE_LIMIT = 50;
export const MAX_CLIENTS_PAGE = 1000;
/** Client names examined at most for one page of a search (each needs its profile): the page may come back short, with `next`. */
const MAX_EXAMINED = 500;
const CONCURRENCY = 16;

/** The reads of a row straight from the services. */
export function directReads(services: Services): ClientReads {
  return {
    contents: (client) => services.catalog.summary(client, FULL_TREE_LIMIT),
    activeLinks: (client) => services.records.activeCount(client),
  };
}

/**
 * One page of the clients list (docs/architecture.md#lists-by-cursor): client names in order from
 * one delimiter listing of the prefix, then for the rows shown only (and the names a search or the
 * archived filter looks at) the profile, a file count read up to FULL_TREE_LIMIT files and the
 * active links from the link index. Never a listing of every file or a read of every profile.
 */
export async function clientsPage(services: Services, query: ClientsQuery, reads: ClientReads = directReads(services)): Promise<{ rows: ClientRow[]; next?: string }> {
  const limit = Math.max(1, Math.min(query.limit ?? CLIENTS_PAGE_LIMIT, MAX_CLIENTS_PAGE));
  const needle = (query.search ?? "").toLowerCase();
  const filtered = needle !== "" || !query.archived;
  const profileOf = (client: string) => services.profiles.get(client).catch(() => undefined);
  const chosen: { client: string; profile: ClientProfile | undefined }[] = [];
  let after = query.after;
  let examined = 0;
  let next: string | undefined;
  while (chosen.length < limit) {
    const page = await services.catalog.clientNamePage({ ...(after !== undefined ? { after } : {}), limit: filtered ? CONCURRENCY * 4 : limit - chosen.length });
    const profiles = await inBatches(page.names, (client) => (filtered ? profileOf(client) : Promise.resolve(undefined)));
    let stopped = false;
    for (let i = 0; i < page.names.length; i++) {
      const client = page.names[i]!;
      const profile = profiles[i];
      examined++;
      after = client;
      const archivedOut = !query.archived && profile?.archived === true;
      const matches = needle === "" || client.toLowerCase().includes(needle) || (profile?.displayName?.toLowerCase().includes(needle) ?? false);
      if (!archivedOut && matches) chosen.push({ client, profile });
      if (chosen.length === limit || (filtered && examined >= MAX_EXAMINED)) {
        stopped = i < page.names.length - 1 || page.next !== undefined;
        break;
      }
    }
    if (stopped) {
      next = after;
      break;
    }
    if (page.next === undefined) break;
    if (filtered && examined >= MAX_EXAMINED) {
      next = after;
      break;
    }
  }
  const rows = await inBatches(chosen, async ({ client, profile }): Promise<ClientRow> => {
    const [contents, links, shown] = await Promise.all([
      reads.contents(client).catch(() => ({ fileCount: 0, bytes: 0, complete: true })),
      reads.activeLinks(client),
      profile ?? profileOf(client),
    ]);
    return {
      client,
      ...(shown?.displayName ? { displayName: shown.displayName } : {}),
      fileCount: contents.fileCount,
      bytes: contents.bytes,
      countComplete: contents.complete,
      activeLinks: links.active,
      archived: shown?.archived ?? false,
    };
  });
  return { rows, ...(next !== undefined ? { next } : {}) };
}

async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CONCURRENCY) out.push(...(await Promise.all(items.slice(i, i + CONCURRENCY).map(work))));
  return out;
}
