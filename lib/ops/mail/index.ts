// The mail family (docs/delivery.md): a person's e-mail settings (their address, their name as
// clients see it, download notifications) and how this portal sends mail. The portal's E-mail page,
// `signed-share mail settings` and /api/mail/settings all run these.
import { z } from "zod";
import { addressOf, type MailSettings } from "../../delivery/mail-settings.js";
import { checkSenderName } from "../../delivery/sender.js";
import { InvalidRequestError, ShareError } from "../../errors.js";
import { parseAddress } from "../../mail/address.js";
import { defineOperation, type Actor } from "../operation.js";
import type { Services } from "../services.js";

const settingsSchema = z
  .object({
    user: z.string().meta({ description: "Whose settings: a user name, token:NAME or cli:NAME" }),
    address: z.string().optional().meta({ description: "The saved address replies and notifications go to" }),
    impliedAddress: z.string().optional().meta({ description: "The address used when none is saved: the user name, when it is an address" }),
    displayName: z.string().optional().meta({ description: "The person's name as clients see it in messages and on pages" }),
    notifications: z.boolean().meta({ description: "Download notifications for the links this person issues (on unless turned off)" }),
    updatedAt: z.string().optional(),
  })
  .meta({ id: "MailSettings", description: "A person's e-mail settings (portal/mail/users/<user>.json)" });

const result = z
  .object({
    settings: settingsSchema,
    transport: z
      .object({
        kind: z.string().meta({ description: "smtp, ses, outbox or off" }),
        description: z.string().meta({ description: "How mail leaves: the server's scheme, host and port (never its user or password), SES and its region, the outbox, or why e-mail is off" }),
      })
      .meta({ description: "How this portal sends mail" }),
  })
  .meta({ id: "MailSettingsDocument" });

const user = z.string({ error: "must be text" }).min(1).max(1000).optional().meta({ description: "Whose settings (admins only, for someone else); default: whoever runs it" });

/** Whose settings: the actor's own, or (admins only) the named person's. */
function whose(input: { user?: string | undefined }, actor: Actor, what: string): string {
  const name = input.user ?? actor.name;
  if (name !== actor.name && actor.role !== "admin") throw new ShareError("forbidden", `${what} of another person: admins only (you are signed in as ${actor.role})`, { field: "user" });
  return name;
}

function document(services: Services, name: string, saved: MailSettings | undefined): z.input<typeof result> {
  const implied = addressOf(name, undefined);
  const mailer = services.mailer;
  return {
    settings: {
      user: name,
      ...(saved?.address ? { address: saved.address } : {}),
      ...(implied ? { impliedAddress: implied } : {}),
      ...(saved?.displayName ? { displayName: saved.displayName } : {}),
      notifications: saved?.notifications ?? true,
      ...(saved?.updatedAt ? { updatedAt: saved.updatedAt } : {}),
    },
    transport: mailer ? { kind: mailer.kind, description: mailer.description } : { kind: "off", description: "nothing: e-mail is not set up for this portal" },
  };
}

/** A check of lib/ that names no field, with the input field it is about. */
function checked<T>(field: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof InvalidRequestError) throw new InvalidRequestError(error.message, { field, cause: error });
    throw error;
  }
}

/** `mail.settings`: a person's e-mail settings, and how mail leaves this portal. */
export const mailSettings = defineOperation({
  name: "mail.settings",
  summary: "Show a person's e-mail settings (address, name as clients see it, notifications) and how mail is sent",
  access: "operator",
  mutates: false,
  input: z.strictObject({ user }),
  result,
  errors: ["forbidden"],
  async run(services, input, actor) {
    const name = whose(input, actor, "E-mail settings");
    return document(services, name, await services.mailSettings.get(name));
  },
});

/** `mail.setSettings`: changes a person's e-mail settings; fields left out keep their value. */
export const setMailSettings = defineOperation({
  name: "mail.setSettings",
  summary: "Change a person's e-mail settings; fields left out keep their value",
  access: "operator",
  mutates: true,
  input: z.strictObject({
    user,
    address: z.string({ error: "must be text" }).max(1000).optional().meta({ description: "Where replies and download notifications go; empty clears it (then the user name, when it is an address)" }),
    displayName: z.string({ error: "must be text" }).max(1000).optional().meta({ description: "The person's name as clients see it; empty clears it" }),
    notifications: z.boolean({ error: "must be true or false" }).optional().meta({ description: "Download notifications for the links this person issues" }),
  }),
  result,
  errors: ["forbidden"],
  async run(services, input, actor) {
    const name = whose(input, actor, "E-mail settings");
    if (input.address?.trim()) checked("address", () => parseAddress(input.address!, "your address"));
    if (input.displayName?.trim()) checked("displayName", () => checkSenderName(input.displayName!, "your name"));
    const current = await services.mailSettings.get(name);
    const saved = await services.mailSettings.save(name, {
      ...(input.address !== undefined ? { address: input.address } : current?.address ? { address: current.address } : {}),
      notifications: input.notifications ?? current?.notifications ?? true,
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
    });
    return document(services, name, saved);
  },
  audit: (input, result) => ({ event: "mail-settings-saved", details: { user: result.settings?.user ?? input.user ?? "", notifications: result.settings?.notifications ?? input.notifications ?? true } }),
});

export const mailOperations = {
  settings: mailSettings,
  setSettings: setMailSettings,
} as const;
