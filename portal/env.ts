import type { Context } from "hono";
import type { IncomingMessage } from "node:http";
import type { Role } from "../lib/users/roles.js";

/** The signed-in person, as every route sees it through `c.get("user")`. */
export interface SessionUser {
  name: string;
  role: Role;
  /** how they signed in (token: an API token on /api, named "token:<name>") */
  source: "local" | "oidc" | "token";
  /** An admin gave this local account its password: pages send the person to choose their own first. */
  mustChangePassword?: boolean;
}

/** Hono environment of the portal: bindings from @hono/node-server or hono/aws-lambda, variables set by the auth middleware. */
export interface AppEnv {
  Bindings: {
    /** The Node server's request (@hono/node-server). */
    incoming?: IncomingMessage;
    /** API Gateway's description of the request (hono/aws-lambda, HTTP API payload 2.0). */
    requestContext?: { http?: { sourceIp?: string } };
  };
  Variables: {
    /** null when nobody is signed in */
    user: SessionUser | null;
    /** CSRF token of the current session; null when nobody is signed in */
    csrfToken: string | null;
  };
}

/** Variables guaranteed after `requireUser`/`requireRole`: combine with AppEnv in handlers. */
export interface SignedInEnv {
  Variables: { user: SessionUser; csrfToken: string };
}

/** Any portal context, whether or not a requireUser/requireRole middleware came first. */
export type PortalContext = Context<AppEnv> | Context<AppEnv & SignedInEnv>;

/** The portal's variables on any portal context. */
export function portalVars(c: PortalContext): AppEnv["Variables"] {
  return c.var as AppEnv["Variables"];
}
