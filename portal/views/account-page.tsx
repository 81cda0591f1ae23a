import type { UserSummary } from "../../lib/users/user-store.js";
import { When } from "./when.js";
import { CsrfField } from "./csrf-field.js";
import { Page, type SignedInProps } from "./page.js";
import { Alert } from "./alert.js";

/** The signed-in person's own account: password and two-factor sign-in (local accounts only). */
export function AccountPage(props: SignedInProps & { account?: UserSummary; required: boolean; notice?: string }) {
  const { account, user, csrfToken } = props;
  return (
    <Page title="Your account" user={user} csrfToken={csrfToken}>
      <section class="card" aria-labelledby="account-title">
        <h1 id="account-title">Your account</h1>
        {props.notice ? (
          <Alert tone="warning">
            {props.notice}
          </Alert>
        ) : null}
        <p>
          <strong>{user.name}</strong> <span class="badge">{user.role}</span>
        </p>
        {!account ? (
          <p class="muted">You sign in through your organisation's single sign-on: its provider manages your password and second factor.</p>
        ) : (
          <>
            <p class="muted">
              Password changed <When at={account.passwordChangedAt} />.{" "}
              <a href="/account/password">Change the password</a>
            </p>
            <h2>Two-factor sign-in</h2>
            {account.twoFactor ? (
              <>
                <p id="two-factor-status">
                  On. {account.recoveryCodesLeft} of 10 recovery codes left.
                </p>
                <form method="post" action="/account/two-factor/recovery-codes" class="inline-form">
                  <CsrfField token={csrfToken} />
                  <button type="submit" class="button">
                    New recovery codes
                  </button>
                </form>
                {props.required ? (
                  <p class="muted">Your role requires two-factor sign-in (PORTAL_REQUIRE_2FA), so it cannot be turned off here.</p>
                ) : (
                  <form method="post" action="/account/two-factor/off" class="inline-form">
                    <CsrfField token={csrfToken} />
                    <button type="submit" class="button button--quiet">
                      Turn two-factor sign-in off
                    </button>
                  </form>
                )}
              </>
            ) : (
              <>
                <p id="two-factor-status">Off: a password alone signs you in.</p>
                <a class="button button--primary" href="/account/two-factor">
                  Set up two-factor sign-in
                </a>
              </>
            )}
          </>
        )}
      </section>
    </Page>
  );
}

/** Choosing a new password: on the account page, or through a set-password link (no session then). */
export function PasswordForm(props: { action: string; title: string; intro?: string; error?: string; csrfToken?: string; hidden?: Record<string, string>; current: boolean; minLength: number }) {
  return (
    <section class="card card--narrow" aria-labelledby="password-title">
      <h1 id="password-title">{props.title}</h1>
      {props.intro ? <p class="muted">{props.intro}</p> : null}
      {props.error ? (
        <Alert tone="error" id="password-error">
          {props.error}
        </Alert>
      ) : null}
      <form method="post" action={props.action} class="form">
        {props.csrfToken ? <CsrfField token={props.csrfToken} /> : null}
        {Object.entries(props.hidden ?? {}).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        {props.current ? (
          <div class="field">
            <label for="current">Current password</label>
            <input id="current" name="current" type="password" autocomplete="current-password" required />
          </div>
        ) : null}
        <div class="field">
          <label for="password">New password</label>
          <input id="password" name="password" type="password" autocomplete="new-password" required minlength={props.minLength} maxlength={1024} />
        </div>
        <div class="field">
          <label for="repeat">Repeat it</label>
          <input id="repeat" name="repeat" type="password" autocomplete="new-password" required minlength={props.minLength} maxlength={1024} />
        </div>
        <button type="submit" class="button button--primary button--block">
          Save the password
        </button>
      </form>
    </section>
  );
}
