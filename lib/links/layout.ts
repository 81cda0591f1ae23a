import { randomBytes } from "node:crypto";
import { nameCharacterProblem } from "../names/name-characters.js";
import { PAGE_FOLDER, reservedClientProblem } from "../names/reserved-names.js";
import { InvalidRequestError } from "../errors.js";

/** The folder under each client's folder that holds published index pages; never listed as a client file. */
export const RESERVED_FOLDER = PAGE_FOLDER;

/**
 * Why `client` cannot be a client folder name, or undefined: one plain folder under the prefix (no
 * separator, no traversal), the name rule (lib/names/name-characters.ts), and nothing that starts
 * like the product's own objects (lib/names/reserved-names.ts).
 */
export function clientNameProblem(client: string): string | undefined {
  if (client === "") return "is empty";
  if (client.includes("/")) return "contains a /";
  if (client === "." || client === "..") return "is a relative path segment";
  if (client.includes("\\")) return "contains a backslash";
  if (client.length > 255) return "is longer than 255 characters";
  return nameCharacterProblem(client) ?? reservedClientProblem(client);
}

/** Refuses names that are not one plain folder under the prefix (traversal, reserved names, separators, unsafe characters). */
export function validateClientName(client: string): string {
  const reason = clientNameProblem(client);
  if (reason) throw new InvalidRequestError(`client name ${JSON.stringify(client)} ${reason}: use the name of one folder under the shared prefix`);
  return client;
}

/** `<prefix>/<client>/`: every key of the client's folder starts with it. */
export function clientFolderKey(prefix: string, client: string): string {
  return `${prefix ? `${prefix}/` : ""}${client}/`;
}

/** 128 random bits, base64url (22 characters). */
export function newLinkId(): string {
  return randomBytes(16).toString("base64url");
}

export function isLinkId(text: string): boolean {
  return /^[A-Za-z0-9_-]{22}$/.test(text);
}

/** The page's path relative to the public URL (and to the prefix in the store). */
export function pagePath(client: string, linkId: string): string {
  return `${client}/${RESERVED_FOLDER}/${linkId}.html`;
}

