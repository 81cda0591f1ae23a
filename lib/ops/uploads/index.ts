// The uploads family: a file sent part by part through the JSON API (the portal's Upload page and
// pipelines). Only the API door: the command line uploads from disk with `files put`.
import { abortUpload } from "./abort.js";
import { completeUpload } from "./complete.js";
import { uploadParts } from "./parts.js";
import { startUpload } from "./start.js";

export const uploadOperations = { start: startUpload, parts: uploadParts, complete: completeUpload, abort: abortUpload } as const;
