import { z } from "zod";
import type { Clock } from "../clock.js";
import { listAll } from "../storage/list-all.js";
import type { ObjectStore } from "../storage/object-store.js";
import { readText } from "../storage/read-text.js";
import { ROLES, type Role } from "./roles.js";

export const SSO_USER_PREFIX = "portal/sso-users/";

/**
 * People who signed in through single sign-on, one record each, written at each sign-in
 * (docs/portal.md#users): their provider, role and last sign-in for the Users page, and what an
 * admin decided (disabled, signed out everywhere). Their password and second factor are the
 * provider's business; their role follows the provider's groups at each sign-in.
 */
const ssoUserRecord = z.object({
  name: z.string(),
  /** The issuer's host name, e.g. "login.example.com". */
  provider: z.string(),
  role: z.enum(ROLES),
  firstSignInAt: z.string(),
  lastSignInAt: z.string(),
  disabled: z.object({ at: z.string(), by: z.string() }).optional(),
  sessionsValidAfter: z.string().optional(),
});
export type SsoUser = z.infer<typeof ssoUserRecord>;

const NAME_LIMIT = 320;

export class SsoUsers {
  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock,
  ) {}

  /** Records a sign-in; returns the record as it now stands (the caller refuses a disabled one). */
  async signedIn(name: string, provider: string, role: Role): Promise<SsoUser> {
    const now = this.clock().toISOString();
    const known = await this.get(name);
    if (known?.disabled) return known;
    const record: SsoUser = { ...(known ?? { firstSignInAt: now }), name, provider, role, lastSignInAt: now };
    await this.write(record);
    return record;
  }

  async get(name: string): Promise<SsoUser | undefined> {
    if (!validName(name)) return undefined;
    const text = await readText(this.store, keyFor(name));
    return text === undefined ? undefined : ssoUserRecord.parse(JSON.parse(text));
  }

  async list(): Promise<SsoUser[]> {
    const users: SsoUser[] = [];
    for await (const object of listAll(this.store, SSO_USER_PREFIX, { delimiter: "/" })) {
      if (!object.key.endsWith(".json")) continue;
      const text = await readText(this.store, object.key);
      if (text !== undefined) users.push(ssoUserRecord.parse(JSON.parse(text)));
    }
    return users.sort((a, b) => a.name.localeCompare(b.name));
  }

  async disable(name: string, by: string): Promise<SsoUser | undefined> {
    return this.change(name, (record) => (record.disabled ? record : { ...record, disabled: { at: this.clock().toISOString(), by } }));
  }

  async enable(name: string): Promise<SsoUser | undefined> {
    return this.change(name, ({ disabled: _gone, ...record }) => record);
  }

  async signOutEverywhere(name: string): Promise<SsoUser | undefined> {
    return this.change(name, (record) => ({ ...record, sessionsValidAfter: this.clock().toISOString() }));
  }

  /** Forgets the person (they appear again at their next sign-in, unless the provider refuses them). */
  async remove(name: string): Promise<boolean> {
    if (!(await this.get(name))) return false;
    await this.store.delete(keyFor(name));
    return true;
  }

  private async change(name: string, update: (record: SsoUser) => SsoUser): Promise<SsoUser | undefined> {
    const record = await this.get(name);
    if (!record) return undefined;
    const next = update(record);
    await this.write(next);
    return next;
  }

  private async write(record: SsoUser): Promise<void> {
    await this.store.put(keyFor(record.name), JSON.stringify(record, null, 2) + "\n", { contentType: "application/json", cacheControl: "no-store" });
  }
}

function validName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name.length > 0 && name.length <= NAME_LIMIT && !/[\u0000-\u001f\u007f/\\]/.test(name);
}

/** The name percent-encoded: e-mail addresses and subjects become one safe key segment. */
function keyFor(name: string): string {
  return `${SSO_USER_PREFIX}${encodeURIComponent(name)}.json`;
}

/** Whether an SSO session that started at `startedAt` may go on. */
export function ssoSessionStillValid(user: SsoUser | undefined, startedAt: number): boolean {
  if (!user) return true; // signed in before records were kept: the 12 h limit ends it
  if (user.disabled) return false;
  return !(user.sessionsValidAfter && Date.parse(user.sessionsValidAfter) > startedAt);
}
