import { LANGUAGE_NAMES, LANGUAGES } from "../../lib/i18n/catalog.js";
import { CsrfField } from "./csrf-field.js";
import { Page, type SignedInProps } from "./page.js";
import { Alert } from "./alert.js";

export interface ClientFormValues {
  client?: string;
  displayName?: string;
  contacts?: string;
  language?: string;
  timeZone?: string;
  archived?: boolean;
}

/** Create a client (its folder name, display name, contacts) or, with `client` fixed, edit its profile. */
export function ClientFormPage(props: SignedInProps & { values: ClientFormValues; error?: string; editing?: string }) {
  const { values, error, editing, ...session } = props;
  const title = editing ? `Profile of ${editing}` : "New client";
  return (
    <Page title={title} section="clients" {...session}>
      <div class="page-head">
        <h1>{title}</h1>
        <p class="muted">
          {editing ? "The profile is kept with the portal's records, never in the client's shared folder." : "A client is a folder of files you share with them through links."}
        </p>
      </div>
      <section class="card card--narrow">
        {error ? (
          <Alert tone="error">
            {error}
          </Alert>
        ) : null}
        <form method="post" action={editing ? `/clients/${encodeURIComponent(editing)}/profile` : "/new-client"} class="form">
          <CsrfField token={session.csrfToken} />
          {editing ? null : (
            <div class="field">
              <label for="client-name">Folder name</label>
              <input id="client-name" name="client" required maxlength={255} value={values.client ?? ""} autocomplete="off" spellcheck={false} />
              <p class="hint">Part of every link, e.g. acme-corp. No "/", no control or invisible characters, not starting with "_" or ".".</p>
            </div>
          )}
          <div class="field">
            <label for="display-name">Display name (optional)</label>
            <input id="display-name" name="displayName" maxlength={200} value={values.displayName ?? ""} />
          </div>
          <div class="field">
            <label for="contacts">Contact e-mail addresses (optional, one per line)</label>
            <textarea id="contacts" name="contacts" rows={3}>
              {values.contacts ?? ""}
            </textarea>
          </div>
          {editing ? (
            <div class="field">
              <label for="language">Language of the e-mails and pages the client sees</label>
              <select id="language" name="language">
                {LANGUAGES.map((language) => (
                  <option value={language} selected={(values.language || "en") === language}>
                    {LANGUAGE_NAMES[language]}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {editing ? (
            <div class="field">
              <label for="time-zone">Time zone of the client (optional)</label>
              <input id="time-zone" name="timeZone" maxlength={64} value={values.timeZone ?? ""} placeholder="Europe/Berlin" autocomplete="off" spellcheck={false} />
              <p class="hint">Dates the client sees are in this zone, with UTC beside them; empty: UTC only.</p>
            </div>
          ) : null}
          {editing ? (
            <label class="choice">
              <input type="checkbox" name="archived" value="yes" checked={values.archived} /> Archived (hidden from the clients list; files are kept)
            </label>
          ) : null}
          <button type="submit" class="button button--primary">
            {editing ? "Save" : "Create client"}
          </button>
        </form>
      </section>
    </Page>
  );
}
