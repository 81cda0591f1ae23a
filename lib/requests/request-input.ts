import { parseByteSize } from "../config.js";
import { parseInstant } from "../instant.js";
import { InvalidRequestError } from "../errors.js";
import type { NewRequest } from "./file-requests.js";

/** A new request's terms as a form, the API or the command line give them: text, as typed. */
export interface RequestFields {
  expires?: string;
  maxFileSize?: string | number;
  maxTotal?: string | number;
  maxFiles?: string | number;
  note?: string;
}

const blank = (value: string | number | undefined) => value === undefined || (typeof value === "string" && value.trim() === "");

function size(value: string | number | undefined, what: string): number | undefined {
  if (blank(value)) return undefined;
  const bytes = typeof value === "number" ? value : parseByteSize(value!);
  if (bytes === undefined || !Number.isSafeInteger(bytes) || bytes <= 0) throw new InvalidRequestError(`${what}: give a size like 2GB, 500MB or a number of bytes`);
  return bytes;
}

/** The terms of a new request from typed fields (sizes like "2GB", the expiry as "7d" or a date); InvalidRequestError naming the field. */
export function requestTermsFrom(fields: RequestFields, now: Date): Omit<NewRequest, "client" | "issuedBy"> {
  if (blank(fields.expires)) throw new InvalidRequestError("expires: give when the request stops taking files, like 7d or 2030-01-01");
  let expiresAt: Date;
  try {
    expiresAt = parseInstant(String(fields.expires), now);
  } catch (error) {
    throw new InvalidRequestError(`expires: ${(error as Error).message}`);
  }
  const maxFileSize = size(fields.maxFileSize, "maxFileSize");
  const maxTotal = size(fields.maxTotal, "maxTotal");
  let maxFiles: number | undefined;
  if (!blank(fields.maxFiles)) {
    maxFiles = typeof fields.maxFiles === "number" ? fields.maxFiles : /^\s*\d+\s*$/.test(fields.maxFiles!) ? Number(fields.maxFiles) : NaN;
    if (!Number.isSafeInteger(maxFiles) || maxFiles < 1) throw new InvalidRequestError("maxFiles: give a whole number of files, at least 1");
  }
  return {
    expiresAt,
    ...(maxFileSize !== undefined ? { maxFileSize } : {}),
    ...(maxTotal !== undefined ? { maxTotal } : {}),
    ...(maxFiles !== undefined ? { maxFiles } : {}),
    ...(fields.note?.trim() ? { note: fields.note } : {}),
  };
}
