import type { ObjectStore } from "../../storage/object-store.js";
import { readText } from "../../storage/read-text.js";

/** Reads a small JSON object from the store; undefined when it does not exist. */
export async function readStoreJson<T>(store: ObjectStore, key: string): Promise<T | undefined> {
  const text = await readText(store, key);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${store.location}/${key} is not JSON; move it away if it is damaged`);
  }
}

export async function writeStoreJson(store: ObjectStore, key: string, value: unknown): Promise<void> {
  await store.put(key, `${JSON.stringify(value, null, 2)}\n`, { contentType: "application/json", cacheControl: "no-store" });
}
