// A person's e-mail settings on the command line: `signed-share mail settings` shows them, and with
// a flag changes them (docs/delivery.md). The portal's E-mail page sets the same fields.
import { InvalidRequestError } from "../../lib/errors.js";
import { ops } from "../../lib/ops/registry.js";
import { defineCommand, type CommandIo, type CommandLine, type Flag } from "./command.js";

const USER: Flag = { name: "user", type: "string", value: "NAME", help: "whose settings (default: the --by name, else cli:YOU): a portal user, token:NAME or cli:NAME" };

const CHANGE_FLAGS: Flag[] = [
  { name: "address", type: "string", value: "ADDRESS", help: 'where replies and download notifications go ("" clears it: then the user name, when it is an address)' },
  { name: "name", type: "string", value: "TEXT", field: "displayName", help: 'the name clients see in messages and on the pages of links this person issues ("" clears it)' },
  { name: "notifications", type: "boolean", field: false, help: "tell this person when a client first downloads from a link they issued, and when every file was downloaded" },
  { name: "no-notifications", type: "boolean", field: false, help: "turn those notifications off" },
];

const changes = (line: CommandLine) => CHANGE_FLAGS.some((flag) => line.values[flag.name] !== undefined);

type Settings = { user: string; address?: string | undefined; impliedAddress?: string | undefined; displayName?: string | undefined; notifications: boolean; updatedAt?: string | undefined };

function printSettings(result: { settings: Settings; transport: { kind: string; description: string } }, io: CommandIo): void {
  const { settings, transport } = result;
  io.stdout.write(
    `user           ${settings.user}\n` +
      `address        ${settings.address ?? (settings.impliedAddress ? `${settings.impliedAddress} (the user name)` : "(none: no notifications can reach this person)")}\n` +
      `name           ${settings.displayName ?? "(none: PORTAL_SENDER_NAME, else --sender-name when sending)"}\n` +
      `notifications  ${settings.notifications ? "on" : "off"}\n` +
      (settings.updatedAt ? `changed        ${settings.updatedAt}\n` : "") +
      `mail is sent through ${transport.description}\n`,
  );
}

export const setMailSettingsCommand = defineCommand({
  name: "mail settings",
  usage: "mail settings [--user NAME] [--address ADDRESS] [--name TEXT] [--notifications | --no-notifications]",
  summary: "show or change a person's e-mail settings: address, name as clients see it, download notifications",
  description:
    "Without a change it shows the settings and how mail leaves (the SMTP server's host and port, SES, the outbox; never a user or password). Each flag given changes that field and leaves the others. The settings are those of --user, else of the --by name (the name links issued from this command line are recorded under), else cli:YOU. The portal's E-mail page sets the same fields for the signed-in person.",
  arguments: [],
  flags: [USER, ...CHANGE_FLAGS],
  examples: ['signed-share mail settings --by olivia --address olivia@example.com --name "Olivia Smith"', "signed-share mail settings --user olivia --no-notifications", "signed-share mail settings --user olivia --json | jq .settings"],
  operation: ops.mail.setSettings,
  when: changes,
  input(line, input) {
    if (line.values.notifications && line.values["no-notifications"]) throw new InvalidRequestError("give --notifications or --no-notifications, not both", { field: "notifications" });
    return { ...input, ...(line.values.notifications ? { notifications: true } : line.values["no-notifications"] ? { notifications: false } : {}) };
  },
  print: (result, io) => printSettings(result, io),
});

export const showMailSettingsCommand = defineCommand({
  name: "mail settings",
  usage: "mail settings [--user NAME]",
  arguments: [],
  flags: [USER],
  examples: [],
  operation: ops.mail.settings,
  print: (result, io) => printSettings(result, io),
});

export const MAIL_COMMANDS = [setMailSettingsCommand, showMailSettingsCommand];
