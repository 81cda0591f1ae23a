// The users family on the command line: the same operations as the Users page (docs/cli.md#users).
import { NotFoundError, type ShareError } from "../../lib/errors.js";
import { formatUtc } from "../../lib/format.js";
import { ops } from "../../lib/ops/registry.js";
import type { UserView } from "../../lib/ops/users/user-view.js";
import { UsageError } from "../cli.js";
import { printTable } from "../table.js";
import { defineCommand, type CommandIo, type CommandLine, type Flag } from "./command.js";
import { passwordFromStdin, passwordFromTerminal } from "./read-password.js";

const USERS_HINT = "see the users with: signed-share users list";
const hint = (error: ShareError) => (error instanceof NotFoundError ? USERS_HINT : undefined);

const flag = {
  sso: { name: "sso", type: "boolean", field: false, help: "the person signs in through single sign-on (default: a local account)" },
  passwordStdin: { name: "password-stdin", type: "boolean", field: false, help: "read the password from standard input instead of a prompt" },
  link: { name: "link", type: "boolean", field: false, help: "give the owner a one-time set-password link (72 h) instead of a password" },
  generate: { name: "generate-password", type: "boolean", field: false, help: "generate a password, print it once; the owner changes it at the first sign-in" },
} satisfies Record<string, Flag>;

const withSource = (line: CommandLine, input: Record<string, unknown>) => (line.values.sso ? { ...input, source: "sso" } : input);

/** --link, --generate-password, --password-stdin or a prompt: the handover or the password itself. */
async function handoverInput(line: CommandLine, input: Record<string, unknown>, io: CommandIo, prompt: string): Promise<Record<string, unknown>> {
  const chosen = ["link", "generate-password", "password-stdin"].filter((name) => line.values[name]);
  if (chosen.length > 1) throw new UsageError(`--${chosen[0]} and --${chosen[1]} do not go together`);
  if (line.values.link) return { ...input, handover: "link" };
  if (line.values["generate-password"]) return { ...input, handover: "password" };
  return { ...input, password: line.values["password-stdin"] ? await passwordFromStdin(io.stdin) : await passwordFromTerminal(prompt, io.stdin) };
}

function printHandover(result: { setPasswordUrl?: string | undefined; setPasswordExpiresAt?: string | undefined; password?: string | undefined }, name: string, io: CommandIo): void {
  if (result.password) {
    io.stderr.write(`the password of ${name} (shown only now; they choose their own at the first sign-in):\n`);
    io.stdout.write(`${result.password}\n`);
  } else if (result.setPasswordUrl) {
    io.stderr.write(`send ${name} this set-password link (works once, until ${formatUtc(new Date(result.setPasswordExpiresAt!))})${result.setPasswordUrl.startsWith("/") ? "; it is a path on the portal (set PORTAL_URL to print the whole address)" : ""}:\n`);
    io.stdout.write(`${result.setPasswordUrl}\n`);
  }
}

const describeUser = (user: UserView) => `${user.name} (${user.source === "sso" ? `SSO, ${user.provider ?? "provider"}` : "local"}, ${user.role}, ${user.status})`;

export const listUsersCommand = defineCommand({
  name: "users list",
  usage: "users list",
  description: "Local accounts and the people who signed in through single sign-on, with role, status, two-factor sign-in and last sign-in. Never a password, hash or secret.",
  arguments: [],
  flags: [],
  examples: ["signed-share users list", "signed-share users list --json | jq -r '.users[] | select(.status == \"disabled\") | .name'"],
  operation: ops.users.list,
  print({ users }, io) {
    if (users.length === 0) {
      io.stderr.write("no users yet (add one: signed-share users add NAME --role admin --link)\n");
      return;
    }
    printTable(
      `${users.length} user${users.length === 1 ? "" : "s"}`,
      users.map((u) => ({
        name: u.name,
        "sign-in": u.source === "sso" ? `sso (${u.provider ?? "?"})` : "local",
        role: u.role,
        status: u.status,
        "two-factor": u.twoFactor,
        "last sign-in": u.lastSignInAt ? formatUtc(new Date(u.lastSignInAt)) : "never",
      })),
      io.stdout,
    );
  },
});

export const addUserCommand = defineCommand({
  name: "users add",
  usage: "users add NAME --role ROLE [--link | --generate-password | --password-stdin]",
  description: "Adds a local account. Without --link or --generate-password it asks for the password on the terminal (or reads it with --password-stdin).",
  arguments: [{ name: "NAME", field: "name" }],
  flags: [{ name: "role", type: "string", value: "ROLE", help: "operator or admin" }, flag.link, flag.generate, flag.passwordStdin],
  examples: ["signed-share users add olivia --role operator --link", "printf '%s' \"$PW\" | signed-share users add ci-admin --role admin --password-stdin"],
  operation: ops.users.add,
  input: (line, input, io) => handoverInput(line, input, io, `Password for ${String(input.name)}: `),
  hint,
  print(result, io) {
    io.stderr.write(`added ${describeUser(result.user)}\n`);
    printHandover(result, result.user.name, io);
  },
});

export const passwdCommand = defineCommand({
  name: "users passwd",
  usage: "users passwd NAME [--link | --generate-password | --password-stdin]",
  description: "Sets a local account's password (asked on the terminal, or read with --password-stdin), or resets it to a set-password link or a generated password. Every session of the account ends.",
  arguments: [{ name: "NAME", field: "name" }],
  flags: [flag.link, flag.generate, flag.passwordStdin],
  examples: ["signed-share users passwd olivia", "signed-share users passwd olivia --link"],
  operation: ops.users.resetPassword,
  input: (line, input, io) => handoverInput(line, input, io, `New password for ${String(input.name)}: `),
  hint,
  print(result, io) {
    io.stderr.write(`password ${result.password || result.setPasswordUrl ? "reset" : "changed"} for ${result.user.name}; their sessions have ended\n`);
    printHandover(result, result.user.name, io);
  },
});

export const roleCommand = defineCommand({
  name: "users role",
  usage: "users role NAME ROLE",
  arguments: [
    { name: "NAME", field: "name" },
    { name: "ROLE", field: "role" },
  ],
  flags: [],
  examples: ["signed-share users role olivia admin"],
  operation: ops.users.setRole,
  hint,
  print: ({ user }, io) => io.stderr.write(`${user.name} is now ${user.role}\n`),
});

const simple = (name: string, operation: typeof ops.users.disable | typeof ops.users.enable | typeof ops.users.signOut, said: string, description: string) =>
  defineCommand({
    name: `users ${name}`,
    usage: `users ${name} NAME [--sso]`,
    description,
    arguments: [{ name: "NAME", field: "name" }],
    flags: [flag.sso],
    examples: [`signed-share users ${name} olivia`, `signed-share users ${name} ann@example.com --sso`],
    operation,
    input: withSource,
    hint,
    print: ({ user }: { user: UserView }, io: CommandIo) => io.stderr.write(`${describeUser(user)}: ${said}\n`),
  });

export const disableCommand = simple("disable", ops.users.disable, "disabled; their open sessions have ended", "The user can no longer sign in, and every session they have open ends at its next request.");
export const enableCommand = simple("enable", ops.users.enable, "enabled", "A disabled user may sign in again.");
export const signOutCommand = simple("sign-out", ops.users.signOut, "signed out everywhere", "Every session the user has open ends at its next request; they can sign in again.");

export const resetTwoFactorCommand = defineCommand({
  name: "users reset-2fa",
  usage: "users reset-2fa NAME",
  description: "Turns a local account's two-factor sign-in off (a lost device): its recovery codes stop working; where PORTAL_REQUIRE_2FA requires it, the next sign-in enrols again.",
  arguments: [{ name: "NAME", field: "name" }],
  flags: [],
  examples: ["signed-share users reset-2fa olivia"],
  operation: ops.users.resetTwoFactor,
  hint,
  print: ({ user }, io) => io.stderr.write(`two-factor sign-in is off for ${user.name}\n`),
});

export const removeUserCommand = defineCommand({
  name: "users remove",
  usage: "users remove NAME [--sso]",
  description: "Deletes a local account (its sessions end at once), or forgets an SSO person (they appear again at their next sign-in, unless disabled first).",
  arguments: [{ name: "NAME", field: "name" }],
  flags: [flag.sso],
  examples: ["signed-share users remove olivia"],
  operation: ops.users.remove,
  input: withSource,
  hint,
  print: (result, io) => io.stderr.write(`removed ${result.name}\n`),
});

export const USER_COMMANDS = [listUsersCommand, addUserCommand, passwdCommand, roleCommand, disableCommand, enableCommand, signOutCommand, resetTwoFactorCommand, removeUserCommand] as const;
