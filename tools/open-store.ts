import { LocalObjectStore } from "../lib/storage/local-store.js";
import type { ObjectStore } from "../lib/storage/object-store.js";

/** The object store the command-line tools work on. (To move to lib/config + lib/storage/create-store.) */
export function openStore(): ObjectStore {
  return new LocalObjectStore(process.env.SHARE_DATA_DIR ?? "./data");
}
