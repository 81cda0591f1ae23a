import { Layout } from "./layout.js";
import { Alert } from "./alert.js";

export interface SignInPageProps {
  /** where to go after signing in (a local path) */
  next: string;
  /** shows the "Sign in with SSO" button */
  ssoEnabled: boolean;
  /** the user name to keep in the field after a failed attempt */
  userName?: string;
  error?: string;
}

export function SignInPage({ next, ssoEnabled, userName, error }: SignInPageProps) {
  const nextQuery = next === "/" ? "" : `?next=${encodeURIComponent(next)}`;
  return (
    <Layout title="Sign in">
      <section class="card card--narrow" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in</h1>
        <p class="muted">For the operations team that shares files with clients.</p>
        {error ? (
          <Alert tone="error" id="sign-in-error">
            {error}
          </Alert>
        ) : null}
        {ssoEnabled ? (
          <>
            <a class="button button--primary button--block" href={`/auth/oidc/start${nextQuery}`}>
              Sign in with SSO
            </a>
            <p class="divider">
              <span>or with a local account</span>
            </p>
          </>
        ) : null}
        <form method="post" action="/sign-in" class="form">
          <input type="hidden" name="next" value={next} />
          <div class="field">
            <label for="username">User name</label>
            <input
              id="username"
              name="username"
              type="text"
              autocomplete="username"
              autocapitalize="none"
              spellcheck={false}
              required
              maxlength={64}
              value={userName ?? ""}
              autofocus={!ssoEnabled}
              aria-describedby={error ? "sign-in-error" : undefined}
            />
          </div>
          <div class="field">
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required />
          </div>
          <button type="submit" class={ssoEnabled ? "button button--block" : "button button--primary button--block"}>
            Sign in
          </button>
        </form>
      </section>
    </Layout>
  );
}
