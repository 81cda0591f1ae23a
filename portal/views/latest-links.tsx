import { recipientsOf } from "../../lib/links/link-label.js";
import type { LinkRecord, LinkStatus } from "../../lib/links/link-record.js";
import { seg } from "./page.js";
import { StatusBadge } from "./status-badge.js";
import { When } from "./when.js";

/** A client's newest links with their labels and recipients (the client page), and the way to all of them. */
export function LatestLinks({ client, links }: { client: string; links: (LinkRecord & { status: LinkStatus })[] }) {
  if (links.length === 0) return null;
  return (
    <section class="card" aria-labelledby="latest-links-title">
      <h2 id="latest-links-title">Latest links</h2>
      <ul class="latest-links">
        {links.map((link) => {
          const recipients = recipientsOf(link);
          return (
            <li>
              <StatusBadge status={link.status} /> <a href={`/links/${seg(link.linkId)}/issued?client=${seg(client)}`}>{link.label ?? <>Link of <When at={link.issuedAt} /></>}</a>
              <span class="muted small">
                {" "}
                · expires <When at={link.expiresAt} />
                {recipients.length > 0 ? ` · to ${recipients.join(", ")}` : ""}
              </span>
            </li>
          );
        })}
      </ul>
      <p>
        <a href={`/links?client=${seg(client)}`}>All links of {client}</a>
      </p>
    </section>
  );
}
