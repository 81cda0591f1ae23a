import { ShareError } from "../../errors.js";
import type { ClientFiles } from "../../files/client-files.js";
import type { Services } from "../services.js";

/** The client files service, or why there is none here. */
export function clientFilesOf(services: Services): ClientFiles {
  if (!services.files) throw new ShareError("unavailable", "managing client files is not set up here (no storage for uploads)");
  return services.files;
}
