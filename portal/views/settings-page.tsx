import { logoDataUri, MAX_LOGO_BYTES, type Brand } from "../../lib/brand/brand.js";
import { CsrfField } from "./csrf-field.js";
import { Page, type SignedInProps } from "./page.js";

export interface BrandFormValues {
  name?: string;
  color?: string;
  contact?: string;
}

/** The admins' Settings page: the brand clients see on pages and e-mails (docs/branding.md). */
export function SettingsPage(props: SignedInProps & { brand: Brand; values?: BrandFormValues; error?: string; notice?: string }) {
  const { brand, values, error, notice, ...session } = props;
  const shown = values ?? { name: brand.name ?? "", color: brand.color ?? "", contact: brand.contact ?? "" };
  return (
    <Page title="Settings" section="settings" {...session}>
      <div class="page-head">
        <h1>Settings</h1>
        <p class="muted">
          What clients see of your organisation on every index page and e-mail. A change shows on the next page published and the next e-mail sent; pages already
          published keep the brand they were made with.
        </p>
      </div>
      <section class="card card--narrow" aria-labelledby="brand-title">
        <h2 id="brand-title">Brand</h2>
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
        <form method="post" action="/settings" enctype="multipart/form-data" class="form">
          <CsrfField token={session.csrfToken} />
          <div class="field">
            <label for="brand-name">Organisation name</label>
            <input id="brand-name" name="name" maxlength={100} value={shown.name ?? ""} placeholder="Acme Ltd" autocomplete="organization" />
          </div>
          <div class="field">
            <label for="brand-color">Accent colour (hex, like #1d4ed8; empty: the default blue)</label>
            <input id="brand-color" name="color" maxlength={7} value={shown.color ?? ""} placeholder="#1d4ed8" autocomplete="off" spellcheck={false} />
          </div>
          <div class="field">
            <label for="brand-contact">Support contact clients are told to ask (empty: the person who sent the link)</label>
            <input id="brand-contact" name="contact" maxlength={300} value={shown.contact ?? ""} placeholder="support@example.com" autocomplete="off" />
          </div>
          <div class="field">
            <label for="brand-logo">Logo (PNG, JPEG, GIF or WebP, at most {MAX_LOGO_BYTES / 1024} KiB; no SVG)</label>
            {brand.logo ? (
              <p>
                <img src={logoDataUri(brand.logo)} alt={`Current logo${brand.name ? ` of ${brand.name}` : ""}`} class="brand-logo-preview" />
              </p>
            ) : null}
            <input id="brand-logo" name="logo" type="file" accept="image/png,image/jpeg,image/gif,image/webp" />
          </div>
          {brand.logo ? (
            <label class="choice">
              <input type="checkbox" name="removeLogo" value="yes" /> Remove the logo
            </label>
          ) : null}
          <button type="submit" class="button button--primary">
            Save
          </button>
        </form>
        {brand.updatedAt ? (
          <p class="muted">
            Last changed <time datetime={brand.updatedAt}>{brand.updatedAt.replace("T", " ").slice(0, 16)} UTC</time> by {brand.updatedBy}.
          </p>
        ) : null}
      </section>
      <section class="card card--narrow" aria-labelledby="edge-title">
        <h2 id="edge-title">Refusal pages at the edge</h2>
        <p>
          The pages CloudFront shows for a link that is not valid take the organisation name and support contact from the stack, not from here:{" "}
          <code>pulumi config set signed-share:organisationName "…"</code> and <code>signed-share:supportContact</code>, then <code>pulumi up</code>.
        </p>
      </section>
    </Page>
  );
}
