import { z } from "zod";
import { InvalidRequestError } from "../../errors.js";
import { MAX_PARTS, partLength } from "../../files/multipart.js";
import { PART_URL_SECONDS } from "../../files/upload-session.js";
import { defineOperation } from "../operation.js";
import { openSession, sessionFields, uploadsOf } from "./session.js";

/** `uploads.parts`: the URLs to PUT parts of an open upload to (presigned, or the portal's own in local mode). */
export const uploadParts = defineOperation({
  name: "uploads.parts",
  summary: "The URLs to PUT the parts of an upload to",
  description: "Each URL accepts exactly one part of exactly its length, for an hour. Ask again for a part whose URL expired.",
  access: "operator",
  cli: false,
  mutates: false,
  input: z.strictObject({
    ...sessionFields,
    partNumbers: z
      .array(z.number().int().min(1).max(MAX_PARTS))
      .min(1)
      .max(1000)
      .meta({ description: "The parts wanted (1-based), at most 1000 per call" }),
  }),
  result: z
    .object({
      parts: z.array(z.object({ partNumber: z.number().int(), length: z.number().int().meta({ description: "The part's exact length: send Content-Length with it" }), url: z.string() })),
    })
    .meta({ id: "UploadPartUrls" }),
  errors: ["gone", "forbidden", "unavailable"],
  async run(services, input, actor, context) {
    const { files, door } = uploadsOf(services, context);
    const upload = openSession(door, services, input, actor);
    const plan = { partSize: upload.partSize, partCount: upload.partCount };
    const bad = input.partNumbers.find((n) => n > upload.partCount);
    if (bad !== undefined) throw new InvalidRequestError(`partNumbers: part ${bad}: this upload has ${upload.partCount} parts`, { field: "partNumbers" });
    const exp = Math.min(upload.exp, services.clock().getTime() + PART_URL_SECONDS * 1000);
    const parts = await Promise.all(
      input.partNumbers.map(async (partNumber) => {
        const length = partLength(upload.size, plan, partNumber);
        const url = files.presigns
          ? await files.presignPart(upload, partNumber, length, PART_URL_SECONDS)
          : door.partUrl(door.tokens.sealPart({ key: upload.key, uploadId: upload.uploadId, partNumber, length, exp }));
        return { partNumber, length, url };
      }),
    );
    return { parts };
  },
});
