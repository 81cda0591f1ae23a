import { z } from "zod";
import type { Clock } from "../../lib/clock.js";
import { systemClock } from "../../lib/clock.js";
import { listAll } from "../../lib/storage/list-all.js";
import type { ObjectStore } from "../../lib/storage/object-store.js";
import { readText } from "../../lib/storage/read-text.js";
import { dummyHash, hashPassword, verifyPassword } from "./password.js";
import { ROLES, type Role } from "../../lib/users/roles.js";

export const USER_PREFIX = "portal/users/";
export const USER_NAME_PATTERN = /^[a-z0-9._-]{1,64}$/;
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

/** A local account as listings show it: never the hash. */
export interface UserSummary {
  name: string;
  role: Role;
  createdAt: string;
  passwordChangedAt: string;
}

const userRecord = z.object({
  name: z.string(),
  role: z.enum(ROLES),
  passwordHash: z.string(),
  createdAt: z.string(),
  passwordChangedAt: z.string(),
});
type UserRecord = z.infer<typeof userRecord>;

/** A request the store refuses (bad name, short password, user exists or is missing). */
export class UserStoreError extends Error {
  constructor(
    message: string,
    readonly code: "invalid-name" | "weak-password" | "exists" | "not-found",
  ) {
    super(message);
    this.name = "UserStoreError";
  }
}

export function validateUserName(name: string): void {
  if (!USER_NAME_PATTERN.test(name)) {
    throw new UserStoreError(
      `invalid user name "${name}": use 1 to 64 of a-z, 0-9, ".", "_", "-"`,
      "invalid-name",
    );
  }
}

export function validatePassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UserStoreError(`password too short: use at least ${MIN_PASSWORD_LENGTH} characters`, "weak-password");
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new UserStoreError(`password too long: use at most ${MAX_PASSWORD_LENGTH} characters`, "weak-password");
  }
}

/** Local portal accounts, one JSON object per user under `portal/users/<name>.json`. */
export class UserStore {
  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock = systemClock,
  ) {}

  async add(name: string, role: Role, password: string): Promise<UserSummary> {
    validateUserName(name);
    validatePassword(password);
    if (await this.read(name)) throw new UserStoreError(`user "${name}" already exists`, "exists");
    const now = this.clock().toISOString();
    const record: UserRecord = {
      name,
      role,
      passwordHash: await hashPassword(password),
      createdAt: now,
      passwordChangedAt: now,
    };
    await this.write(record);
    return summarize(record);
  }

  async setPassword(name: string, password: string): Promise<void> {
    validatePassword(password);
    const record = await this.require(name);
    await this.write({
      ...record,
      passwordHash: await hashPassword(password),
      passwordChangedAt: this.clock().toISOString(),
    });
  }

  async remove(name: string): Promise<void> {
    await this.require(name);
    await this.store.delete(keyFor(name));
  }

  async get(name: string): Promise<UserSummary | undefined> {
    if (!USER_NAME_PATTERN.test(name)) return undefined;
    const record = await this.read(name);
    return record && summarize(record);
  }

  async list(): Promise<UserSummary[]> {
    const users: UserSummary[] = [];
    for await (const object of listAll(this.store, USER_PREFIX, { delimiter: "/" })) {
      if (!object.key.endsWith(".json")) continue;
      const record = await this.read(object.key.slice(USER_PREFIX.length, -".json".length));
      if (record) users.push(summarize(record));
    }
    return users.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The user when the password is right; undefined otherwise (same work either way). */
  async verify(name: string, password: string): Promise<UserSummary | undefined> {
    if (password.length > MAX_PASSWORD_LENGTH) return undefined; // never hash megabytes
    const record = USER_NAME_PATTERN.test(name) ? await this.read(name) : undefined;
    const ok = await verifyPassword(password, record?.passwordHash ?? (await dummyHash()));
    return ok && record ? summarize(record) : undefined;
  }

  private async require(name: string): Promise<UserRecord> {
    validateUserName(name);
    const record = await this.read(name);
    if (!record) throw new UserStoreError(`no such user "${name}"`, "not-found");
    return record;
  }

  private async read(name: string): Promise<UserRecord | undefined> {
    if (!USER_NAME_PATTERN.test(name)) return undefined;
    const text = await readText(this.store, keyFor(name));
    return text === undefined ? undefined : userRecord.parse(JSON.parse(text));
  }

  private async write(record: UserRecord): Promise<void> {
    await this.store.put(keyFor(record.name), JSON.stringify(record, null, 2) + "\n", {
      contentType: "application/json",
      cacheControl: "no-store",
    });
  }
}

function keyFor(name: string): string {
  return `${USER_PREFIX}${name}.json`;
}

function summarize({ name, role, createdAt, passwordChangedAt }: UserRecord): UserSummary {
  return { name, role, createdAt, passwordChangedAt };
}
