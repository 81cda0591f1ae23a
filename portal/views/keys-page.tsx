import { formatUtc } from "../../lib/format.js";
import { When } from "./when.js";
import type { KeyStatus } from "../../lib/ops/keys/status.js";
import { Page, type SignedInProps } from "./page.js";

/** "12 days", "3 hours", "less than an hour" */
export function formatAge(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  if (days >= 1) return `${days} ${days === 1 ? "day" : "days"}`;
  const hours = Math.floor(ms / 3_600_000);
  return hours >= 1 ? `${hours} ${hours === 1 ? "hour" : "hours"}` : "less than an hour";
}

/** The active signing key (never the private key), the state of key rotation and the keys the store still keeps. */
export function KeysPage({ status, now, ...session }: SignedInProps & { status: KeyStatus; now: Date }) {
  const { active, rotation, keys: history } = status;
  const created = active.createdAt ? new Date(active.createdAt) : undefined;
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
            <code>{active.keyPairId}</code>
          </dd>
          <dt>Type</dt>
          <dd>{active.type === "rsa" ? "RSA-2048" : active.type === "ecdsa" ? "ECDSA P-256" : active.type}</dd>
          <dt>Created</dt>
          <dd>{created ? `${formatUtc(created)} (${formatAge(now.getTime() - created.getTime())} ago)` : "unknown"}</dd>
          <dt>Stored in</dt>
          <dd>
            <code>{status.storedIn}</code>
          </dd>
          <dt>Last rotation</dt>
          <dd>
            <RotationState rotation={rotation} />
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

/** The last rotation in a line: none, finished (when, by whom), or unfinished (what to do). */
function RotationState({ rotation }: { rotation: KeyStatus["rotation"] }) {
  if (rotation.state === "none") return <>none yet</>;
  const who = rotation.startedBy ? ` by ${rotation.startedBy}` : "";
  if (rotation.state === "finished") {
    return (
      <>
        {rotation.mode} rotation {rotation.rotationId}
        {who}, finished <When at={rotation.finishedAt ?? ""} />
      </>
    );
  }
  return (
    <>
      <strong>unfinished</strong>: {rotation.mode} rotation {rotation.rotationId}
      {who}, started <When at={rotation.startedAt ?? ""} />
      {rotation.lock ? `; the lock is held by ${rotation.lock.by}` : ""}. Run <code>signed-share rotate-keys</code> to finish it.
    </>
  );
}
