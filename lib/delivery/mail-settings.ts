import type { Clock } from "../clock.js";
import { parseAddress } from "../mail/address.js";
import type { ObjectStore } from "../storage/object-store.js";
import { readText } from "../storage/read-text.js";
import { checkSenderName } from "./sender.js";

export const MAIL_SETTINGS_PREFIX = "portal/mail/users/";

/** A portal user's e-mail preferences: where replies and notifications go, and whether they want notifications. */
export interface MailSettings {
  user: string;
  /** Unset: the user name when it is an address (single sign-on), else none. */
  address?: string;
  /** Download notifications for the links this user issues; on unless turned off. */
  notifications: boolean;
  /** The user's name as clients see it in messages and on pages ("Jane Doe"); never the login. */
  displayName?: string;
  updatedAt: string;
}

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
  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock,
  ) {}

  async get(user: string): Promise<MailSettings | undefined> {
    const text = await readText(this.store, keyOf(user));
    return text === undefined ? undefined : (JSON.parse(text) as MailSettings);
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
    await this.store.put(keyOf(user), `${JSON.stringify(settings, null, 2)}\n`, { contentType: "application/json", cacheControl: "no-store" });
    return settings;
  }
}

function keyOf(user: string): string {
  return `${MAIL_SETTINGS_PREFIX}${encodeURIComponent(user)}.json`;
}
