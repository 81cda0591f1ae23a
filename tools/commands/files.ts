// The clients family on the command line: a client's profile (files profile).
import { InvalidRequestError } from "../../lib/errors.js";
import { ops } from "../../lib/ops/registry.js";
import { defineCommand, type CommandIo, type CommandLine, type Flag } from "./command.js";

/** The profile's flags: each sets one field of clients.updateProfile (a new field is one more line here). */
const PROFILE_FLAGS: readonly Flag[] = [
  { name: "name", type: "string", value: "TEXT", field: "displayName", help: 'the display name people see instead of the folder name ("" clears it)' },
  { name: "contact", type: "strings", value: "ADDRESS", field: "contacts", help: 'the client\'s e-mail address, where issue --email sends links; repeat for more; replaces the list (--contact "" clears it)' },
  { name: "archive", type: "boolean", field: false, help: "archive the client: it leaves the portal's client list, its files and links stay" },
  { name: "unarchive", type: "boolean", field: false, help: "bring an archived client back to the list" },
];

const changes = (line: CommandLine) => PROFILE_FLAGS.some((flag) => line.values[flag.name] !== undefined);

type Profile = { client: string; displayName?: string | undefined; contacts: string[]; archived: boolean; updatedAt?: string | undefined; updatedBy?: string | undefined };

function printProfile(profile: Profile, io: CommandIo): void {
  io.stdout.write(
    `client    ${profile.client}\nname      ${profile.displayName ?? "(none)"}\ncontacts  ${profile.contacts.length > 0 ? profile.contacts.join(", ") : "(none)"}\narchived  ${profile.archived ? "yes" : "no"}\n` +
      (profile.updatedAt ? `changed   ${profile.updatedAt} by ${profile.updatedBy}\n` : ""),
  );
}

export const updateProfileCommand = defineCommand({
  name: "files profile",
  usage: "files profile CLIENT [--name TEXT] [--contact ADDRESS]... [--archive | --unarchive]",
  summary: "show or change a client's profile: display name, contact addresses, archived",
  description: "Without a change it shows the profile; each flag given changes that field and leaves the others. The portal's client page (Edit) sets the same fields.",
  arguments: [{ name: "CLIENT", field: "client" }],
  flags: PROFILE_FLAGS,
  examples: ['signed-share files profile acme-corp --name "ACME Corp." --contact buyer@acme.example --contact ops@acme.example', "signed-share files profile acme-corp --json | jq -r '.client.contacts[]'"],
  operation: ops.clients.updateProfile,
  when: changes,
  input(line, input) {
    if (line.values.archive && line.values.unarchive) throw new InvalidRequestError("give --archive or --unarchive, not both", { field: "archived" });
    const contacts = line.values.contact;
    return {
      ...input,
      ...(Array.isArray(contacts) ? { contacts: contacts.filter((c) => c.trim() !== "") } : {}),
      ...(line.values.archive ? { archived: true } : line.values.unarchive ? { archived: false } : {}),
    };
  },
  print: (result, io) => printProfile(result.client, io),
});

export const showProfileCommand = defineCommand({
  name: "files profile",
  usage: "files profile CLIENT",
  arguments: [{ name: "CLIENT", field: "client" }],
  flags: [],
  examples: [],
  operation: ops.clients.profile,
  print: (result, io) => printProfile(result.client, io),
});

export const FILE_COMMANDS = [updateProfileCommand, showProfileCommand];
