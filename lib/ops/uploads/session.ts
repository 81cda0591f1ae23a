import { z } from "zod";
import { InvalidRequestError, ShareError } from "../../errors.js";
import type { ClientFiles } from "../../files/client-files.js";
import type { UploadSession } from "../../files/upload-session.js";
import { clientName } from "../schemas.js";
import type { Actor, RunContext, UploadDoor } from "../operation.js";
import type { Services } from "../services.js";

/** The sealed upload session a caller sends back at every step, and the client it is for. */
export const sessionFields = {
  upload: z.string({ error: "is required: the upload token that POST /api/uploads answered" }).min(1).max(4096).meta({ description: "The upload token that starting the upload answered" }),
  client: clientName,
};

/** The door of the uploads family and the files service; an operation of this family outside the portal is unavailable. */
export function uploadsOf(services: Services, context: RunContext): { files: ClientFiles; door: UploadDoor } {
  if (!services.files) throw new ShareError("unavailable", "uploads are not offered here (this portal only reads and issues links)");
  if (!context.uploads) throw new ShareError("unavailable", "uploads go through the portal's JSON API; from a terminal use: signed-share files put CLIENT PATH...");
  return { files: services.files, door: context.uploads };
}

/** The open upload the request names, refused when tampered, expired, another client's or another person's. */
export function openSession(door: UploadDoor, services: Services, input: { upload: string; client: string }, actor: Actor): UploadSession {
  const opened = door.tokens.openSession(input.upload, services.clock());
  if (!opened.ok) {
    if (opened.reason === "expired") throw new ShareError("gone", "This upload session has expired: start the upload again.");
    throw new InvalidRequestError("upload: the upload token is not one this portal issued.", { field: "upload" });
  }
  if (opened.value.client !== input.client) throw new ShareError("forbidden", `This upload goes to client "${opened.value.client}", not "${input.client}".`, { field: "client" });
  if (opened.value.by !== actor.name) throw new ShareError("forbidden", `This upload was started by ${opened.value.by}.`);
  return opened.value;
}
