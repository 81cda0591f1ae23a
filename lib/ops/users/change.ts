import { z } from "zod";
import { NotFoundError } from "../../errors.js";
import { defineOperation } from "../operation.js";
import type { Services } from "../services.js";
import { keepAnAdmin, refuseSelf } from "./guards.js";
import { asShareErrors } from "./user-errors.js";
import { role, source, userName } from "./schemas.js";
import { localUserView, ssoUserView, userSchema, type UserView } from "./user-view.js";

const result = z.object({ user: userSchema }).meta({ id: "UserDocument" });
const nameAndSource = z.strictObject({ name: userName, source });

/** The SSO person of that name, or not-found. */
async function ssoChange(services: Services, name: string, change: (name: string) => Promise<unknown>): Promise<UserView> {
  await change(name);
  const user = await services.ssoUsers.get(name);
  if (!user) throw new NotFoundError(`nobody named "${name}" has signed in through SSO`, "user");
  return ssoUserView(user);
}

/** `users.setRole`: a local account's role (an SSO person's follows the provider's groups). */
export const setUserRole = defineOperation({
  name: "users.setRole",
  summary: "Change a local account's role; it applies at the account's next request",
  access: "admin",
  tokens: false,
  mutates: true,
  input: z.strictObject({ name: userName, role }),
  result,
  errors: ["not-found", "conflict"],
  async run(services, input, actor) {
    refuseSelf(actor, input.name, "change the role of");
    if (input.role !== "admin") await keepAnAdmin(services, input.name, "making them an operator");
    return { user: localUserView(await asShareErrors(() => services.users.setRole(input.name, input.role))) };
  },
  audit: (input) => ({ event: "user-role-changed", details: { user: input.name, role: input.role } }),
});

/** `users.disable`: the person can no longer sign in, and their open sessions end at their next request. */
export const disableUser = defineOperation({
  name: "users.disable",
  summary: "Disable a user: no sign-in, and their open sessions end at once",
  access: "admin",
  tokens: false,
  mutates: true,
  input: nameAndSource,
  result,
  errors: ["not-found", "conflict"],
  async run(services, input, actor) {
    refuseSelf(actor, input.name, "disable");
    if (input.source === "sso") return { user: await ssoChange(services, input.name, (name) => services.ssoUsers.disable(name, actor.name)) };
    await keepAnAdmin(services, input.name, "disabling them");
    return { user: localUserView(await asShareErrors(() => services.users.disable(input.name, actor.name))) };
  },
  audit: (input) => ({ event: "user-disabled", details: { user: input.name, source: input.source ?? "local" } }),
});

/** `users.enable`: a disabled user may sign in again. */
export const enableUser = defineOperation({
  name: "users.enable",
  summary: "Enable a disabled user again",
  access: "admin",
  tokens: false,
  mutates: true,
  input: nameAndSource,
  result,
  errors: ["not-found"],
  async run(services, input) {
    if (input.source === "sso") return { user: await ssoChange(services, input.name, (name) => services.ssoUsers.enable(name)) };
    return { user: localUserView(await asShareErrors(() => services.users.enable(input.name))) };
  },
  audit: (input) => ({ event: "user-enabled", details: { user: input.name, source: input.source ?? "local" } }),
});

/** `users.signOut`: every session the person has now ends at its next request. */
export const signOutUser = defineOperation({
  name: "users.signOut",
  summary: "Sign a user out everywhere: every open session ends at its next request",
  access: "admin",
  tokens: false,
  mutates: true,
  input: nameAndSource,
  result,
  errors: ["not-found"],
  async run(services, input) {
    if (input.source === "sso") return { user: await ssoChange(services, input.name, (name) => services.ssoUsers.signOutEverywhere(name)) };
    return { user: localUserView(await asShareErrors(() => services.users.signOutEverywhere(input.name))) };
  },
  audit: (input) => ({ event: "user-signed-out", details: { user: input.name, source: input.source ?? "local" } }),
});

/** `users.resetTwoFactor`: for a lost device; the next sign-in enrols again where PORTAL_REQUIRE_2FA requires it. */
export const resetUserTwoFactor = defineOperation({
  name: "users.resetTwoFactor",
  summary: "Turn a local account's two-factor sign-in off (a lost device); its recovery codes stop working",
  access: "admin",
  tokens: false,
  mutates: true,
  input: z.strictObject({ name: userName }),
  result,
  errors: ["not-found"],
  async run(services, input) {
    return { user: localUserView(await asShareErrors(() => services.users.resetTwoFactor(input.name))) };
  },
  audit: (input) => ({ event: "user-two-factor-reset", details: { user: input.name } }),
});

/** `users.remove`: deletes a local account (its sessions end at once) or forgets an SSO person. */
export const removeUser = defineOperation({
  name: "users.remove",
  summary: "Remove a local account (its sessions end at once), or forget an SSO person",
  access: "admin",
  tokens: false,
  mutates: true,
  input: nameAndSource,
  result: z.object({ name: z.string(), source: z.enum(["local", "sso"]) }).meta({ id: "RemovedUser" }),
  errors: ["not-found", "conflict"],
  async run(services, input, actor) {
    refuseSelf(actor, input.name, "remove");
    if (input.source === "sso") {
      if (!(await services.ssoUsers.remove(input.name))) throw new NotFoundError(`nobody named "${input.name}" has signed in through SSO`, "user");
      return { name: input.name, source: "sso" as const };
    }
    await keepAnAdmin(services, input.name, "removing them");
    await asShareErrors(() => services.users.remove(input.name));
    return { name: input.name, source: "local" as const };
  },
  audit: (input) => ({ event: "user-removed", details: { user: input.name, source: input.source ?? "local" } }),
});
