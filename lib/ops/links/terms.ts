// The terms of a link as callers send them (strings), read into dates once for every door.
import { z } from "zod";
import { InvalidRequestError } from "../../errors.js";
import { parseInstant } from "../../instant.js";
import { validateTerms, type LinkTerms } from "../../publishing/terms.js";
import { instant } from "../schemas.js";
import type { Services } from "../services.js";

export const termFields = {
  expires: instant("the expiry"),
  notBefore: instant("the start").optional().meta({ description: "The links work only from then (same forms as expires)" }),
  ip: z.string({ error: "must be an IPv4 address or CIDR range" }).max(64).optional().meta({ description: "Only viewers from this IPv4 address or range (e.g. 203.0.113.0/24)", example: "203.0.113.0/24" }),
};

export const publishFields = {
  mode: z.enum(["per-file", "folder"], { error: "must be per-file or folder" }).optional().meta({ description: "per-file (default): one signature per file; folder: one wildcard signature for the client's folder" }),
  hashAlgorithm: z.enum(["SHA1", "SHA256"], { error: "must be SHA1 or SHA256" }).optional().meta({ description: "The signature hash (default: SHARE_HASH_ALGORITHM, else SHA1)" }),
};

/** An instant of the request, read against the clock; a problem names the field. */
export function readInstant(text: string, field: string, now: Date): Date {
  try {
    return parseInstant(text, now);
  } catch (error) {
    throw new InvalidRequestError(`${field}: ${(error as Error).message}`, { field });
  }
}

/** Expiry, start and IP range read and checked against the clock, the maximum expiry and the stack's IPv6 setting. */
export function readTerms(services: Services, input: { expires: string; notBefore?: string | undefined; ip?: string | undefined }): LinkTerms {
  const now = services.clock();
  const terms: LinkTerms = {
    expiresAt: readInstant(input.expires, "expires", now),
    ...(input.notBefore !== undefined ? { notBefore: readInstant(input.notBefore, "notBefore", now) } : {}),
    ...(input.ip !== undefined && input.ip.trim() !== "" ? { ipRange: input.ip.trim() } : {}),
  };
  return validateTerms(terms, now, services.settings.maxExpiryMs, { ipv6Enabled: services.settings.ipv6Enabled });
}
