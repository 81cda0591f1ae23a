import type { BrandStore } from "../brand/brand-store.js";
import type { ClientProfiles } from "../files/client-profiles.js";
import { DEFAULT_LANGUAGE, isLanguage } from "../i18n/catalog.js";
import type { ClientLook } from "./messages.js";

/**
 * What a client sees of us, read afresh each time (a brand or profile change shows on the next page or
 * message): the brand, and the client's language and time zone from its profile, else the default
 * language and UTC (docs/languages.md).
 */
export async function clientLook(deps: { brand: BrandStore; profiles: ClientProfiles }, client: string): Promise<ClientLook> {
  const [brand, profile] = await Promise.all([deps.brand.get(), deps.profiles.get(client)]);
  return {
    brand,
    audience: {
      language: isLanguage(profile?.language) ? profile.language : DEFAULT_LANGUAGE,
      ...(profile?.timeZone ? { timeZone: profile.timeZone } : {}),
    },
  };
}
