// The files family: client folders and their files (uploads are their own family).
import { createClient } from "./create-client.js";
import { deleteFiles } from "./delete.js";
import { listFiles } from "./list.js";
import { scanFiles } from "./scan.js";

export const fileOperations = {
  list: listFiles,
  createClient,
  delete: deleteFiles,
  scan: scanFiles,
} as const;
