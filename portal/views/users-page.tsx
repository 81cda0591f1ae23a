import { formatUtc } from "../../lib/format.js";
import { When } from "./when.js";
import { CsrfField } from "./csrf-field.js";
import { Page, seg, type SignedInProps } from "./page.js";
import { Alert } from "./alert.js";

/** One row of the Users page: a local account or a person who signed in through SSO. */
export interface UserRow {
  name: string;
  source: "local" | "sso";
  role: "admin" | "operator";
  status: "active" | "disabled" | "setup-pending";
  /** on / off for local accounts; "provider" for SSO (their provider decides). */
  twoFactor: "on" | "off" | "provider";
  recoveryCodesLeft?: number;
  provider?: string;
  lastSignInAt?: string;
  createdAt?: string;
  createdBy?: string;
  disabled?: { at: string; by: string };
}

/** What an admin hands over after adding a user or resetting a password, shown once. */
export type Handover = { name: string; setPasswordUrl: string; expiresAt: string } | { name: string; password: string };

const STATUS_TEXT = { active: "active", disabled: "disabled", "setup-pending": "waiting for a password" } as const;

export const userHref = (row: Pick<UserRow, "name" | "source">) => `/users/${row.source}/${seg(row.name)}`;

function HandoverCard({ handover }: { handover: Handover }) {
  return (
    <section class="card" aria-labelledby="handover-title" id="handover">
      <h2 id="handover-title">Hand this to {handover.name}</h2>
      <p class="alert" role="status">
        It is shown only this once{"password" in handover ? "; they choose their own password when they first sign in" : ""}.
      </p>
      {"password" in handover ? (
        <>
          <label for="initial-password">Password</label>
          <input id="initial-password" readonly value={handover.password} class="mono" />
        </>
      ) : (
        <>
          <label for="set-password-url">Set-password link (works once, until <When at={handover.expiresAt} />)</label>
          <input id="set-password-url" readonly value={handover.setPasswordUrl} class="mono" />
        </>
      )}
    </section>
  );
}

/** /users: everyone who can sign in, and a form to add a local account (admins only). */
export function UsersPage(props: SignedInProps & { users: UserRow[]; error?: string; values?: { name?: string; role?: string }; handover?: Handover; twoFactorRule: string }) {
  const { users, error, values = {}, handover, twoFactorRule, ...session } = props;
  return (
    <Page title="Users" section="users" {...session}>
      <div class="page-head">
        <h1>Users</h1>
        <p class="muted">
          Local accounts sign in with a password{twoFactorRule === "off" ? " (and a second factor where they set one up)" : ` and a second factor (required for ${twoFactorRule === "all" ? "everyone" : "admins"}: PORTAL_REQUIRE_2FA)`}; people from single sign-on
          appear after their first sign-in, and their provider manages their password and second factor.
        </p>
      </div>
      {handover ? <HandoverCard handover={handover} /> : null}
      <section class="card" aria-labelledby="add-title">
        <h2 id="add-title">Add a user</h2>
        {error ? (
          <Alert tone="error">
            {error}
          </Alert>
        ) : null}
        <form method="post" action="/users" class="form">
          <CsrfField token={session.csrfToken} />
          <div class="field">
            <label for="user-name">User name</label>
            <input id="user-name" name="name" required pattern="[a-z0-9._\-]{1,64}" maxlength={64} value={values.name ?? ""} autocapitalize="none" spellcheck={false} />
          </div>
          <div class="field">
            <label for="user-role">Role</label>
            <select id="user-role" name="role">
              <option value="operator" selected={values.role !== "admin"}>
                operator
              </option>
              <option value="admin" selected={values.role === "admin"}>
                admin
              </option>
            </select>
          </div>
          <fieldset class="field">
            <legend>How they get their password</legend>
            <label>
              <input type="radio" name="handover" value="link" checked /> a set-password link (works once, for 72 hours)
            </label>
            <label>
              <input type="radio" name="handover" value="password" /> an initial password shown now (they change it when they first sign in)
            </label>
          </fieldset>
          <button type="submit" class="button button--primary">
            Add user
          </button>
        </form>
      </section>
      <section class="section" aria-labelledby="list-title">
        <h2 id="list-title">Everyone</h2>
        <table class="table" id="users">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Sign-in</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Two-factor</th>
              <th scope="col">Last sign-in</th>
            </tr>
          </thead>
          <tbody>
            {users.map((row) => (
              <tr data-user={row.name}>
                <th scope="row" data-label="Name">
                  <a href={userHref(row)}>{row.name}</a>
                </th>
                <td data-label="Sign-in">{row.source === "sso" ? `SSO (${row.provider ?? "provider"})` : "local"}</td>
                <td data-label="Role">{row.role}</td>
                <td data-label="Status">{STATUS_TEXT[row.status]}</td>
                <td data-label="Two-factor">{row.twoFactor === "provider" ? "by the provider" : row.twoFactor}</td>
                <td data-label="Last sign-in">{row.lastSignInAt ? <When at={row.lastSignInAt} /> : "never"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Page>
  );
}

function ActionForm({ action, label, csrfToken, quiet, fields }: { action: string; label: string; csrfToken: string; quiet?: boolean; fields?: Record<string, string> }) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={csrfToken} />
      {Object.entries(fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={quiet ? "button button--quiet" : "button"}>
        {label}
      </button>
    </form>
  );
}

/** /users/:source/:name: one person, and what an admin can do about them. */
export function UserPage(props: SignedInProps & { row: UserRow; handover?: Handover; notice?: string; self: boolean }) {
  const { row, handover, notice, self, ...session } = props;
  const base = userHref(row);
  const token = session.csrfToken;
  return (
    <Page title={row.name} section="users" {...session}>
      <p class="breadcrumbs">
        <a href="/users">Users</a> / {row.name}
      </p>
      <div class="page-head">
        <h1>{row.name}</h1>
        <p class="muted" id="user-summary">
          {row.source === "sso" ? `Single sign-on through ${row.provider ?? "the provider"}` : "Local account"} · {row.role} · {STATUS_TEXT[row.status]}
          {row.disabled ? ` (by ${row.disabled.by}, ${formatUtc(new Date(row.disabled.at))})` : ""} · last sign-in {row.lastSignInAt ? <When at={row.lastSignInAt} /> : "never"}
          {row.source === "local" ? ` · two-factor ${row.twoFactor}${row.twoFactor === "on" ? ` (${row.recoveryCodesLeft ?? 0} recovery codes left)` : ""}` : ""}
        </p>
      </div>
      {notice ? (
        <Alert tone="success">
          {notice}
        </Alert>
      ) : null}
      {handover ? <HandoverCard handover={handover} /> : null}
      <section class="card" aria-labelledby="actions-title">
        <h2 id="actions-title">Actions</h2>
        {row.source === "local" ? (
          <form method="post" action={`${base}/role`} class="inline-form">
            <CsrfField token={token} />
            <label for="new-role">Role</label>
            <select id="new-role" name="role">
              <option value="operator" selected={row.role === "operator"}>
                operator
              </option>
              <option value="admin" selected={row.role === "admin"}>
                admin
              </option>
            </select>
            <button type="submit" class="button">
              Change role
            </button>
          </form>
        ) : (
          <p class="muted">The role follows the provider's groups at each sign-in.</p>
        )}
        {self ? (
          <p class="muted">You cannot disable your own account or sign yourself out everywhere here (use Sign out).</p>
        ) : row.status === "disabled" ? (
          <ActionForm action={`${base}/enable`} label="Enable" csrfToken={token} />
        ) : (
          <ActionForm action={`${base}/disable`} label="Disable" csrfToken={token} />
        )}
        {self ? null : <ActionForm action={`${base}/sign-out`} label="Sign out everywhere" csrfToken={token} />}
        {row.source === "local" ? (
          <>
            <ActionForm action={`${base}/password`} label="Reset password: new set-password link" csrfToken={token} fields={{ handover: "link" }} />
            <ActionForm action={`${base}/password`} label="Reset password: show a new password" csrfToken={token} fields={{ handover: "password" }} />
            {row.twoFactor === "on" ? <ActionForm action={`${base}/two-factor/reset`} label="Reset two-factor sign-in (lost device)" csrfToken={token} /> : null}
          </>
        ) : null}
        {self ? null : <ActionForm action={`${base}/remove`} label={row.source === "sso" ? "Forget" : "Remove the account"} csrfToken={token} quiet />}
      </section>
    </Page>
  );
}
