import { formatUtc } from "../../lib/format.js";
import { When } from "./when.js";
import type { KeyHistoryItem, KeyStatus } from "../deps.js";
import { Page, type SignedInProps } from "./page.js";

/** "12 days", "3 hours", "less than an hour" */
export function formatAge(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  if (days >= 1) return `${days} ${days === 1 ? "day" : "days"}`;
  const hours = Math.floor(ms / 3_600_000);
  return hours >= 1 ? `${hours} ${hours === 1 ? "hour" : "hours"}` : "less than an hour";
}

/** The active signing key (never the private key) and, when the store keeps one, the key history. */
export function KeysPage({ status, history, now, ...session }: SignedInProps & { status: KeyStatus; history?: KeyHistoryItem[]; now: Date }) {
  const created = status.createdAt ? new Date(status.createdAt) : undefined;
  return (
    <Page title="Keys" section="keys" {...session}>
      <div class="page-head">
        <h1>Signing key</h1>
        <p class="muted">Every link is signed with the active key. Rotating it (signed-share rotate-keys) revokes every link at once.</p>
      </div>
      <section class="card" aria-labelledby="active-key-title">
        <h2 id="active-key-title">Active key</h2>
        <dl class="facts">
          <dt>Key pair id</dt>
          <dd>
            <code>{status.keyPairId}</code>
          </dd>
          <dt>Type</dt>
          <dd>{status.type === "rsa" ? "RSA-2048" : status.type === "ecdsa" ? "ECDSA P-256" : status.type}</dd>
          <dt>Created</dt>
          <dd>{created ? `${formatUtc(created)} (${formatAge(now.getTime() - created.getTime())} ago)` : "unknown"}</dd>
          <dt>Stored in</dt>
          <dd>
            <code>{status.store}</code>
          </dd>
        </dl>
      </section>
      {history && history.length > 0 ? (
        <section class="section" aria-labelledby="history-title">
          <h2 id="history-title">Key history</h2>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Key pair id</th>
                <th scope="col">Type</th>
                <th scope="col">Created</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {history.map((key) => (
                <tr>
                  <th scope="row" data-label="Key pair id">
                    <code>{key.keyPairId}</code>
                  </th>
                  <td data-label="Type">{key.type}</td>
                  <td data-label="Created"><When at={key.createdAt} /></td>
                  <td data-label="State">{key.active ? <span class="badge badge--active">active</span> : <span class="badge">retired</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </Page>
  );
}
