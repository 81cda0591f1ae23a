import { z } from "zod";
import type { Clock } from "../clock.js";
import { parseAddress } from "../mail/address.js";
import { JsonCollection } from "../storage/json-collection.js";
import type { ObjectStore } from "../storage/object-store.js";
import { checkSenderName } from "./sender.js";

export const MAIL_SETTINGS_PREFIX = "portal/mail/users/";

const mailSettingsSchema = z.object({
  user: z.string(),
  /** Unset: the user name when it is an address (single sign-on), else none. */
  address: z.string().optional(),
  /** Download notifications for the links this user issues; on unless turned off. */
  notifications: z.boolean(),
  /** The user's name as clients see it in messages and on pages ("Jane Doe"); never the login. */
  displayName: z.string().optional(),
  updatedAt: z.string(),
});

/** A portal user's e-mail preferences: where replies and notifications go, whether they want notifications, their name as clients see it. */
export type MailSettings = z.infer<typeof mailSettingsSchema>;

/** The address a user's mail goes to: the saved one, else the user name when it is an address. */
export function addressOf(user: string, settings: MailSettings | undefined): string | undefined {
  if (settings?.address) return settings.address;
  try {
    return parseAddress(user.replace(/^(token|cli):/, ""));
  } catch {
    return undefined;
  }
}

/** One JSON object per user under portal/mail/users/ (the name percent-encoded). */
export class MailSettingsStore {
  private readonly settings: JsonCollection<typeof mailSettingsSchema>;

  constructor(
    store: ObjectStore,
    private readonly clock: Clock,
  ) {
    this.settings = new JsonCollection(store, { prefix: MAIL_SETTINGS_PREFIX, schema: mailSettingsSchema, encode: encodeURIComponent, decode: decodeURIComponent });
  }

  async get(user: string): Promise<MailSettings | undefined> {
    return this.settings.get(user);
  }

  /** Saves the settings; the address and the display name are checked (empty clears them; an absent name is kept). */
  async save(user: string, changes: { address?: string; notifications: boolean; displayName?: string }): Promise<MailSettings> {
    const address = changes.address?.trim() ? parseAddress(changes.address, "your address") : undefined;
    const displayName = changes.displayName === undefined ? (await this.get(user))?.displayName : changes.displayName.trim() ? checkSenderName(changes.displayName, "your name") : undefined;
    const settings: MailSettings = {
      user,
      ...(address ? { address } : {}),
      ...(displayName ? { displayName } : {}),
      notifications: changes.notifications,
      updatedAt: this.clock().toISOString(),
    };
    await this.settings.put(user, settings);
    return settings;
  }
}
