import { isRole, ROLES, type Role } from "../lib/users/roles.js";
import { UserStore, UserStoreError, validateUserName } from "../portal/auth/user-store.js";
import { notFound, parseFlags, runCli, UsageError } from "./cli.js";
import { openStore } from "./open-store.js";

const USAGE = `Usage: signed-share users <command> [options]

Manage the portal's local accounts (stored under portal/users/ in the object store).

Commands:
  add NAME --role admin|operator   create an account; asks for its password
  passwd NAME                      set a new password
  remove NAME                      delete an account (its sessions end at once)
  list [--json]                    list accounts (never passwords)

Options:
  --password-stdin   read the password from standard input instead of a prompt
  --json             machine-readable output for list
  -h, --help         show this help

User names: 1 to 64 of a-z 0-9 . _ -   Passwords: at least 12 characters.
Storage: the directory in SHARE_DATA_DIR (default ./data).
Exit codes: 0 ok, 1 failure, 2 usage error, 3 no such user.

Also runs as: npm run users -- [arguments] (npm adds its own lines to stdout: scripts use signed-share users)`;

/** An unknown user is exit 3, like an unknown client or link in the other tools. */
async function main(argv: string[]): Promise<number | void> {
  try {
    return await run(argv);
  } catch (error) {
    if (error instanceof UserStoreError && error.code === "not-found") return notFound(`${error.message}; see the accounts with: signed-share users list`);
    throw error;
  }
}

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseFlags(
    argv,
    {
      role: { type: "string" },
      "password-stdin": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    true,
  );
  const [command, name, ...extra] = positionals;
  if (values.help || command === "help") {
    process.stdout.write(USAGE + "\n");
    return;
  }
  if (!command) throw new UsageError("missing command (add, passwd, remove, list; see --help)");
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}" (see --help)`);

  const users = new UserStore(openStore());
  const readPassword = (prompt: string) => (values["password-stdin"] ? passwordFromStdin() : passwordFromTerminal(prompt));

  switch (command) {
    case "add": {
      const userName = requireName(name);
      const role = requireRole(values.role);
      if (await users.get(userName)) throw new UserStoreError(`user "${userName}" already exists`, "exists");
      const account = await users.add(userName, role, await readPassword(`Password for ${userName}: `));
      process.stderr.write(`added ${account.name} (${account.role})\n`);
      return;
    }
    case "passwd": {
      const userName = requireName(name);
      if (!(await users.get(userName))) throw new UserStoreError(`no such user "${userName}"`, "not-found");
      await users.setPassword(userName, await readPassword(`New password for ${userName}: `));
      process.stderr.write(`password changed for ${userName}\n`);
      return;
    }
    case "remove": {
      const userName = requireName(name);
      await users.remove(userName);
      process.stderr.write(`removed ${userName}\n`);
      return;
    }
    case "list": {
      if (name !== undefined) throw new UsageError(`unexpected argument "${name}"`);
      const list = await users.list();
      if (values.json) process.stdout.write(JSON.stringify(list, null, 2) + "\n");
      else if (list.length === 0) process.stderr.write("no local accounts (add one: signed-share users add NAME --role admin)\n");
      else process.stdout.write(table(list.map((u) => [u.name, u.role, u.createdAt, u.passwordChangedAt])));
      return;
    }
    default:
      throw new UsageError(`unknown command "${command}" (add, passwd, remove, list; see --help)`);
  }
}

function requireName(name: string | undefined): string {
  if (!name) throw new UsageError("missing user NAME");
  try {
    validateUserName(name);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return name;
}

function requireRole(role: string | undefined): Role {
  if (!isRole(role)) throw new UsageError(`--role must be ${ROLES.join(" or ")}`);
  return role;
}

function table(rows: string[][]): string {
  const all = [["NAME", "ROLE", "CREATED", "PASSWORD CHANGED"], ...rows];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  return all.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd() + "\n").join("");
}

async function passwordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

async function passwordFromTerminal(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) throw new UsageError("no terminal to ask for the password: use --password-stdin");
  const first = await promptHidden(prompt);
  const second = await promptHidden("Repeat it: ");
  if (first !== second) throw new Error("the two passwords differ");
  return first;
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  input.setEncoding("utf8");
  return new Promise((resolve, reject) => {
    let typed = "";
    const finish = (error?: Error) => {
      input.off("data", onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: string) => {
      for (const char of data) {
        if (char === "\r" || char === "\n") return finish();
        if (char === "\u0003") return finish(new Error("cancelled"));
        if (char === "\u007f" || char === "\b") typed = typed.slice(0, -1);
        else if (char >= " ") typed += char;
      }
    };
    input.on("data", onData);
  });
}

runCli(main);
