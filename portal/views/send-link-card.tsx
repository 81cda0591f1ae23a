import { formatUtc } from "../../lib/format.js";
import type { LinkDelivery, LinkRecord } from "../../lib/links/link-record.js";
import { MAX_RECIPIENTS } from "../../lib/mail/address.js";
import { MAX_NOTE_LENGTH, messageRuleHint } from "../../lib/mail/mail-body.js";
import { CsrfField } from "./csrf-field.js";
import { seg } from "./page.js";
import { Alert } from "./alert.js";

export interface SendFormState {
  /** Where mail goes ("the outbox (...)", "smtp://mail.example.com:587"); "off" explains itself. */
  transport: { kind: string; description: string };
  /** Domains whose web and e-mail addresses the message may hold (SHARE_MAIL_OWN_DOMAINS). */
  ownDomains: readonly string[];
  /** What the To box holds: the typed addresses after a refusal, else the client's contacts. */
  to: string;
  message: string;
  /** Why the last attempt was refused or failed. */
  error?: string;
  /** The delivery that just went out. */
  sent?: LinkDelivery;
}

const STATUS_WORDS: Record<LinkDelivery["status"], string> = {
  sending: "not known (the portal stopped while sending)",
  sent: "sent",
  failed: "failed",
};

/** "Send by e-mail" on the issued-link page: recipients, the words above the link, and what was sent before. */
export function SendLinkCard(props: { record: LinkRecord; state: SendFormState; csrfToken: string; open: boolean }) {
  const { record, state, csrfToken } = props;
  const off = state.transport.kind === "off";
  const deliveries = record.deliveries ?? [];
  return (
    <section class="card" aria-labelledby="send-title" id="send">
      <h2 id="send-title">Send by e-mail</h2>
      {state.sent ? (
        <Alert tone="success">
          Sent to {state.sent.to.join(", ")} {state.sent.via ? `through ${state.sent.via}` : ""}.
        </Alert>
      ) : null}
      {state.error ? (
        <Alert tone="error">
          {state.error}
        </Alert>
      ) : null}
      {state.sent && !off && props.open ? (
        // Just sent: no form filled again with the same recipients and words, which would invite sending twice.
        <p>
          <a href={`/links/${seg(record.linkId)}/issued?client=${seg(record.client)}#send`}>Send it to someone else</a>
        </p>
      ) : off ? (
        <p class="muted">E-mail is not set up for this portal: {state.transport.description}. Copy the message above into your own mail program instead.</p>
      ) : props.open ? (
        <form method="post" action={`/links/${seg(record.linkId)}/send?client=${seg(record.client)}`} class="form">
          <CsrfField token={csrfToken} />
          <div class="field">
            <label for="send-to">To (up to {MAX_RECIPIENTS} addresses, separated by commas or one per line)</label>
            <textarea id="send-to" name="to" rows={2} spellcheck={false} autocomplete="off" required>
              {state.to}
            </textarea>
          </div>
          <div class="field">
            <label for="send-message">Message (the link and its expiry are added below it)</label>
            <textarea id="send-message" name="message" rows={9} maxlength={MAX_NOTE_LENGTH} aria-describedby="send-message-rule">
              {state.message}
            </textarea>
            <p class="hint" id="send-message-rule">
              Write no web or e-mail address: {messageRuleHint(state.ownDomains)}.
            </p>
          </div>
          <p class="hint">
            Goes out through {state.transport.description}, with a plain-text and a simple HTML part, no images and no tracking. Replies go to you when your address is set on the{" "}
            <a href="/mail">E-mail page</a>.
          </p>
          <div>
            <button type="submit" class="button button--primary">
              Send
            </button>
          </div>
        </form>
      ) : (
        <p class="muted">This link no longer works, so it cannot be sent.</p>
      )}
      {deliveries.length > 0 ? (
        <>
          <h3>Sent before</h3>
          <ul class="deliveries">
            {deliveries.map((d) => (
              <li>
                <time datetime={d.at}>{formatUtc(new Date(d.at))}</time> by {d.by} to {d.to.join(", ")}: {STATUS_WORDS[d.status]}
                {d.error ? ` (${d.error})` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
