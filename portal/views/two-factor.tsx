import type { SessionUser } from "../env.js";
import { CsrfField } from "./csrf-field.js";
import { Layout } from "./layout.js";
import { MainNav } from "./main-nav.js";
import { QrCode } from "./qr-code.js";
import { Alert } from "./alert.js";

/** The second step of a sign-in: a code from the authenticator app, or a recovery code. */
export function SecondStepPage({ userName, error }: { userName: string; error?: string }) {
  return (
    <Layout title="Two-factor sign-in">
      <section class="card card--narrow" aria-labelledby="code-title">
        <h1 id="code-title">Two-factor sign-in</h1>
        <p class="muted">
          Signing in as <strong>{userName}</strong>. Type the 6-digit code your authenticator app shows, or one of your recovery codes.
        </p>
        {error ? (
          <Alert tone="error" id="code-error">
            {error}
          </Alert>
        ) : null}
        <form method="post" action="/sign-in/code" class="form">
          <div class="field">
            <label for="code">Code</label>
            <input id="code" name="code" type="text" inputmode="text" autocomplete="one-time-code" autocapitalize="none" spellcheck={false} required maxlength={64} autofocus aria-describedby={error ? "code-error" : undefined} />
          </div>
          <button type="submit" class="button button--primary button--block">
            Sign in
          </button>
        </form>
        <p class="muted">
          Lost the device and the recovery codes? An admin can turn two-factor sign-in off for your account. <a href="/sign-in">Start again</a>
        </p>
      </section>
    </Layout>
  );
}

/** Enrolment: the QR code (and its secret as text, for apps without a camera) and the code that confirms it. */
export function EnrolPage(props: { action: string; secret: string; qr: string; required?: boolean; error?: string; user?: SessionUser; csrfToken?: string }) {
  const grouped = props.secret.match(/.{1,4}/g)!.join(" ");
  return (
    <Layout title="Set up two-factor sign-in" user={props.user ?? null} csrfToken={props.csrfToken ?? null} nav={props.user ? <MainNav user={props.user} /> : undefined}>
      <section class="card card--narrow" aria-labelledby="enrol-title">
        <h1 id="enrol-title">Set up two-factor sign-in</h1>
        {props.required ? <p class="alert alert--warning">Your account needs two-factor sign-in before you can go on.</p> : null}
        <ol>
          <li>Scan this QR code with an authenticator app (any app for TOTP codes).</li>
          <li>Type the 6-digit code the app then shows.</li>
        </ol>
        <div class="qr-card">
          <QrCode svg={props.qr} label="QR code of the two-factor secret" />
        </div>
        <p class="muted">
          No camera? Type this key into the app: <code class="mono" id="totp-secret" data-secret={props.secret}>{grouped}</code>
        </p>
        {props.error ? (
          <Alert tone="error" id="enrol-error">
            {props.error}
          </Alert>
        ) : null}
        <form method="post" action={props.action} class="form">
          {props.csrfToken ? <CsrfField token={props.csrfToken} /> : null}
          <div class="field">
            <label for="code">Code from the app</label>
            <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength={12} pattern="[0-9 ]{6,12}" aria-describedby={props.error ? "enrol-error" : undefined} />
          </div>
          <button type="submit" class="button button--primary button--block">
            Turn on two-factor sign-in
          </button>
        </form>
      </section>
    </Layout>
  );
}

/** The ten recovery codes, shown once. */
export function RecoveryCodesPage(props: { codes: string[]; next: string; user?: SessionUser; csrfToken?: string }) {
  return (
    <Layout title="Recovery codes" user={props.user ?? null} csrfToken={props.csrfToken ?? null} nav={props.user ? <MainNav user={props.user} /> : undefined}>
      <section class="card card--narrow" aria-labelledby="codes-title">
        <h1 id="codes-title">Your recovery codes</h1>
        <Alert tone="success">
          Two-factor sign-in is on.
        </Alert>
        <p>
          Each code signs you in once when you do not have the device. Keep them somewhere safe (a password manager, or printed): <strong>they are shown only now</strong>.
        </p>
        <ul class="mono recovery-codes" id="recovery-codes">
          {props.codes.map((code) => (
            <li>{code}</li>
          ))}
        </ul>
        <p>
          <a class="button button--primary" href={props.next}>
            Continue
          </a>
        </p>
      </section>
    </Layout>
  );
}
