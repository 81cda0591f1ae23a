import { HTTP_STATUS } from "../../../lib/errors.js";
import { Hono, type Context } from "hono";
import type { RateLimitOptions } from "../../auth/rate-limit.js";
import { SignInRateLimiter } from "../../auth/rate-limit.js";
import { recordAuthEvent } from "../../auth/auth-audit.js";
import { PendingSignIns, type PendingSignIn } from "../../auth/pending-sign-in.js";
import { safeNext } from "../../auth/require-role.js";
import { startSession, type SessionCookie } from "../../auth/session-cookie.js";
import { twoFactorRequired } from "../../auth/two-factor-policy.js";
import { MAX_PASSWORD_LENGTH, USER_NAME_PATTERN, type UserSummary } from "../../../lib/users/user-store.js";
import { totpUri } from "../../../lib/users/totp.js";
import { clientAddress } from "../../client-address.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import { qrSvg } from "../../views/qr-code.js";
import { SignInPage } from "../../views/sign-in.js";
import { EnrolPage, RecoveryCodesPage, SecondStepPage } from "../../views/two-factor.js";

/** The issuer name authenticator apps show beside the account. */
export const TOTP_ISSUER = "signed-share";

/**
 * The local-account sign-in: the password, then (when the account has it, or PORTAL_REQUIRE_2FA
 * requires it) a second step: a TOTP or recovery code, or the enrolment itself. Failed attempts of
 * each step block a user name and address pair or an address, and slow a user name; the second
 * step counts its own failures, which a right password does not clear.
 */
export function signInRoutes(deps: PortalDeps, cookie: SessionCookie, limits?: Partial<RateLimitOptions>) {
  const limiter = new SignInRateLimiter(deps.clock, limits);
  const codeLimiter = new SignInRateLimiter(deps.clock, limits);
  const pending = new PendingSignIns(deps.sessionSecret, deps.secureCookies);
  const ssoEnabled = deps.oidc !== undefined;
  const rule = deps.requireTwoFactor ?? "off";

  const throttled = (c: Context<AppEnv>, retryAfter: number) => {
    c.header("Retry-After", String(retryAfter));
    const minutes = Math.ceil(retryAfter / 60);
    return `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  };

  /** The end of every successful sign-in: a fresh session, the last sign-in recorded, the event written. */
  const signedIn = async (c: Context<AppEnv>, account: UserSummary, method: string, extra: Record<string, number> = {}) => {
    pending.clear(c);
    startSession(c, cookie, { name: account.name, role: account.role, source: "local" }, deps.clock());
    await deps.users.recordSignIn(account.name);
    deps.logger.info({ event: "sign-in", user: account.name, role: account.role, method, address: clientAddress(c, deps.trustProxy ?? false) });
    await recordAuthEvent(deps, c, { event: "sign-in", user: account.name, role: account.role, outcome: "ok", details: { method, ...extra } });
  };

  /** The pending step's account, if it may still go on (not disabled, password unchanged since). */
  const pendingAccount = async (c: Context<AppEnv>): Promise<{ step: PendingSignIn; account: UserSummary } | undefined> => {
    const step = pending.read(c, deps.clock());
    const account = step && (await deps.users.get(step.user));
    if (!step || !account || account.disabled || Date.parse(account.passwordChangedAt) > step.at) return undefined;
    return { step, account };
  };

  const restart = (c: Context<AppEnv>) => {
    pending.clear(c);
    return c.html(<SignInPage next="/" ssoEnabled={ssoEnabled} error="The sign-in took too long or was interrupted. Please sign in again." />, HTTP_STATUS.unauthenticated);
  };

  return new Hono<AppEnv>()
    .get("/sign-in", (c) => {
      const next = safeNext(c.req.query("next"));
      if (c.get("user")) return c.redirect(next, 303);
      return c.html(<SignInPage next={next} ssoEnabled={ssoEnabled} />);
    })
    .post("/sign-in", async (c) => {
      const form = await c.req.parseBody();
      const userName = typeof form.username === "string" ? form.username.trim().toLowerCase() : "";
      const password = typeof form.password === "string" ? form.password : "";
      const next = safeNext(form.next);
      const address = clientAddress(c, deps.trustProxy ?? false);
      const page = (error: string) => <SignInPage next={next} ssoEnabled={ssoEnabled} userName={userName} error={error} />;

      // Input no account could match costs no password hash and counts as no attempt.
      if (!USER_NAME_PATTERN.test(userName) || password === "" || password.length > MAX_PASSWORD_LENGTH) {
        return c.html(page("Wrong user name or password."), HTTP_STATUS.unauthenticated);
      }

      const retryAfter = limiter.retryAfterSeconds(userName, address);
      if (retryAfter !== undefined) {
        deps.logger.warn({ event: "sign-in-throttled", user: userName, address });
        return c.html(page(throttled(c, retryAfter)), HTTP_STATUS["rate-limited"]);
      }

      const delay = limiter.delayMs(userName);
      if (delay > 0) {
        deps.logger.warn({ event: "sign-in-slowed", user: userName, address, delayMs: delay });
        await limiter.options.wait(delay);
      }
      const account = await deps.users.verify(userName, password);
      if (!account) {
        limiter.recordFailure(userName, address);
        deps.logger.warn({ event: "sign-in-failed", user: userName, address });
        await recordAuthEvent(deps, c, { event: "sign-in-failed", user: userName, outcome: "refused", details: { step: "password" } });
        return c.html(page("Wrong user name or password."), HTTP_STATUS.unauthenticated);
      }
      limiter.succeeded(userName, address);
      if (account.disabled) {
        deps.logger.warn({ event: "sign-in-refused", user: userName, reason: "disabled", address });
        await recordAuthEvent(deps, c, { event: "sign-in-failed", user: userName, role: account.role, outcome: "refused", details: { step: "password", reason: "account disabled" } });
        return c.html(page("This account is disabled. Ask an admin to enable it again."), HTTP_STATUS.forbidden);
      }

      const at = deps.clock().getTime();
      if (account.twoFactor) {
        pending.start(c, { user: account.name, stage: "code", next, at });
        return c.redirect("/sign-in/code", 303);
      }
      if (twoFactorRequired(rule, account.role)) {
        pending.start(c, { user: account.name, stage: "enrol", next, at });
        return c.redirect("/sign-in/enrol", 303);
      }
      await signedIn(c, account, "password");
      return c.redirect(account.mustChangePassword ? `/account/password?next=${encodeURIComponent(next)}` : next, 303);
    })
    .get("/sign-in/code", async (c) => {
      const found = await pendingAccount(c);
      if (!found || found.step.stage !== "code") return restart(c);
      return c.html(<SecondStepPage userName={found.account.name} />);
    })
    .post("/sign-in/code", async (c) => {
      const found = await pendingAccount(c);
      if (!found || found.step.stage !== "code") return restart(c);
      const { step, account } = found;
      const form = await c.req.parseBody();
      const code = typeof form.code === "string" ? form.code.trim().slice(0, 64) : "";
      const address = clientAddress(c, deps.trustProxy ?? false);
      const retryAfter = codeLimiter.retryAfterSeconds(account.name, address);
      if (retryAfter !== undefined) {
        deps.logger.warn({ event: "sign-in-throttled", user: account.name, address, step: "code" });
        return c.html(<SecondStepPage userName={account.name} error={throttled(c, retryAfter)} />, HTTP_STATUS["rate-limited"]);
      }
      const delay = codeLimiter.delayMs(account.name);
      if (delay > 0) await codeLimiter.options.wait(delay);
      const factor = code === "" ? undefined : await deps.users.checkSecondFactor(account.name, code);
      if (!factor) {
        codeLimiter.recordFailure(account.name, address);
        deps.logger.warn({ event: "sign-in-failed", user: account.name, address, step: "code" });
        await recordAuthEvent(deps, c, { event: "sign-in-failed", user: account.name, role: account.role, outcome: "refused", details: { step: "second factor" } });
        return c.html(<SecondStepPage userName={account.name} error="That code is not right (or was used already). Try the next code from the app, or a recovery code." />, HTTP_STATUS.unauthenticated);
      }
      codeLimiter.succeeded(account.name, address);
      const after = factor === "recovery" ? await deps.users.get(account.name) : account;
      await signedIn(c, account, factor === "totp" ? "password+totp" : "password+recovery-code", factor === "recovery" ? { codesLeft: after?.recoveryCodesLeft ?? 0 } : {});
      if (factor === "recovery" && (after?.recoveryCodesLeft ?? 0) <= 2) return c.redirect("/account?codes=low", 303);
      return c.redirect(account.mustChangePassword ? `/account/password?next=${encodeURIComponent(step.next)}` : step.next, 303);
    })
    .get("/sign-in/enrol", async (c) => {
      const found = await pendingAccount(c);
      if (!found || found.step.stage !== "enrol") return restart(c);
      const secret = (await deps.users.pendingTwoFactor(found.account.name)) ?? (await deps.users.beginTwoFactor(found.account.name));
      const uri = totpUri(secret, TOTP_ISSUER, found.account.name);
      return c.html(<EnrolPage action="/sign-in/enrol" secret={secret} qr={await qrSvg(uri)} required />);
    })
    .post("/sign-in/enrol", async (c) => {
      const found = await pendingAccount(c);
      if (!found || found.step.stage !== "enrol") return restart(c);
      const { step, account } = found;
      const form = await c.req.parseBody();
      const code = typeof form.code === "string" ? form.code.trim().slice(0, 64) : "";
      const address = clientAddress(c, deps.trustProxy ?? false);
      const retryAfter = codeLimiter.retryAfterSeconds(account.name, address);
      const secret = await deps.users.pendingTwoFactor(account.name);
      if (!secret) return c.redirect("/sign-in/enrol", 303);
      const again = async (error: string, status: (typeof HTTP_STATUS)["unauthenticated" | "rate-limited"]) =>
        c.html(<EnrolPage action="/sign-in/enrol" secret={secret} qr={await qrSvg(totpUri(secret, TOTP_ISSUER, account.name))} required error={error} />, status);
      if (retryAfter !== undefined) return again(throttled(c, retryAfter), HTTP_STATUS["rate-limited"]);
      let codes: string[];
      try {
        codes = await deps.users.confirmTwoFactor(account.name, code);
      } catch (error) {
        codeLimiter.recordFailure(account.name, address);
        return again(error instanceof Error ? error.message : String(error), HTTP_STATUS.unauthenticated);
      }
      codeLimiter.succeeded(account.name, address);
      await recordAuthEvent(deps, c, { event: "two-factor-enabled", user: account.name, role: account.role, outcome: "ok", details: { user: account.name } });
      await signedIn(c, account, "password+totp");
      const next = account.mustChangePassword ? `/account/password?next=${encodeURIComponent(step.next)}` : step.next;
      return c.html(<RecoveryCodesPage codes={codes} next={next} />);
    });
}
