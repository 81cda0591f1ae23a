import { HTTP_STATUS } from "../../../lib/errors.js";
import { Hono, type Context } from "hono";
import { recordAuthEvent } from "../../auth/auth-audit.js";
import { requireUser, safeNext } from "../../auth/require-role.js";
import { startSession, type SessionCookie } from "../../auth/session-cookie.js";
import { twoFactorRequired } from "../../auth/two-factor-policy.js";
import { totpUri } from "../../../lib/users/totp.js";
import { MIN_PASSWORD_LENGTH, UserStoreError } from "../../../lib/users/user-store.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv, SignedInEnv } from "../../env.js";
import { AccountPage, PasswordForm } from "../../views/account-page.js";
import { Page } from "../../views/page.js";
import { qrSvg } from "../../views/qr-code.js";
import { EnrolPage, RecoveryCodesPage } from "../../views/two-factor.js";
import { TOTP_ISSUER } from "../auth/sign-in.js";

type Ctx = Context<AppEnv & SignedInEnv>;

/** /account: the signed-in person's password and two-factor sign-in (docs/portal.md#your-account). */
export function accountRoutes(deps: PortalDeps, cookie: SessionCookie) {
  const rule = deps.requireTwoFactor ?? "off";
  const local = async (c: Ctx) => (c.var.user.source === "local" ? deps.users.get(c.var.user.name) : undefined);
  const onlyLocal = (c: Ctx) => c.redirect("/account", 303);
  const audit = (c: Ctx, event: string) => recordAuthEvent(deps, c as unknown as Context<AppEnv>, { event, user: c.var.user.name, role: c.var.user.role, outcome: "ok", details: { user: c.var.user.name } });

  const enrolPage = async (c: Ctx, secret: string, error?: string) =>
    c.html(<EnrolPage action="/account/two-factor" secret={secret} qr={await qrSvg(totpUri(secret, TOTP_ISSUER, c.var.user.name))} user={c.var.user} csrfToken={c.var.csrfToken} {...(error ? { error } : {})} />, error ? HTTP_STATUS["bad-input"] : 200);

  const passwordPage = (c: Ctx, next: string, forced: boolean, error?: string) =>
    c.html(
      <Page title="Change the password" user={c.var.user} csrfToken={c.var.csrfToken}>
        <PasswordForm
          action="/account/password"
          title={forced ? "Choose your own password" : "Change the password"}
          {...(forced ? { intro: "An admin gave you this password: choose one only you know before going on." } : {})}
          {...(error ? { error } : {})}
          csrfToken={c.var.csrfToken}
          hidden={{ next }}
          current={!forced}
          minLength={MIN_PASSWORD_LENGTH}
        />
      </Page>,
      error ? HTTP_STATUS["bad-input"] : 200,
    );

  return new Hono<AppEnv & SignedInEnv>()
    .use("/account", requireUser())
    .use("/account/*", requireUser())
    .get("/account", async (c) => {
      const account = await local(c);
      const notice = c.req.query("codes") === "low" ? `You have ${account?.recoveryCodesLeft ?? 0} recovery codes left: make new ones below.` : undefined;
      return c.html(<AccountPage user={c.var.user} csrfToken={c.var.csrfToken} required={twoFactorRequired(rule, c.var.user.role)} {...(account ? { account } : {})} {...(notice ? { notice } : {})} />);
    })
    .get("/account/password", async (c) => {
      const account = await local(c);
      if (!account) return onlyLocal(c);
      return passwordPage(c, safeNext(c.req.query("next")), account.mustChangePassword);
    })
    .post("/account/password", async (c) => {
      const account = await local(c);
      if (!account) return onlyLocal(c);
      const form = await c.req.parseBody();
      const text = (name: string) => (typeof form[name] === "string" ? (form[name] as string) : "");
      const next = safeNext(text("next"));
      const forced = account.mustChangePassword;
      if (!forced && !(await deps.users.verify(account.name, text("current")))) return passwordPage(c, next, forced, "The current password is not right.");
      if (text("password") !== text("repeat")) return passwordPage(c, next, forced, "The two new passwords differ.");
      try {
        await deps.users.setPassword(account.name, text("password"));
      } catch (error) {
        if (error instanceof UserStoreError) return passwordPage(c, next, forced, error.message);
        throw error;
      }
      await audit(c, "password-changed");
      // Every other session of the account has ended with the change; this one goes on in a new session.
      startSession(c as unknown as Context<AppEnv>, cookie, { name: account.name, role: account.role, source: "local" }, deps.clock());
      return c.redirect(next, 303);
    })
    .get("/account/two-factor", async (c) => {
      const account = await local(c);
      if (!account) return onlyLocal(c);
      if (account.twoFactor) return c.redirect("/account", 303);
      return enrolPage(c, (await deps.users.pendingTwoFactor(account.name)) ?? (await deps.users.beginTwoFactor(account.name)));
    })
    .post("/account/two-factor", async (c) => {
      const account = await local(c);
      if (!account) return onlyLocal(c);
      const form = await c.req.parseBody();
      const code = typeof form.code === "string" ? form.code.slice(0, 64) : "";
      try {
        const codes = await deps.users.confirmTwoFactor(account.name, code);
        await audit(c, "two-factor-enabled");
        return c.html(<RecoveryCodesPage codes={codes} next="/account" user={c.var.user} csrfToken={c.var.csrfToken} />);
      } catch (error) {
        if (!(error instanceof UserStoreError)) throw error;
        const secret = await deps.users.pendingTwoFactor(account.name);
        return secret ? enrolPage(c, secret, error.message) : c.redirect("/account/two-factor", 303);
      }
    })
    .post("/account/two-factor/recovery-codes", async (c) => {
      const account = await local(c);
      if (!account?.twoFactor) return onlyLocal(c);
      const codes = await deps.users.renewRecoveryCodes(account.name);
      await audit(c, "recovery-codes-renewed");
      return c.html(<RecoveryCodesPage codes={codes} next="/account" user={c.var.user} csrfToken={c.var.csrfToken} />);
    })
    .post("/account/two-factor/off", async (c) => {
      const account = await local(c);
      if (!account?.twoFactor) return onlyLocal(c);
      if (twoFactorRequired(rule, account.role)) return c.redirect("/account", 303);
      await deps.users.resetTwoFactor(account.name);
      await audit(c, "two-factor-disabled");
      return c.redirect("/account", 303);
    });
}
