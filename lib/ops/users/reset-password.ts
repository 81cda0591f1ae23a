import { z } from "zod";
import { InvalidRequestError } from "../../errors.js";
import { defineOperation } from "../operation.js";
import { asShareErrors } from "./user-errors.js";
import { handover, handoverResult, password, setPasswordUrl, userName } from "./schemas.js";
import { localUserView, userSchema } from "./user-view.js";

/** `users.resetPassword`: a local account's password stops working and every session ends; its owner gets a new way in. */
export const resetUserPassword = defineOperation({
  name: "users.resetPassword",
  summary: "Reset a local account's password: its sessions end; a set-password link, a generated password, or the password given",
  access: "admin",
  tokens: false,
  mutates: true,
  input: z.strictObject({ name: userName, handover: handover.optional(), password }),
  result: z.object({ user: userSchema, ...handoverResult }).meta({ id: "PasswordReset" }),
  errors: ["not-found"],
  async run(services, input) {
    if (input.password !== undefined && input.handover !== undefined) throw new InvalidRequestError("handover: give either a password or a handover, not both", { field: "handover" });
    return asShareErrors(async () => {
      if (input.password !== undefined) {
        await services.users.setPassword(input.name, input.password);
        return { user: localUserView((await services.users.get(input.name))!) };
      }
      const reset = await services.users.resetPassword(input.name, input.handover ?? "link");
      const user = localUserView((await services.users.get(input.name))!);
      if (reset.password) return { user, password: reset.password };
      return { user, setPasswordUrl: setPasswordUrl(services.settings.portalUrl, input.name, reset.token!), setPasswordExpiresAt: (await services.users.get(input.name))!.setupPendingUntil! };
    });
  },
  audit: (input) => ({ event: "user-password-reset", details: { user: input.name, handover: input.password !== undefined ? "password given" : (input.handover ?? "link") } }),
});
