import { addressOf, type MailSettingsStore } from "../lib/delivery/mail-settings.js";
import type { UserStore } from "../lib/users/user-store.js";

/**
 * The e-mail addresses of the portal's admin accounts (each one's saved address, else its name when
 * that is an address): who hears about infected files when SHARE_SCAN_ALERTS_TO is not set.
 * Single sign-on admins are known only by their groups at sign-in, so they need SHARE_SCAN_ALERTS_TO.
 */
export function adminAddresses(users: UserStore, settings: MailSettingsStore): () => Promise<string[]> {
  return async () => {
    const admins = (await users.list()).filter((user) => user.role === "admin");
    const addresses = await Promise.all(admins.map(async (admin) => addressOf(admin.name, await settings.get(admin.name).catch(() => undefined))));
    return addresses.filter((address): address is string => address !== undefined);
  };
}
