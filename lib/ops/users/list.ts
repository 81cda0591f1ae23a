import { z } from "zod";
import { defineOperation } from "../operation.js";
import { localUserView, ssoUserView, userSchema } from "./user-view.js";

/** `users.list`: local accounts and the people who signed in through SSO. */
export const listUsers = defineOperation({
  name: "users.list",
  summary: "List the users: local accounts and people who signed in through SSO",
  access: "admin",
  tokens: false,
  mutates: false,
  input: z.strictObject({}),
  result: z.object({ users: z.array(userSchema) }).meta({ id: "UserList" }),
  errors: [],
  async run(services) {
    const [local, sso] = await Promise.all([services.users.list(), services.ssoUsers.list()]);
    return { users: [...local.map(localUserView), ...sso.map(ssoUserView)] };
  },
});
