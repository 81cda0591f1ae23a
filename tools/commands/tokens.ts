// The tokens family on the command line: tokens create / ls / revoke (API tokens for pipelines).
import { formatUtc } from "../../lib/format.js";
import { ops } from "../../lib/ops/registry.js";
import { MAX_TOKEN_LIFETIME_MS, quotedName } from "../../lib/tokens/api-tokens.js";
import { printTable } from "../table.js";
import { defineCommand } from "./command.js";

const ABOUT = "API tokens for pipelines (Authorization: Bearer on the portal's /api), the same tokens as the portal's API tokens page: stored only as a hash under portal/tokens/.";

/** Names come from storage: shown escaped if anyone wrote an odd one there. */
const printable = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text : quotedName(text));

export const createTokenCommand = defineCommand({
  name: "tokens create",
  usage: "tokens create NAME --role operator|admin --expires DURATION",
  summary: "a new API token with a role and an expiry; printed ONCE on stdout",
  description: `${ABOUT}\nThe token is printed once, alone on stdout: store it in the pipeline's secrets at once, it cannot be shown again. Token names: 1 to 64 of a-z 0-9 . _ -; only one active token may have a name.`,
  arguments: [{ name: "NAME", field: "name" }],
  flags: [
    { name: "role", type: "string", value: "ROLE", help: "operator (clients, files, links) or admin (also accounts and keys)" },
    { name: "expires", type: "string", value: "DURATION", help: `how long the token works: 90d, 12h, 30m (at most ${MAX_TOKEN_LIFETIME_MS / 86_400_000}d)` },
  ],
  examples: ["signed-share tokens create ci-deploy --role operator --expires 90d", "signed-share tokens create nightly --role operator --expires 30d --json | jq -r .token"],
  operation: ops.tokens.create,
  print(result, io) {
    io.stdout.write(`${result.token}\n`);
    io.stderr.write(
      `created token ${result.summary.name} (${result.summary.role}, expires ${formatUtc(new Date(result.summary.expiresAt))}): the line above is the only time it is shown; store it in your pipeline's secrets now\n`,
    );
  },
});

export const listTokensCommand = defineCommand({
  name: "tokens ls",
  usage: "tokens ls",
  summary: "every token: name, role, status (active, expired, revoked), expiry, last use, who created it",
  description: `${ABOUT}\nNever shows a token or its hash.`,
  arguments: [],
  flags: [],
  examples: ["signed-share tokens ls", "signed-share tokens ls --json | jq -r '.tokens[] | select(.status == \"active\") | .name'"],
  operation: ops.tokens.list,
  print({ tokens }, io) {
    if (tokens.length === 0) {
      io.stderr.write("no API tokens (create one: signed-share tokens create NAME --role operator --expires 90d)\n");
      return;
    }
    printTable(
      `${tokens.length} API token${tokens.length === 1 ? "" : "s"}`,
      tokens.map((token) => ({
        name: printable(token.name),
        role: token.role,
        status: token.status,
        expires: formatUtc(new Date(token.expiresAt)),
        "last used": token.lastUsedAt ? formatUtc(new Date(token.lastUsedAt)) : "never",
        "created by": printable(token.createdBy),
      })),
      io.stdout,
    );
  },
});

export const revokeTokenCommand = defineCommand({
  name: "tokens revoke",
  usage: "tokens revoke NAME",
  summary: "the token stops working at once",
  description: "NAME is the token's name (or its id, as tokens ls --json shows it). Revoking a revoked token changes nothing.",
  arguments: [{ name: "NAME", field: "name" }],
  flags: [],
  examples: ["signed-share tokens revoke ci-deploy"],
  operation: ops.tokens.revoke,
  hint: () => "see the tokens with: signed-share tokens ls",
  print({ revoked, alreadyRevoked }, io, line) {
    const name = line.positionals[0] ?? alreadyRevoked[0]?.name ?? revoked[0]?.name ?? "";
    if (revoked.length === 0) io.stderr.write(`token ${printable(name)} was already revoked; nothing changed\n`);
    else io.stderr.write(`revoked token ${printable(name)}${revoked.length > 1 ? ` (${revoked.length} tokens of that name)` : ""}: it no longer works\n`);
  },
});

export const TOKEN_COMMANDS = [createTokenCommand, listTokensCommand, revokeTokenCommand];
