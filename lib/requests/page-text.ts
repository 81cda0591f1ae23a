import type { Translator } from "../i18n/translator.js";

/** The limits a page states and its script checks before sending (docs/requests.md#the-upload-page). */
export interface PageLimits {
  maxFileSize: number;
  maxTotal?: number | undefined;
  maxFiles?: number | undefined;
}

/**
 * The words the upload page's script shows, in the page's language (lib/i18n catalogs, keys
 * `request.js.*`): formatted when the page is published; `{name}` marks a value the script fills in.
 * The limits' sizes and counts are known then, so those messages arrive complete, in words.
 */
export function requestScriptText(t: Translator, limits: PageLimits) {
  const slot = (name: string) => `{${name}}`;
  return {
    added: t.t("request.js.added", { count: slot("count") }),
    waiting: t.t("request.js.waiting"),
    sending: t.t("request.js.sending"),
    checking: t.t("request.js.checking"),
    done: t.t("request.js.done"),
    failed: t.t("request.js.failed", { reason: slot("reason") }),
    remove: t.t("request.js.remove"),
    retrying: t.t("request.js.retrying", { seconds: slot("seconds") }),
    resumed: t.t("request.js.resumed", { done: slot("done"), total: slot("total") }),
    tooBig: t.t("request.js.tooBig", { size: t.bytes(limits.maxFileSize) }),
    tooMany: limits.maxFiles !== undefined ? t.t("request.js.tooMany", { count: limits.maxFiles }) : "",
    tooMuch: limits.maxTotal !== undefined ? t.t("request.js.tooMuch", { size: t.bytes(limits.maxTotal) }) : "",
    emptyName: t.t("request.js.emptyName"),
    serverRefused: t.t("request.js.serverRefused", { status: slot("status") }),
    overall: t.t("request.js.overall", { percent: slot("percent") }),
    allDone: t.t("request.js.allDone", { count: slot("count") }),
    someFailed: t.t("request.js.someFailed", { failed: slot("failed"), count: slot("count") }),
    linkRefused: t.t("request.js.linkRefused"),
    busy: t.t("request.js.busy", { seconds: slot("seconds") }),
    receiptSent: t.t("request.js.receiptSent", { address: slot("address") }),
    receiptNotSent: t.t("request.js.receiptNotSent"),
    name: t.t("request.js.name"),
    size: t.t("request.js.size"),
    sha256: "SHA-256",
    copyReceipt: t.t("request.js.copyReceipt"),
    nothingToSend: t.t("request.js.nothingToSend"),
  };
}

export type RequestScriptText = ReturnType<typeof requestScriptText>;
