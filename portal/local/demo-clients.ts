import type { ObjectStore } from "../../lib/storage/object-store.js";

/** Small files for two demo clients, so that a first `npm start` has something to share. */
const demoFiles: Record<string, { body: string; contentType: string }> = {
  "acme-corp/README.txt": { body: "Deliverables for ACME Corp.\nEvery link on your page expires at the same moment.\n", contentType: "text/plain; charset=utf-8" },
  "acme-corp/report-2026-q3.csv": {
    body: "month,orders,revenue\n2026-07,1204,58210.50\n2026-08,1311,61984.00\n2026-09,1187,57302.25\n",
    contentType: "text/csv; charset=utf-8",
  },
  "acme-corp/exports/orders 2026-09 (final).json": {
    body: `${JSON.stringify({ month: "2026-09", orders: [{ id: 1, total: 49.5 }, { id: 2, total: 120 }] }, null, 2)}\n`,
    contentType: "application/json",
  },
  "acme-corp/exports/Übersicht & notes #1.txt": { body: "A file whose name has a space, an umlaut, & and #.\n", contentType: "text/plain; charset=utf-8" },
  "globex/invoice-2026-10.html": {
    body: "<!doctype html><title>Invoice 2026-10</title><h1>Globex invoice, October 2026</h1><p>Total: 4,200.00 EUR</p>\n",
    contentType: "text/html; charset=utf-8",
  },
  "globex/data/usage-2026-10.csv": { body: "day,requests\n2026-10-01,10452\n2026-10-02,9931\n", contentType: "text/csv; charset=utf-8" },
};

/** Writes the demo client folders under `prefix` unless the prefix already holds anything. Returns whether it wrote. */
export async function seedDemoClients(store: ObjectStore, prefix: string): Promise<boolean> {
  const existing = await store.list({ prefix: `${prefix}/`, maxKeys: 1 });
  if (existing.objects.length > 0 || existing.prefixes.length > 0) return false;
  for (const [path, file] of Object.entries(demoFiles)) {
    await store.put(`${prefix}/${path}`, file.body, { contentType: file.contentType });
  }
  return true;
}

export const demoClientNames = ["acme-corp", "globex"] as const;

/** The keys seedDemoClients writes. */
export function demoFileKeys(prefix: string): string[] {
  return Object.keys(demoFiles).map((path) => `${prefix}/${path}`);
}
