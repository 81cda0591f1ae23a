import { ShareError } from "../../errors.js";
import type { Actor } from "../operation.js";
import type { Services } from "../services.js";

/** At the portal and the API an admin cannot lock themselves out; the CLI (whoever holds the configuration) can repair anything. */
export function refuseSelf(actor: Actor, name: string, what: string): void {
  if (actor.via !== "cli" && actor.name === name) throw new ShareError("conflict", `you cannot ${what} your own account: ask another admin`);
}

/** Refuses a change that would leave nobody able to sign in as an admin. */
export async function keepAnAdmin(services: Services, name: string, what: string): Promise<void> {
  const [local, sso] = await Promise.all([services.users.list(), services.ssoUsers.list()]);
  const admins = [...local.filter((u) => u.role === "admin" && !u.disabled).map((u) => `local:${u.name}`), ...sso.filter((u) => u.role === "admin" && !u.disabled).map((u) => `sso:${u.name}`)];
  if (admins.length === 1 && admins[0] === `local:${name}`) {
    throw new ShareError("conflict", `${name} is the only admin who can sign in: ${what} would leave nobody to manage the portal; add another admin first`);
  }
}
