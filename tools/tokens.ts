import { systemClock } from "../lib/clock.js";
import { formatUtc } from "../lib/format.js";
import { ApiTokens, MAX_TOKEN_LIFETIME_MS, quotedName, TOKEN_NAME_PATTERN, tokenExpiry, type TokenSummary } from "../portal/auth/api-tokens.js";
import { isRole, ROLES, type Role } from "../portal/auth/roles.js";
import { notFound, operatorName, parseFlags, runCli, UsageError } from "./cli.js";
import { openStore } from "./open-store.js";
import { printTable } from "./table.js";

const USAGE = `Usage: signed-share tokens create NAME --role operator|admin --expires DURATION [--by NAME] [--json]
       signed-share tokens ls [--json]
       signed-share tokens revoke NAME [--by NAME] [--json]

API tokens for pipelines (Authorization: Bearer on the portal's /api), the same tokens as the
portal's API tokens page: stored only as a hash under portal/tokens/ in the configured storage.

  create NAME   a new token with a role and an expiry; the token is printed ONCE on stdout
                (store it in the pipeline's secrets at once: it cannot be shown again)
  ls            every token: name, role, status (active, expired, revoked), expiry, last use,
                who created it (never the token or its hash)
  revoke NAME   the token stops working at once; NAME is the token's name (or its id, as ls
                --json shows it). Revoking a revoked token changes nothing.

  --role ROLE        operator (clients, files, links) or admin (also accounts and keys)
  --expires DURATION how long the token works: 90d, 12h, 30m (at most ${MAX_TOKEN_LIFETIME_MS / 86_400_000}d)
  --by NAME          who does it, for the token's record (default cli:$USER)
  --config FILE      stack outputs (pulumi stack output --json); default SHARE_CONFIG
  --json             print one JSON value and nothing else on stdout
  -h, --help         this text

Token names: 1 to 64 of a-z 0-9 . _ -   Only one active token may have a name.
Storage: the bucket (SHARE_BUCKET) or the data directory (SHARE_DATA_DIR, default ./data).
Exit codes: 0 done, 1 storage failure or the name is taken, 2 bad usage, 3 no such token.

Also runs as: npm run tokens -- [arguments] (npm adds its own lines to stdout: scripts use signed-share tokens)`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      role: { type: "string" },
      expires: { type: "string" },
      by: { type: "string" },
      config: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    true,
  );
  const [command, name, ...extra] = positionals;
  if (values.help || command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === undefined || !["create", "ls", "revoke"].includes(command)) {
    throw new UsageError(command === undefined ? "give a command: create, ls or revoke (see --help)" : `unknown command ${quotedName(command)}: create, ls or revoke (see --help)`);
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument ${quotedName(extra[0]!)} (see --help)`);
  const by = values.by ?? `cli:${operatorName()}`;
  const json = values.json;

  if (command === "ls") {
    if (name !== undefined) throw new UsageError(`ls takes no NAME (got ${quotedName(name)})`);
    onlyWith("ls", values, []);
    const tokens = await openTokens(values.config).list();
    if (json) process.stdout.write(`${JSON.stringify({ tokens })}\n`);
    else if (tokens.length === 0) process.stderr.write("no API tokens (create one: signed-share tokens create NAME --role operator --expires 90d)\n");
    else printTable(`${tokens.length} API token${tokens.length === 1 ? "" : "s"}`, tokens.map(row));
    return 0;
  }

  const tokenName = requireName(command, name);
  if (command === "create") {
    onlyWith("create", values, ["role", "expires"]);
    const role = requireRole(values.role);
    if (values.expires === undefined) throw new UsageError("create needs --expires DURATION, like 90d (see --help)");
    const expiresAt = tokenExpiry(values.expires, systemClock());
    if (!expiresAt) throw new UsageError(`--expires ${quotedName(values.expires)}: a duration like 90d, 12h or 30m`);
    const tokens = openTokens(values.config);
    // An ApiTokenError carries its kind: a bad name exits 2, a name taken by an active token 1 (lib/errors.ts).
    const created = await tokens.create({ name: tokenName, role, expiresAt, by });
    if (json) {
      process.stdout.write(`${JSON.stringify({ token: created.token, summary: created.summary, note: "This is the only time the token is shown: store it in your pipeline's secrets now." })}\n`);
    } else {
      process.stdout.write(`${created.token}\n`);
      process.stderr.write(
        `created token ${created.summary.name} (${role}, expires ${formatUtc(expiresAt)}): the line above is the only time it is shown; store it in your pipeline's secrets now\n`,
      );
    }
    return 0;
  }

  // revoke
  onlyWith("revoke", values, []);
  const tokens = openTokens(values.config);
  const all = await tokens.list();
  const named = all.filter((t) => t.name === tokenName);
  const matches = named.length > 0 ? named : all.filter((t) => t.id === tokenName);
  if (matches.length === 0) return notFound(`no token is named ${quotedName(tokenName)}; see the tokens with: signed-share tokens ls`);
  // Revoked ones stay as they are; every other token of that name stops working (normally one).
  const open = matches.filter((t) => t.status !== "revoked");
  const revoked: TokenSummary[] = [];
  for (const token of open) revoked.push(await tokens.revoke(token.id, by));
  if (json) process.stdout.write(`${JSON.stringify({ revoked, alreadyRevoked: matches.filter((t) => t.status === "revoked") })}\n`);
  else if (revoked.length === 0) process.stderr.write(`token ${tokenName} was already revoked; nothing changed\n`);
  else process.stderr.write(`revoked token ${tokenName}${revoked.length > 1 ? ` (${revoked.length} tokens of that name)` : ""}: it no longer works\n`);
  return 0;
}

function openTokens(configFile: string | undefined): ApiTokens {
  return new ApiTokens(openStore(configFile), systemClock);
}

/** Flags that belong to other commands are a mistake, not something to ignore silently. */
function onlyWith(command: string, values: { role?: string; expires?: string }, allowed: ("role" | "expires")[]): void {
  for (const flag of ["role", "expires"] as const) {
    if (values[flag] !== undefined && !allowed.includes(flag)) throw new UsageError(`--${flag} is for create, not ${command} (see --help)`);
  }
}

function requireName(command: string, name: string | undefined): string {
  if (name === undefined) throw new UsageError(`${command} needs a token NAME (see --help)`);
  if (!TOKEN_NAME_PATTERN.test(name)) {
    throw new UsageError(`invalid token name ${quotedName(name)}: use 1 to 64 of a-z, 0-9, ".", "_", "-"`);
  }
  return name;
}

function requireRole(role: string | undefined): Role {
  if (!isRole(role)) throw new UsageError(role === undefined ? `create needs --role ${ROLES.join(" or ")}` : `--role must be ${ROLES.join(" or ")}, not ${quotedName(role)}`);
  return role;
}

/** One line of ls: names come from storage, so they are shown escaped if anyone wrote an odd one there. */
function row(token: TokenSummary) {
  const printable = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text : quotedName(text));
  return {
    name: printable(token.name),
    role: token.role,
    status: token.status,
    expires: formatUtc(new Date(token.expiresAt)),
    "last used": token.lastUsedAt ? formatUtc(new Date(token.lastUsedAt)) : "never",
    "created by": printable(token.createdBy),
  };
}

runCli(main);
