import { CsrfField } from "./csrf-field.js";
import { When } from "./when.js";
import type { TokenSummary } from "../../lib/tokens/api-tokens.js";
import { Page, seg, type SignedInProps } from "./page.js";
import { Alert } from "./alert.js";

/** API tokens for pipelines: the list (never the tokens), a form to create one, revoke buttons. */
export function TokensPage(
  props: SignedInProps & { tokens: TokenSummary[]; now: Date; values?: { name?: string; expires?: string }; error?: string; created?: { token: string; name: string } },
) {
  const { tokens, values = {}, error, created, ...session } = props;
  return (
    <Page title="API tokens" section="tokens" {...session}>
      <div class="page-head">
        <h1>API tokens</h1>
        <p class="muted">
          Pipelines call the JSON API with <code>Authorization: Bearer TOKEN</code>. A token works on <code>/api</code> only, with its role, until it expires or is
          revoked; what it does is logged under its name.
        </p>
      </div>
      {created ? (
        <section class="card" aria-labelledby="created-title">
          <h2 id="created-title">Token “{created.name}” created</h2>
          <p class="alert" role="status">
            Copy it now: it is shown only this once and stored only as a hash.
          </p>
          <label for="new-token">Token</label>
          <input id="new-token" readonly value={created.token} class="mono" />
        </section>
      ) : null}
      <section class="card" aria-labelledby="new-title">
        <h2 id="new-title">New token</h2>
        {error ? (
          <Alert tone="error">
            {error}
          </Alert>
        ) : null}
        <form method="post" action="/tokens" class="form">
          <CsrfField token={session.csrfToken} />
          <div class="field">
            <label for="token-name">Name</label>
            <input id="token-name" name="name" required pattern="[a-z0-9._\-]{1,64}" value={values.name ?? ""} placeholder="ci-deliveries" />
          </div>
          <div class="field">
            <label for="token-role">Role</label>
            <select id="token-role" name="role">
              <option value="operator">operator</option>
              <option value="admin">admin</option>
            </select>
          </div>
          <div class="field">
            <label for="token-expires">Expires after</label>
            <input id="token-expires" name="expires" required value={values.expires ?? "90d"} />
          </div>
          <button type="submit" class="button button--primary">
            Create token
          </button>
        </form>
      </section>
      <section class="section" aria-labelledby="list-title">
        <h2 id="list-title">Tokens</h2>
        {tokens.length === 0 ? (
          <p class="empty">No API tokens yet.</p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">Created by</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr>
                  <th scope="row">{token.name}</th>
                  <td>{token.role}</td>
                  <td>{token.status}</td>
                  <td><When at={token.expiresAt} /></td>
                  <td>{token.lastUsedAt ? <When at={token.lastUsedAt} /> : "never"}</td>
                  <td>{token.createdBy}</td>
                  <td>
                    {token.status === "active" ? (
                      <form method="post" action={`/tokens/${seg(token.id)}/revoke`}>
                        <CsrfField token={session.csrfToken} />
                        <button type="submit" class="button button--quiet">
                          Revoke {token.name}
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Page>
  );
}
