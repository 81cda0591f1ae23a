import { HTTP_STATUS } from "../../../lib/errors.js";
import { Hono } from "hono";
import { recordAuthEvent } from "../../auth/auth-audit.js";
import { MIN_PASSWORD_LENGTH, UserStoreError } from "../../../lib/users/user-store.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import { PasswordForm } from "../../views/account-page.js";
import { Layout } from "../../views/layout.js";
import { MessagePage } from "../../views/message-page.js";

export const SET_PASSWORD_PATH = "/set-password";

/** The one-time set-password link an admin hands a new user (or one whose password was reset). */
export function setPasswordRoutes(deps: PortalDeps) {
  const invalid = () => (
    <MessagePage title="Link not valid" message="This set-password link was used already, has expired or was replaced. Ask an admin for a new one." link={{ href: "/sign-in", label: "Sign in" }} />
  );
  const form = (user: string, token: string, error?: string) => (
    <Layout title="Choose a password">
      <PasswordForm action={SET_PASSWORD_PATH} title="Choose a password" intro={`For the account ${user}.`} {...(error ? { error } : {})} hidden={{ user, token }} current={false} minLength={MIN_PASSWORD_LENGTH} />
    </Layout>
  );
  return new Hono<AppEnv>()
    .get(SET_PASSWORD_PATH, async (c) => {
      const user = c.req.query("user") ?? "";
      const token = c.req.query("token") ?? "";
      c.header("Referrer-Policy", "no-referrer");
      if (!(await deps.users.setupValid(user, token))) return c.html(invalid(), HTTP_STATUS["not-found"]);
      return c.html(form(user, token));
    })
    .post(SET_PASSWORD_PATH, async (c) => {
      const body = await c.req.parseBody();
      const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
      const user = text("user");
      const token = text("token");
      if (text("password") !== text("repeat")) return c.html(form(user, token, "The two passwords differ."), HTTP_STATUS["bad-input"]);
      try {
        const account = await deps.users.completeSetup(user, token, text("password"));
        await recordAuthEvent(deps, c, { event: "password-set", user: account.name, role: account.role, outcome: "ok", details: { user: account.name, through: "set-password link" } });
      } catch (error) {
        if (!(error instanceof UserStoreError)) throw error;
        if (error.code === "weak-password") return c.html(form(user, token, error.message), HTTP_STATUS["bad-input"]);
        await recordAuthEvent(deps, c, { event: "password-set", user, outcome: "refused", details: { user, through: "set-password link" } });
        return c.html(invalid(), HTTP_STATUS["not-found"]);
      }
      return c.html(<MessagePage title="Password saved" message="Your password is set. Sign in with it now." link={{ href: "/sign-in", label: "Sign in" }} />);
    });
}
