import { formatUtc } from "../../lib/format.js";
import type { OutboxEntry } from "../../lib/mail/outbox.js";
import { CsrfField } from "./csrf-field.js";
import { Page, seg, type SignedInProps } from "./page.js";

/** The E-mail page: how mail leaves this portal, and the signed-in user's address and notifications. */
export function MailPage(
  props: SignedInProps & {
    transport: { kind: string; description: string };
    address: string;
    /** The user's name as clients see it. */
    displayName: string;
    /** The address used when none is saved (the user name when it is one). */
    impliedAddress?: string;
    notifications: boolean;
    notice?: string;
    error?: string;
  },
) {
  const { transport, address, displayName, impliedAddress, notifications, notice, error, ...session } = props;
  return (
    <Page title="E-mail" section="mail" {...session}>
      <div class="page-head">
        <h1>E-mail</h1>
        <p class="muted">
          Links are sent through {transport.description}.
          {transport.kind === "outbox" ? (
            <>
              {" "}
              Nothing leaves this machine: see the messages in the <a href="/outbox">Outbox</a>.
            </>
          ) : null}
        </p>
      </div>
      {notice ? (
        <p class="alert alert--success" role="status">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p class="alert alert--error" role="alert">
          {error}
        </p>
      ) : null}
      <section class="card" aria-labelledby="me-title">
        <h2 id="me-title">Your name, address and notifications</h2>
        <form method="post" action="/mail" class="form">
          <CsrfField token={session.csrfToken} />
          <div class="field">
            <label for="mail-display-name">Your name as clients see it (in messages and on the pages of links you issue)</label>
            <input id="mail-display-name" name="displayName" type="text" value={displayName} placeholder="Jane Doe" maxlength={100} autocomplete="name" />
          </div>
          <div class="field">
            <label for="mail-address">Your e-mail address (replies from clients and download notifications go here)</label>
            <input id="mail-address" name="address" type="email" value={address} placeholder={impliedAddress ?? "you@example.com"} autocomplete="email" spellcheck={false} />
          </div>
          <label>
            <input type="checkbox" name="notifications" value="on" checked={notifications} /> Tell me when a client first downloads from a link I issued, and when they have every file
          </label>
          <div>
            <button type="submit" class="button button--primary">
              Save
            </button>
          </div>
        </form>
      </section>
    </Page>
  );
}

/** Local mode's Outbox: what the portal would have sent, newest first. */
export function OutboxPage(props: SignedInProps & { entries: OutboxEntry[]; location: string }) {
  const { entries, location, ...session } = props;
  return (
    <Page title="Outbox" section="mail" {...session}>
      <div class="page-head">
        <h1>Outbox</h1>
        <p class="muted">
          With no mail server configured, messages are written here instead of being sent: one <code>.eml</code> file each in <code>{location}</code>, which any mail
          program opens.
        </p>
      </div>
      {entries.length === 0 ? (
        <p class="muted" role="status">
          No messages yet. Send a link from its page ("Send by e-mail").
        </p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">Messages in the outbox</caption>
          <thead>
            <tr>
              <th scope="col">Written</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Kind</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr>
                <td>
                  <time datetime={entry.savedAt}>{formatUtc(new Date(entry.savedAt))}</time>
                </td>
                <td>{entry.to.join(", ")}</td>
                <td>
                  <a href={`/outbox/${seg(entry.id)}`}>{entry.subject}</a>
                </td>
                <td>{entry.kind}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}

/** One message of the outbox: its headers and its plain-text part, and the .eml to download. */
export function OutboxMessagePage(props: SignedInProps & { entry: OutboxEntry }) {
  const { entry, ...session } = props;
  return (
    <Page title={entry.subject} section="mail" {...session}>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <a href="/outbox">Outbox</a> <span aria-hidden="true">/</span> <span aria-current="page">Message</span>
      </nav>
      <section class="card" aria-labelledby="message-subject">
        <h1 id="message-subject">{entry.subject}</h1>
        <dl class="facts">
          <dt>From</dt>
          <dd>{entry.from}</dd>
          <dt>To</dt>
          <dd>{entry.to.join(", ")}</dd>
          {entry.replyTo ? (
            <>
              <dt>Reply-To</dt>
              <dd>{entry.replyTo}</dd>
            </>
          ) : null}
          <dt>Written</dt>
          <dd>
            <time datetime={entry.savedAt}>{formatUtc(new Date(entry.savedAt))}</time>
          </dd>
        </dl>
        <pre class="mail-text">{entry.text}</pre>
        <p>
          <a href={`/outbox/${seg(entry.id)}.eml`} download={`${entry.id}.eml`}>
            Download the message (.eml)
          </a>
        </p>
      </section>
    </Page>
  );
}
