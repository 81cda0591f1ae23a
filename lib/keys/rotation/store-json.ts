import type { ObjectStore } from "../../storage/object-store.js";

/** Reads a small JSON object from the store; undefined when it does not exist. */
export async function readStoreJson<T>(store: ObjectStore, key: string): Promise<T | undefined> {
  const found = await store.get(key);
  if (!found) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of found.body) chunks.push(Buffer.from(chunk as Uint8Array));
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${store.location}/${key} is not JSON; move it away if it is damaged`);
  }
}

export async function writeStoreJson(store: ObjectStore, key: string, value: unknown): Promise<void> {
  await store.put(key, `${JSON.stringify(value, null, 2)}\n`, { contentType: "application/json", cacheControl: "no-store" });
}
