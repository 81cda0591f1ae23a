import { randomBytes } from "node:crypto";
import { InvalidRequestError } from "../errors.js";
import { hasBidiControl } from "../pages/visible-name.js";

/** The folder under each client's folder that holds published index pages; never listed as a client file. */
export const RESERVED_FOLDER = "_links";

/** Refuses names that are not one plain folder under the prefix (traversal, the reserved name, separators). */
export function validateClientName(client: string): string {
  const reason =
    client === ""
      ? "is empty"
      : client.includes("/")
        ? "contains a /"
        : client === "." || client === ".."
          ? "is a relative path segment"
          : client === RESERVED_FOLDER
            ? `is the reserved folder name ${RESERVED_FOLDER}`
            : /[\u0000-\u001f\u007f-\u009f\\]/.test(client)
              ? "contains a control character or a backslash"
              : hasBidiControl(client)
                ? "contains a bidirectional control character (it can make the name read as another)"
              : client.length > 255
                ? "is longer than 255 characters"
                : undefined;
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

