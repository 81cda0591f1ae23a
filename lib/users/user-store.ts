import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../clock.js";
import { systemClock } from "../clock.js";
import { JsonCollection } from "../storage/json-collection.js";
import type { ObjectStore } from "../storage/object-store.js";
import { dummyHash, hashPassword, verifyPassword } from "./password.js";
import { hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes } from "./recovery-codes.js";
import type { Role } from "./roles.js";
import { acceptTotp, newTotpSecret } from "./totp.js";
import { userRecord, type UserRecord } from "./user-record.js";

export const USER_PREFIX = "portal/users/";
/** One empty object per recovery code used, created only if absent: a code works once, whatever the number of portals. */
export const USED_RECOVERY_PREFIX = "portal/two-factor-used/";
export const USER_NAME_PATTERN = /^[a-z0-9._-]{1,64}$/;
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;
/** How long a set-password link works (docs/portal.md#users). */
export const SETUP_LINK_TTL_MS = 72 * 60 * 60 * 1000;
/** How long a QR code shown for enrolment may wait for its confirmation. */
const PENDING_ENROLMENT_TTL_MS = 15 * 60 * 1000;

/** A local account as listings show it: never a hash, a secret or a token. */
export interface UserSummary {
  name: string;
  role: Role;
  createdAt: string;
  passwordChangedAt: string;
  createdBy?: string;
  disabled?: { at: string; by: string };
  sessionsValidAfter?: string;
  lastSignInAt?: string;
  /** Two-factor sign-in is on (TOTP confirmed). */
  twoFactor: boolean;
  /** Unused recovery codes (0 when two-factor sign-in is off). */
  recoveryCodesLeft: number;
  mustChangePassword: boolean;
  /** The account has no password yet: a set-password link is waiting to be used (until this instant). */
  setupPendingUntil?: string;
}

/** A request the store refuses (bad name, short password, user exists or is missing, a bad set-password link or code). */
export class UserStoreError extends Error {
  constructor(
    message: string,
    readonly code: "invalid-name" | "weak-password" | "exists" | "not-found" | "invalid-token" | "invalid-code" | "conflict",
  ) {
    super(message);
    this.name = "UserStoreError";
  }
}

export function validateUserName(name: string): void {
  if (!USER_NAME_PATTERN.test(name)) {
    throw new UserStoreError(`invalid user name "${name}": use 1 to 64 of a-z, 0-9, ".", "_", "-"`, "invalid-name");
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

/** A password for an admin to hand over once: 20 characters, about 119 bits. */
export function newInitialPassword(): string {
  return randomBytes(15).toString("base64url").replace(/[-_]/g, "x").slice(0, 20);
}

const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/** Local portal accounts, one JSON object per user under `portal/users/<name>.json`. */
export class UserStore {
  private readonly records: JsonCollection<typeof userRecord>;

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock = systemClock,
  ) {
    this.records = new JsonCollection(store, { prefix: USER_PREFIX, schema: userRecord });
  }

  /** A new account with the password given (the CLI asks for it). */
  async add(name: string, role: Role, password: string, options: { by?: string; mustChangePassword?: boolean } = {}): Promise<UserSummary> {
    validateUserName(name);
    validatePassword(password);
    const record = await this.fresh(name, role, await hashPassword(password), options.by);
    if (options.mustChangePassword) record.mustChangePassword = true;
    await this.write(record);
    return summarize(record, this.clock());
  }

  /** A new account without a password: its owner chooses one through the returned one-time token (a set-password link). */
  async addWithSetupLink(name: string, role: Role, by: string): Promise<{ user: UserSummary; token: string }> {
    validateUserName(name);
    const record = await this.fresh(name, role, "", by);
    const token = this.newSetup(record);
    await this.write(record);
    return { user: summarize(record, this.clock()), token };
  }

  /** A new account with a generated password to show once; its owner is asked to choose another after signing in. */
  async addWithInitialPassword(name: string, role: Role, by: string): Promise<{ user: UserSummary; password: string }> {
    const password = newInitialPassword();
    return { user: await this.add(name, role, password, { by, mustChangePassword: true }), password };
  }

  /** The owner's new password (the CLI's passwd, or the account page): every other session ends. */
  async setPassword(name: string, password: string): Promise<void> {
    validatePassword(password);
    const record = await this.require(name);
    const { setup: _unused, mustChangePassword: _done, ...rest } = record;
    await this.write({ ...rest, passwordHash: await hashPassword(password), passwordChangedAt: this.clock().toISOString() });
  }

  /**
   * An admin's reset: the old password stops working and every session ends; the owner gets either
   * a set-password link (the token) or a generated password to be shown once.
   */
  async resetPassword(name: string, how: "link" | "password"): Promise<{ token?: string; password?: string }> {
    const record = await this.require(name);
    const now = this.clock().toISOString();
    if (how === "password") {
      const password = newInitialPassword();
      const { setup: _unused, ...rest } = record;
      await this.write({ ...rest, passwordHash: await hashPassword(password), passwordChangedAt: now, mustChangePassword: true });
      return { password };
    }
    const next: UserRecord = { ...record, passwordHash: "", passwordChangedAt: now };
    delete next.mustChangePassword;
    const token = this.newSetup(next);
    await this.write(next);
    return { token };
  }

  /** Uses a set-password link: the token must match and not have expired; it works once. */
  async completeSetup(name: string, token: string, password: string): Promise<UserSummary> {
    validatePassword(password);
    const record = USER_NAME_PATTERN.test(name) ? await this.read(name) : undefined;
    const now = this.clock();
    if (!record?.setup || record.setup.tokenHash !== tokenHash(token) || Date.parse(record.setup.expiresAt) <= now.getTime()) {
      throw new UserStoreError("this set-password link is not valid (used already, expired or replaced): ask an admin for a new one", "invalid-token");
    }
    const { setup: _used, mustChangePassword: _done, ...rest } = record;
    const next = { ...rest, passwordHash: await hashPassword(password), passwordChangedAt: now.toISOString() };
    await this.write(next);
    return summarize(next, now);
  }

  /** Whether a set-password link would be accepted now (the page asks before showing the form). */
  async setupValid(name: string, token: string): Promise<boolean> {
    const record = USER_NAME_PATTERN.test(name) ? await this.read(name) : undefined;
    return Boolean(record?.setup && record.setup.tokenHash === tokenHash(token) && Date.parse(record.setup.expiresAt) > this.clock().getTime());
  }

  async setRole(name: string, role: Role): Promise<UserSummary> {
    return this.change(name, (record) => ({ ...record, role }));
  }

  /** The account can no longer sign in, and its open sessions end at their next request. */
  async disable(name: string, by: string): Promise<UserSummary> {
    return this.change(name, (record) => (record.disabled ? record : { ...record, disabled: { at: this.clock().toISOString(), by } }));
  }

  async enable(name: string): Promise<UserSummary> {
    return this.change(name, ({ disabled: _gone, ...record }) => record);
  }

  /** Every session started before now ends at its next request. */
  async signOutEverywhere(name: string): Promise<UserSummary> {
    return this.change(name, (record) => ({ ...record, sessionsValidAfter: this.clock().toISOString() }));
  }

  async recordSignIn(name: string): Promise<void> {
    await this.change(name, (record) => ({ ...record, lastSignInAt: this.clock().toISOString() }));
  }

  async remove(name: string): Promise<void> {
    await this.require(name);
    await this.records.delete(name);
  }

  async get(name: string): Promise<UserSummary | undefined> {
    if (!USER_NAME_PATTERN.test(name)) return undefined;
    const record = await this.read(name);
    return record && summarize(record, this.clock());
  }

  async list(): Promise<UserSummary[]> {
    const users: UserSummary[] = [];
    for await (const { id, value } of this.records.entries()) {
      if (USER_NAME_PATTERN.test(id)) users.push(summarize(value, this.clock()));
    }
    return users.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The user when the password is right (disabled or not: the caller says so); undefined otherwise (same work either way). */
  async verify(name: string, password: string): Promise<UserSummary | undefined> {
    if (password.length > MAX_PASSWORD_LENGTH) return undefined; // never hash megabytes
    const record = USER_NAME_PATTERN.test(name) ? await this.read(name) : undefined;
    const ok = await verifyPassword(password, record?.passwordHash || (await dummyHash()));
    return ok && record?.passwordHash ? summarize(record, this.clock()) : undefined;
  }

  /** Starts (or restarts) an enrolment: a new secret to show as a QR code, kept until confirmed. */
  async beginTwoFactor(name: string): Promise<string> {
    const secret = newTotpSecret();
    await this.change(name, (record) => ({ ...record, twoFactorPending: { secret, createdAt: this.clock().toISOString() } }));
    return secret;
  }

  /** The pending secret, while it may still be confirmed. */
  async pendingTwoFactor(name: string): Promise<string | undefined> {
    const pending = (await this.read(name))?.twoFactorPending;
    return pending && Date.parse(pending.createdAt) + PENDING_ENROLMENT_TTL_MS > this.clock().getTime() ? pending.secret : undefined;
  }

  /** Confirms the enrolment with a code of the app: two-factor sign-in is on, and the ten recovery codes (shown once) are returned. */
  async confirmTwoFactor(name: string, code: string): Promise<string[]> {
    const record = await this.require(name);
    const now = this.clock();
    const pending = record.twoFactorPending;
    if (!pending || Date.parse(pending.createdAt) + PENDING_ENROLMENT_TTL_MS <= now.getTime()) {
      throw new UserStoreError("the QR code has expired: start the enrolment again", "invalid-code");
    }
    const step = acceptTotp(pending.secret, code, now, undefined);
    if (step === undefined) throw new UserStoreError("that code is not the one the app shows now: check the device's time and try the next code", "invalid-code");
    const codes = newRecoveryCodes();
    const { twoFactorPending: _confirmed, ...rest } = record;
    await this.write({
      ...rest,
      twoFactor: { secret: pending.secret, enabledAt: now.toISOString(), enrolment: randomBytes(9).toString("base64url"), recoveryCodes: codes.map(hashRecoveryCode), lastStep: step },
    });
    return codes;
  }

  /**
   * The second step of a sign-in: a TOTP code (accepted once) or an unused recovery code (which is
   * then used up). Undefined when neither.
   */
  async checkSecondFactor(name: string, code: string): Promise<"totp" | "recovery" | undefined> {
    const record = USER_NAME_PATTERN.test(name) ? await this.read(name) : undefined;
    const factor = record?.twoFactor;
    if (!record || !factor) return undefined;
    if (looksLikeRecoveryCode(code)) {
      const hash = hashRecoveryCode(code);
      if (!factor.recoveryCodes.includes(hash)) return undefined;
      // The claim decides between two portals using the same code at once; the record then forgets it.
      if (!(await this.store.create(`${USED_RECOVERY_PREFIX}${name}/${factor.enrolment}/${hash}`, ""))) return undefined;
      await this.change(name, (latest) =>
        latest.twoFactor ? { ...latest, twoFactor: { ...latest.twoFactor, recoveryCodes: latest.twoFactor.recoveryCodes.filter((h) => h !== hash) } } : latest,
      );
      return "recovery";
    }
    const step = acceptTotp(factor.secret, code, this.clock(), factor.lastStep);
    if (step === undefined) return undefined;
    await this.change(name, (latest) => (latest.twoFactor ? { ...latest, twoFactor: { ...latest.twoFactor, lastStep: Math.max(step, latest.twoFactor.lastStep ?? 0) } } : latest));
    return "totp";
  }

  /** Ten new recovery codes (the old ones stop working). */
  async renewRecoveryCodes(name: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    await this.change(name, (record) => {
      if (!record.twoFactor) throw new UserStoreError(`two-factor sign-in is not on for "${name}"`, "conflict");
      return { ...record, twoFactor: { ...record.twoFactor, enrolment: randomBytes(9).toString("base64url"), recoveryCodes: codes.map(hashRecoveryCode) } };
    });
    return codes;
  }

  /** Turns two-factor sign-in off (an admin's reset for a lost device, or the owner): the next sign-in enrols again where it is required. */
  async resetTwoFactor(name: string): Promise<UserSummary> {
    return this.change(name, ({ twoFactor: _gone, twoFactorPending: _also, ...record }) => record);
  }

  private async fresh(name: string, role: Role, passwordHash: string, by: string | undefined): Promise<UserRecord> {
    if (await this.read(name)) throw new UserStoreError(`user "${name}" already exists`, "exists");
    const now = this.clock().toISOString();
    return { name, role, passwordHash, createdAt: now, passwordChangedAt: now, ...(by ? { createdBy: by } : {}) };
  }

  private newSetup(record: UserRecord): string {
    const token = randomBytes(24).toString("base64url");
    record.setup = { tokenHash: tokenHash(token), expiresAt: new Date(this.clock().getTime() + SETUP_LINK_TTL_MS).toISOString() };
    return token;
  }

  private async change(name: string, update: (record: UserRecord) => UserRecord): Promise<UserSummary> {
    const next = update(await this.require(name));
    await this.write(next);
    return summarize(next, this.clock());
  }

  private async require(name: string): Promise<UserRecord> {
    validateUserName(name);
    const record = await this.read(name);
    if (!record) throw new UserStoreError(`no such user "${name}"`, "not-found");
    return record;
  }

  private async read(name: string): Promise<UserRecord | undefined> {
    if (!USER_NAME_PATTERN.test(name)) return undefined;
    return this.records.get(name);
  }

  private async write(record: UserRecord): Promise<void> {
    await this.records.put(record.name, record);
  }
}

function summarize(record: UserRecord, now: Date): UserSummary {
  const { name, role, createdAt, passwordChangedAt, createdBy, disabled, sessionsValidAfter, lastSignInAt } = record;
  const setupPending = record.passwordHash === "" && record.setup && Date.parse(record.setup.expiresAt) > now.getTime();
  return {
    name,
    role,
    createdAt,
    passwordChangedAt,
    ...(createdBy ? { createdBy } : {}),
    ...(disabled ? { disabled } : {}),
    ...(sessionsValidAfter ? { sessionsValidAfter } : {}),
    ...(lastSignInAt ? { lastSignInAt } : {}),
    twoFactor: record.twoFactor !== undefined,
    recoveryCodesLeft: record.twoFactor?.recoveryCodes.length ?? 0,
    mustChangePassword: record.mustChangePassword ?? false,
    ...(setupPending ? { setupPendingUntil: record.setup!.expiresAt } : {}),
  };
}

/**
 * Whether a session that started at `startedAt` (epoch ms) may go on for this account: the account
 * exists and is enabled, and neither its password nor a "sign out everywhere" came later.
 */
export function sessionStillValid(account: UserSummary | undefined, startedAt: number): boolean {
  if (!account || account.disabled) return false;
  if (Date.parse(account.passwordChangedAt) > startedAt) return false;
  return !(account.sessionsValidAfter && Date.parse(account.sessionsValidAfter) > startedAt);
}
