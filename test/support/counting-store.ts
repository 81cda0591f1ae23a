import type { ObjectStore } from "../../lib/storage/object-store.js";

/** The store, and how many link records (portal/links/…) have been read through it: tests that a list reads one page, not every record. */
export function countingLinkReads(store: ObjectStore): { store: ObjectStore; gets: () => number } {
  let gets = 0;
  return {
    store: new Proxy(store, {
      get(target, name, receiver) {
        if (name === "get") return (key: string, ...rest: unknown[]) => (key.startsWith("portal/links/") && gets++, (target.get as (...a: unknown[]) => unknown).call(target, key, ...rest));
        const value = Reflect.get(target, name, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    }),
    gets: () => gets,
  };
}
