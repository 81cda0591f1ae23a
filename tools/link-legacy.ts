// `signed-share links legacy`: the value of legacyLinksUntil for a stack upgraded to the edge guard.
import type { LinkRecords } from "../lib/publish/link-records.js";
import { formatUtc } from "../lib/publish/format.js";
import { legacyLinks } from "../lib/revocation/legacy-links.js";

export async function showLegacyLinks(records: LinkRecords, now: Date, json: boolean): Promise<number> {
  const found = legacyLinks(await records.list(), now);
  if (json) {
    process.stdout.write(`${JSON.stringify({ withoutId: found.withoutId, legacyLinksUntil: found.legacyLinksUntil ?? null, valid: found.valid })}\n`);
    return 0;
  }
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  const lines = [`${count(found.withoutId, "recorded link")} carr${found.withoutId === 1 ? "ies" : "y"} no link id (issued before link ids).`];
  if (found.legacyLinksUntil === undefined) {
    lines.push("None of them is still valid: deploy the edge guard without legacyLinksUntil (unset it if it is set).");
  } else {
    lines.push(
      `${found.valid.length === 1 ? "1 of them is" : `${found.valid.length} of them are`} still valid, the last until ${formatUtc(new Date(found.legacyLinksUntil))}. The edge guard refuses them unless you set:`,
      `  pulumi config set signed-share:legacyLinksUntil ${found.legacyLinksUntil}`,
      `(local mode: SHARE_LEGACY_LINKS_UNTIL=${found.legacyLinksUntil}). Until then requests without a link id pass the guard and`,
      "their signature alone decides; they cannot be revoked one by one (rotate-keys revokes every link).",
    );
  }
  lines.push("URLs signed by hand without --link-id have no record: if one must keep working, use the later of its expiry and this value.");
  process.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}
