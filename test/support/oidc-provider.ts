import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** The people the test identity provider knows, by login name. */
export type TestAccounts = Record<string, { email: string; email_verified?: boolean; name?: string; groups?: string[] }>;

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

// oidc-provider (ESM, v9) ships no type declarations: this is the slice the tests use.
interface ProviderInstance {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
}
type ProviderClass = new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;

/**
 * A real OpenID provider (oidc-provider) on a free loopback port with one confidential client.
 * Its development interactions ask for a login name (any password) and then for consent.
 */
export async function startTestProvider(options: { redirectUri: string; accounts: TestAccounts }): Promise<TestProvider> {
  const specifier = "oidc-provider";
  const { default: Provider } = (await import(specifier)) as { default: ProviderClass };

  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = { clientId: "signed-share-portal", clientSecret: "test-client-secret-0123456789" };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
      groups: ["groups"],
    },
    cookies: { keys: ["test-provider-cookie-key"] },
    findAccount: async (_ctx: unknown, id: string) => {
      const account = options.accounts[id];
      return account && { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
  });
  handle = provider.callback();

  return {
    issuer,
    ...client,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
