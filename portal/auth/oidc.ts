import * as client from "openid-client";
import type { OidcAccessPolicy, OidcIdentity } from "./oidc-policy.js";

export interface OidcSettings extends OidcAccessPolicy {
  /** OIDC_ISSUER, e.g. "https://login.example.com/realms/ops" */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** PORTAL_URL; the callback is PORTAL_URL + "/auth/oidc/callback" */
  portalUrl: string;
  /** default "openid email profile"; add "groups" where the IdP needs it for the groups claim */
  scopes?: string;
  /** claim that lists the user's groups; default "groups" */
  groupsClaim?: string;
  /** who refused users should ask, on the refusal page; default "the signed-share administrators" */
  contact?: string;
  /** Tests only: allow an http:// issuer, and only on a loopback address. */
  allowInsecureLoopbackIssuer?: boolean;
}

/** What must survive between the redirect to the IdP and the callback (kept in a signed cookie). */
export interface OidcTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export const CALLBACK_PATH = "/auth/oidc/callback";
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** Authorization code flow with PKCE, state and nonce, against the configured issuer. */
export class OidcClient {
  readonly settings: OidcSettings;
  readonly redirectUri: string;
  private configuration: Promise<client.Configuration> | undefined;

  constructor(settings: OidcSettings) {
    const issuer = new URL(settings.issuer);
    if (issuer.protocol !== "https:") {
      if (!settings.allowInsecureLoopbackIssuer || !LOOPBACK.has(issuer.hostname)) {
        throw new Error(`OIDC_ISSUER must be an https:// URL (got ${settings.issuer})`);
      }
    }
    this.settings = settings;
    this.redirectUri = new URL(CALLBACK_PATH, settings.portalUrl).href;
  }

  get contact(): string {
    return this.settings.contact ?? "the signed-share administrators";
  }

  async start(): Promise<{ url: URL; transaction: OidcTransaction }> {
    const config = await this.config();
    const transaction: OidcTransaction = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: this.settings.scopes ?? "openid email profile",
      response_type: "code",
      state: transaction.state,
      nonce: transaction.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(transaction.codeVerifier),
      code_challenge_method: "S256",
    });
    return { url, transaction };
  }

  /** Exchanges the code from the callback URL; throws when any check fails. */
  async finish(callbackUrl: URL, transaction: OidcTransaction): Promise<OidcIdentity> {
    const config = await this.config();
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: transaction.codeVerifier,
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error("the identity provider returned no ID token");
    // Many providers put e-mail and groups only in userinfo; the signed ID token wins where both have a claim.
    const userInfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    const claims: Record<string, unknown> = { ...userInfo, ...idClaims };
    const groups = claims[this.settings.groupsClaim ?? "groups"];
    return {
      subject: idClaims.sub,
      email: typeof claims.email === "string" ? claims.email : undefined,
      emailVerified: typeof claims.email_verified === "boolean" ? claims.email_verified : undefined,
      groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === "string") : [],
    };
  }

  /** Discovery happens on first use and is retried after a failure, so an IdP outage does not stop the portal. */
  private config(): Promise<client.Configuration> {
    this.configuration ??= client
      .discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        undefined,
        client.ClientSecretBasic(this.settings.clientSecret),
        this.settings.allowInsecureLoopbackIssuer ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw error;
      });
    return this.configuration;
  }
}
