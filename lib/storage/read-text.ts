import { text } from "node:stream/consumers";
import type { ObjectStore } from "./object-store.js";

/** A small object's body as UTF-8 text; undefined when the object does not exist. */
export async function readText(store: ObjectStore, key: string): Promise<string | undefined> {
  const object = await store.get(key);
  return object && text(object.body);
}
