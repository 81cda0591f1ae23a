import { createHash } from "node:crypto";
import type { Claims } from "../delivery/claims.js";
import { headerText } from "../mail/address.js";
import { visibleName } from "../pages/visible-name.js";
import { mailBody } from "../mail/mail-body.js";
import { MailSendError, type Mailer, type MailParty, type OutgoingMail } from "../mail/mailer.js";
import type { InfectedFile } from "./scanning.js";

/** The claim event of an infected-file alert (lib/delivery/claims.ts). */
export const INFECTED_EVENT = "infected";

export interface InfectedAlertDeps {
  mailer: Mailer;
  claims: Claims;
  from: MailParty;
  /** The admins' addresses (SHARE_SCAN_ALERTS_TO, else the admin accounts' saved addresses). */
  recipients: () => Promise<string[]>;
  /** The shared prefix, to name the client and the path in the message. */
  prefix: string;
  log?: (message: string) => void;
}

/** One claim per file version: the same infected bytes are reported once, whoever sees them first. */
export function alertClaimId(file: Pick<InfectedFile, "key" | "etag">): string {
  return `scan-${createHash("sha256").update(`${file.key}\n${file.etag ?? ""}`).digest("hex").slice(0, 32)}`;
}

/**
 * Tells the admins by e-mail that a stored file is infected, once per file version across every
 * process (portal, CLI runs): the message is claimed first with a create-if-absent write, like
 * reminders (docs/delivery.md). With no recipient or no mail transport nothing is claimed, so a
 * later sighting, once mail is set up, still reports it.
 */
export function infectedAlert(deps: InfectedAlertDeps): (file: InfectedFile) => Promise<void> {
  return async (file) => {
    if (deps.mailer.kind === "off") return;
    const to = [...new Set(await deps.recipients())];
    if (to.length === 0) {
      deps.log?.(`infected file ${file.key}: no admin address to tell (set SHARE_SCAN_ALERTS_TO)`);
      return;
    }
    const id = alertClaimId(file);
    if (!(await deps.claims.claim(id, INFECTED_EVENT, "claimed", file.key))) return;
    try {
      const sent = await deps.mailer.send(infectedMail(file, deps.prefix, deps.from, to));
      await deps.claims.settle(id, INFECTED_EVENT, { status: "sent", to, detail: sent.via });
    } catch (error) {
      if (error instanceof MailSendError && error.notSent) await deps.claims.release(id, INFECTED_EVENT);
      else await deps.claims.settle(id, INFECTED_EVENT, { status: "failed", to, detail: (error as Error).message }).catch(() => undefined);
      throw error;
    }
  };
}

/** "Infected file held back: acme-corp/report.exe (Win.Test.EICAR_HDB-1)". */
export function infectedMail(file: InfectedFile, prefix: string, from: MailParty, to: string[]): OutgoingMail {
  const root = prefix ? `${prefix}/` : "";
  const relative = file.key.startsWith(root) ? file.key.slice(root.length) : file.key;
  const slash = relative.indexOf("/");
  const client = slash > 0 ? relative.slice(0, slash) : "(no client)";
  const path = slash > 0 ? relative.slice(slash + 1) : relative;
  const found = file.verdict.detail ? ` (${file.verdict.detail})` : "";
  return {
    kind: "alert",
    automatic: true,
    from,
    to,
    subject: headerText(`Infected file held back for ${client}`, "subject", 300),
    ...mailBody({
      before: [
        `The malware scan found ${file.verdict.detail ? `"${file.verdict.detail}"` : "a threat"} in a file of ${client}:`,
        "",
        `  ${visible(path)}${found}`,
        "",
        "It is never listed on a client's page and the edge refuses its URL. Find out where it came from, then delete it:",
        "",
        `  signed-share files rm ${shellWord(client)} ${shellWord(path)}`,
        "",
        "If you believe the scanner is wrong, replace the file with a copy from a trusted source; the new copy is scanned when it is stored.",
      ].join("\n"),
      footer: "Sent once per infected file by signed-share's malware scanning (docs/scanning.md).",
    }),
  };
}

/** A name shown as typed, unless characters in it could hide or reorder it: then quoted with escapes. */
function visible(text: string): string {
  return /[\u0000-\u001f\u007f-\u009f]/.test(text) ? JSON.stringify(text) : visibleName(text);
}

function shellWord(text: string): string {
  return /^[A-Za-z0-9._/-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
