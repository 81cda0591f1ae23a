import { HTTP_STATUS } from "../../../lib/errors.js";
import { Hono } from "hono";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import type { SsoUsers } from "../../../lib/users/sso-users.js";
import { recordAuthEvent } from "../../auth/auth-audit.js";
import { decideAccess } from "../../auth/oidc-policy.js";
import { CALLBACK_PATH, type OidcClient } from "../../auth/oidc.js";
import { safeNext } from "../../auth/require-role.js";
import { startSession, type SessionCookie } from "../../auth/session-cookie.js";
import { Signer } from "../../../lib/signed-token.js";
import type { PortalDeps } from "../../deps.js";
import type { AppEnv } from "../../env.js";
import { MessagePage } from "../../views/message-page.js";
import { RefusedPage } from "../../views/refused.js";

const TRANSACTION_COOKIE = "signed-share-oidc";
const TRANSACTION_PATH = "/auth/oidc";
const TRANSACTION_TTL_MS = 10 * 60 * 1000;

const transactionSchema = z.object({
  state: z.string(),
  nonce: z.string(),
  codeVerifier: z.string(),
  next: z.string(),
  expires: z.number(),
});

/** Single sign-on: /auth/oidc/start redirects to the IdP, the IdP returns to /auth/oidc/callback. */
export function oidcRoutes(deps: PortalDeps, oidc: OidcClient, cookie: SessionCookie, ssoUsers: SsoUsers) {
  const signer = new Signer(deps.sessionSecret, "oidc-transaction");
  const cookieOptions = { path: TRANSACTION_PATH, httpOnly: true, secure: deps.secureCookies, sameSite: "Lax" } as const;

  const failed = (c: Context<AppEnv>, reason: string) => {
    deps.logger.warn({ event: "sso-failed", reason });
    return c.html(
      <MessagePage
        title="Single sign-on failed"
        message="The sign-in with your organisation's account did not complete. Please try again."
        link={{ href: "/sign-in", label: "Back to sign-in" }}
      />,
      HTTP_STATUS["bad-input"],
    );
  };

  return new Hono<AppEnv>()
    .get(`${TRANSACTION_PATH}/start`, async (c) => {
      let started;
      try {
        started = await oidc.start();
      } catch (error) {
        deps.logger.error({ event: "sso-unavailable", reason: error instanceof Error ? error.message : String(error) });
        return c.html(
          <MessagePage
            title="Single sign-on unavailable"
            message="The identity provider could not be reached. Try again in a moment, or sign in with a local account."
            link={{ href: "/sign-in", label: "Back to sign-in" }}
          />,
          HTTP_STATUS.unavailable,
        );
      }
      const transaction = {
        ...started.transaction,
        next: safeNext(c.req.query("next")),
        expires: deps.clock().getTime() + TRANSACTION_TTL_MS,
      };
      setCookie(c, TRANSACTION_COOKIE, signer.seal(transaction), {
        ...cookieOptions,
        maxAge: TRANSACTION_TTL_MS / 1000,
      });
      return c.redirect(started.url.href, 302);
    })
    .get(CALLBACK_PATH, async (c) => {
      const parsed = transactionSchema.safeParse(signer.open(getCookie(c, TRANSACTION_COOKIE)));
      deleteCookie(c, TRANSACTION_COOKIE, cookieOptions);
      if (!parsed.success) return failed(c, "missing or invalid transaction cookie");
      const transaction = parsed.data;
      if (transaction.expires < deps.clock().getTime()) return failed(c, "transaction expired");
      const idpError = c.req.query("error");
      if (idpError) return failed(c, `identity provider answered ${idpError}`);

      // The URL the IdP redirected to, as the IdP saw it (the portal may sit behind a proxy).
      const callbackUrl = new URL(oidc.redirectUri);
      callbackUrl.search = new URL(c.req.url).search;
      let identity;
      try {
        identity = await oidc.finish(callbackUrl, transaction);
      } catch (error) {
        return failed(c, error instanceof Error ? error.message : String(error));
      }

      const decision = decideAccess(identity, oidc.settings);
      if (!decision.allowed) {
        deps.logger.warn({ event: "sso-refused", user: decision.account });
        await recordAuthEvent(deps, c, { event: "sign-in-failed", user: decision.account, outcome: "refused", details: { method: "sso", reason: "not allowed by the provider's groups or domain" } });
        return c.html(<RefusedPage account={decision.account} contact={oidc.contact} />, HTTP_STATUS.forbidden);
      }
      const person = await ssoUsers.signedIn(decision.userName, new URL(oidc.settings.issuer).host, decision.role);
      if (person.disabled) {
        deps.logger.warn({ event: "sso-refused", user: decision.userName, reason: "disabled" });
        await recordAuthEvent(deps, c, { event: "sign-in-failed", user: decision.userName, role: decision.role, outcome: "refused", details: { method: "sso", reason: "account disabled" } });
        return c.html(<RefusedPage account={decision.userName} contact={oidc.contact} />, HTTP_STATUS.forbidden);
      }
      startSession(c, cookie, { name: decision.userName, role: decision.role, source: "oidc" }, deps.clock());
      deps.logger.info({ event: "sign-in", user: decision.userName, role: decision.role, method: "sso" });
      await recordAuthEvent(deps, c, { event: "sign-in", user: decision.userName, role: decision.role, outcome: "ok", details: { method: "sso", provider: person.provider } });
      return c.redirect(transaction.next, 303);
    });
}
