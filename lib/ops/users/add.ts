import { z } from "zod";
import { InvalidRequestError } from "../../errors.js";
import { defineOperation } from "../operation.js";
import { asShareErrors } from "./user-errors.js";
import { handover, handoverResult, password, role, setPasswordUrl, userName } from "./schemas.js";
import { localUserView, userSchema } from "./user-view.js";

/** `users.add`: a local account, with a set-password link, a generated password shown once, or the password given. */
export const addUser = defineOperation({
  name: "users.add",
  summary: "Add a local account",
  description: "Its owner gets a one-time set-password link (default), a generated password shown once (changed at the first sign-in), or the password given.",
  access: "admin",
  tokens: false,
  mutates: true,
  input: z.strictObject({ name: userName, role, handover: handover.optional(), password }),
  result: z.object({ user: userSchema, ...handoverResult }).meta({ id: "AddedUser" }),
  errors: ["conflict"],
  async run(services, input, actor) {
    if (input.password !== undefined && input.handover !== undefined) throw new InvalidRequestError("handover: give either a password or a handover, not both", { field: "handover" });
    return asShareErrors(async () => {
      if (input.password !== undefined) return { user: localUserView(await services.users.add(input.name, input.role, input.password, { by: actor.name })) };
      if (input.handover === "password") {
        const added = await services.users.addWithInitialPassword(input.name, input.role, actor.name);
        return { user: localUserView(added.user), password: added.password };
      }
      const added = await services.users.addWithSetupLink(input.name, input.role, actor.name);
      return { user: localUserView(added.user), setPasswordUrl: setPasswordUrl(services.settings.portalUrl, input.name, added.token), setPasswordExpiresAt: added.user.setupPendingUntil! };
    });
  },
  audit: (input) => ({ event: "user-added", details: { user: input.name, role: input.role, handover: input.password !== undefined ? "password given" : (input.handover ?? "link") } }),
});
