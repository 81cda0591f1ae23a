import type { Clock } from "../clock.js";
import { parseAddress } from "../mail/address.js";
import type { ObjectStore } from "../storage/object-store.js";
import { readText } from "../storage/read-text.js";

export const MAIL_SETTINGS_PREFIX = "portal/mail/users/";

/** A portal user's e-mail preferences: where replies and notifications go, and whether they want notifications. */
export interface MailSettings {
  user: string;
  /** Unset: the user name when it is an address (single sign-on), else none. */
  address?: string;
  /** Download notifications for the links this user issues; on unless turned off. */
  notifications: boolean;
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

  /** Saves the settings; the address is checked (empty clears it). */
  async save(user: string, changes: { address?: string; notifications: boolean }): Promise<MailSettings> {
    const address = changes.address?.trim() ? parseAddress(changes.address, "your address") : undefined;
    const settings: MailSettings = { user, ...(address ? { address } : {}), notifications: changes.notifications, updatedAt: this.clock().toISOString() };
    await this.store.put(keyOf(user), `${JSON.stringify(settings, null, 2)}\n`, { contentType: "application/json", cacheControl: "no-store" });
    return settings;
  }
}

function keyOf(user: string): string {
  return `${MAIL_SETTINGS_PREFIX}${encodeURIComponent(user)}.json`;
}
