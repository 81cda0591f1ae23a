import type { ObjectStore } from "../lib/storage/object-store.js";
import { createStore } from "../lib/storage/create-store.js";
import { loadToolConfig } from "./cli.js";

/** The object store the command-line tools work on: the bucket (AWS mode) or the data directory (local mode). */
export function openStore(configFile?: string): ObjectStore {
  return createStore(loadToolConfig(configFile));
}
