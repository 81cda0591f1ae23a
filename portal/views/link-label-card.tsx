import type { LinkRecord } from "../../lib/links/link-record.js";
import { recipientsOf } from "../../lib/links/link-label.js";
import { CsrfField } from "./csrf-field.js";
import { seg } from "./page.js";

/** A link's label and recipients, and the form that changes them (links.edit). */
export function LinkLabelCard({ record, csrfToken }: { record: LinkRecord; csrfToken: string }) {
  const recipients = recipientsOf(record);
  return (
    <section class="card" aria-labelledby="label-title">
      <h2 id="label-title">Label and recipients</h2>
      <form method="post" action={`/links/${seg(record.linkId)}/edit`} class="form">
        <CsrfField token={csrfToken} />
        <input type="hidden" name="client" value={record.client} />
        <div class="field">
          <label for="link-label">Label</label>
          <input id="link-label" name="label" type="text" maxlength={120} value={record.label ?? ""} placeholder="March invoices for Jane" autocomplete="off" />
        </div>
        <div class="field">
          <label for="link-recipients">Recipients</label>
          <input id="link-recipients" name="recipients" type="text" value={recipients.join(", ")} placeholder="jane@example.com, accounts@example.com" autocomplete="off" aria-describedby="link-recipients-note" />
          <p class="hint" id="link-recipients-note">
            Addresses or names, separated by commas. Sending the link by e-mail adds its addresses.
          </p>
        </div>
        <div class="form-actions">
          <button type="submit" class="button">
            Save label and recipients
          </button>
        </div>
      </form>
    </section>
  );
}
