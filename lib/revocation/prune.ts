import type { DenyList, DenyListEntry } from "./deny-list.js";

/**
 * The entries nobody needs any more: links that expired (the edge refuses them by their signature)
 * and, after a rotation, links signed by keys the key group no longer trusts.
 */
export function deadEntries(entries: DenyListEntry[], now: Date, alsoDead: (linkId: string) => boolean = () => false): DenyListEntry[] {
  return entries.filter((entry) => !(new Date(entry.expiresAt) > now) || alsoDead(entry.linkId));
}

/** Removes the dead entries; returns them. */
export async function pruneDenyList(list: DenyList, now: Date, alsoDead?: (linkId: string) => boolean): Promise<DenyListEntry[]> {
  const dead = deadEntries(await list.entries(), now, alsoDead);
  if (dead.length > 0) await list.update({ puts: [], deletes: dead });
  return dead;
}

/**
 * Puts one revoked link into the list, pruning dead entries in the same write (so that room they
 * free counts). A link that has expired already is not written: its signature is refused anyway.
 */
export async function denyLink(list: DenyList, entry: DenyListEntry, now: Date): Promise<{ listed: boolean; pruned: number }> {
  const current = await list.entries();
  const dead = deadEntries(current, now).filter((e) => e.linkId !== entry.linkId);
  const live = new Date(entry.expiresAt) > now;
  const already = current.some((e) => e.linkId === entry.linkId && e.expiresAt === entry.expiresAt);
  if (!live || already) {
    if (dead.length > 0) await list.update({ puts: [], deletes: dead });
    return { listed: already, pruned: dead.length };
  }
  await list.update({ puts: [entry], deletes: dead });
  return { listed: true, pruned: dead.length };
}
