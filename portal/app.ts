import { Hono } from "hono";
import { compress } from "hono/compress";
import { explainAwsSetupError } from "../lib/aws-errors.js";
import { bearerToken } from "./auth/bearer-token.js";
import { CsrfTokens, csrfProtection } from "./auth/csrf.js";
import type { RateLimitOptions } from "./auth/rate-limit.js";
import { SessionCodec } from "./auth/session.js";
import { SessionCookie } from "./auth/session-cookie.js";
import { SignedOutSessions } from "./auth/signed-out-sessions.js";
import { sessionMiddleware } from "./auth/session-middleware.js";
import type { PortalDeps } from "./deps.js";
import type { AppEnv } from "./env.js";
import { requestBodyLimit } from "./middleware/body-limit.js";
import { requestLog } from "./middleware/request-log.js";
import { securityHeaders } from "./middleware/security-headers.js";
import { errorResponse, refuse } from "./respond.js";
import { oidcRoutes } from "./routes/auth/oidc.js";
import { signInRoutes } from "./routes/auth/sign-in.js";
import { setPasswordRoutes } from "./routes/auth/set-password.js";
import { accountRoutes } from "./routes/account/index.js";
import { passwordChangeRequired } from "./auth/password-change-required.js";
import { signOutRoutes } from "./routes/auth/sign-out.js";
import { healthRoutes } from "./routes/health.js";
import { UploadTokens } from "../lib/files/upload-session.js";
import { apiRoutes } from "./routes/api/index.js";
import { openApiRoutes } from "./api/openapi-route.js";
import { operationRoutes } from "./api/operation-routes.js";
import { PART_PATH, uploadPartRoutes } from "./routes/api/upload-part.js";
import { fileRoutes } from "./routes/files/index.js";
import { tokenRoutes } from "./routes/tokens/index.js";
import { settingsRoutes } from "./routes/settings/index.js";
import { clientRoutes } from "./routes/clients/index.js";
import { homeRoutes } from "./routes/home.js";
import { keyRoutes } from "./routes/keys/index.js";
import { linkRoutes } from "./routes/links/index.js";
import { sendLinkRoutes } from "./routes/links/send.js";
import { mailRoutes } from "./routes/mail/index.js";
import { linkActionRoutes } from "./routes/links/link-actions.js";
import { staticRoutes } from "./routes/static.js";
import { userRoutes } from "./routes/users/index.js";
import { auditRoutes } from "./routes/audit/index.js";
import { ReadCache } from "./sharing/read-cache.js";
import { isRequestPartPath, uploadApiRoutes } from "./requests/upload-api.js";
import { requestRoutes } from "./routes/requests/index.js";

export type { PortalDeps } from "./deps.js";

const MIN_SECRET_LENGTH = 32;
const DEFAULT_LISTING_CACHE_MS = 5_000;

/**
 * The portal as a Hono app, shared by the server entry and the tests (`app.request()`).
 * Add a route group with `app.route("/", myRoutes(deps))`, where myRoutes returns a
 * `new Hono<AppEnv>()` whose handlers use requireUser()/requireRole(); sessions, CSRF checks,
 * security headers and request logs already apply to it.
 */
export function createApp(deps: PortalDeps, options: { signInLimits?: Partial<RateLimitOptions> } = {}) {
  if (deps.sessionSecret.length < MIN_SECRET_LENGTH) {
    throw new Error(`the portal session secret must have at least ${MIN_SECRET_LENGTH} characters`);
  }
  const cookie = new SessionCookie(new SessionCodec(deps.sessionSecret), deps.secureCookies);
  const csrf = new CsrfTokens(deps.sessionSecret);

  const app = new Hono<AppEnv>();
  app.use(requestLog(deps.logger));
  // Pages and JSON compress 5 to 20 times (a 10,000-file client page would otherwise pass the 6 MB Lambda response cap).
  app.use(compress());
  app.use(securityHeaders({ hsts: deps.secureCookies, ...(deps.uploadOrigin ? { connectSrc: deps.uploadOrigin } : {}) }));
  // The local upload part endpoint streams bodies to disk and checks its own grant.
  app.use(requestBodyLimit({ streams: (path) => path === PART_PATH || isRequestPartPath(path) }));

  const { services } = deps;
  // Before the session middleware: no session work, no Set-Cookie on cacheable responses.
  app.route("/", healthRoutes());
  app.route("/", staticRoutes());
  app.route("/", openApiRoutes());
  const uploadTokens = new UploadTokens(deps.sessionSecret);
  // Local mode's part uploads: authorised by the signed part URL like a presigned S3 URL, streamed, no session.
  if (services.files && !services.files.presigns) app.route("/", uploadPartRoutes({ files: services.files, uploadTokens, clock: deps.clock, logger: deps.logger }));

  // File requests' upload API, forwarded by the files host: the request link is its credential, not a session.
  if (services.requests?.keys) {
    app.route("/", uploadApiRoutes({ uploads: services.requests.uploads, keys: services.requests.keys, publicOrigin: services.requests.requests.publicOrigin, clock: deps.clock, logger: deps.logger }));
  }

  const signedOut = new SignedOutSessions(services.store, deps.clock);
  const { ssoUsers } = services;
  app.use(sessionMiddleware({ cookie, csrf, users: deps.users, ssoUsers, clock: deps.clock, oidcEnabled: deps.oidc !== undefined, signedOut }));
  app.use("/api/*", bearerToken(deps.tokens ?? services.tokens));
  app.use(csrfProtection({ publicOrigin: deps.portalUrl ? new URL(deps.portalUrl).origin : undefined }));

  app.use(passwordChangeRequired());

  app.route("/", signInRoutes(deps, cookie, options.signInLimits));
  app.route("/", setPasswordRoutes(deps));
  app.route("/", accountRoutes(deps, cookie));
  app.route("/", signOutRoutes(deps, cookie, signedOut));
  if (deps.oidc) app.route("/", oidcRoutes(deps, deps.oidc, cookie, ssoUsers));
  app.route("/", homeRoutes());
  const reads = new ReadCache(services, deps.listingCacheMs ?? DEFAULT_LISTING_CACHE_MS);
  // The JSON API of the operations (lib/ops), described by /api/openapi.json.
  app.route("/", operationRoutes(deps, reads, uploadTokens));
  app.route("/", apiRoutes());
  app.route("/", clientRoutes(deps, reads));
  app.route("/", linkRoutes(deps, reads));
  app.route("/", linkActionRoutes(deps, reads));
  app.route("/", mailRoutes(deps, reads));
  if (services.mailer) app.route("/", sendLinkRoutes(deps, reads));
  app.route("/", keyRoutes(deps, reads));
  app.route("/", userRoutes(deps, reads));
  app.route("/", auditRoutes(deps, reads));
  app.route("/", tokenRoutes(deps, reads));
  app.route("/", settingsRoutes(deps, reads));
  if (services.requests) app.route("/", requestRoutes(deps, services.requests, reads));
  if (services.files) {
    const files = services.files;
    app.route("/", fileRoutes({ ...deps, files }, reads));
  }

  app.notFound((c) => refuse(c, "not-found", "Not found", "There is nothing at this address."));
  // The one error handler: an error with a kind answers with its status (lib/errors.ts) and document or page.
  app.onError((error, c) => errorResponse(c, error, deps.logger, explainAwsSetupError(error)));
  return app;
}

export type PortalApp = ReturnType<typeof createApp>;
