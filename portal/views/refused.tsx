import { Layout } from "./layout.js";

/** Shown when single sign-on worked but the account is not allowed to use the portal. */
export function RefusedPage({ account, contact }: { account: string; contact: string }) {
  return (
    <Layout title="Access refused">
      <section class="card card--narrow" aria-labelledby="refused-title">
        <h1 id="refused-title">Access refused</h1>
        <p>
          Your account <strong>{account}</strong> is not allowed to use this portal; ask {contact} to give it access.
        </p>
        <p class="muted">
          You signed in with your organisation's single sign-on, but this account is not in an allowed domain or
          group. Nothing was shared and no session was started.
        </p>
        <p>
          <a href="/sign-in">Sign in with another account</a>
        </p>
      </section>
    </Layout>
  );
}
