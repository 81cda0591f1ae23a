// The users family: local accounts and SSO people (docs/portal.md#users).
import { addUser } from "./add.js";
import { disableUser, enableUser, removeUser, resetUserTwoFactor, setUserRole, signOutUser } from "./change.js";
import { listUsers } from "./list.js";
import { resetUserPassword } from "./reset-password.js";

export const userOperations = {
  list: listUsers,
  add: addUser,
  setRole: setUserRole,
  disable: disableUser,
  enable: enableUser,
  signOut: signOutUser,
  resetPassword: resetUserPassword,
  resetTwoFactor: resetUserTwoFactor,
  remove: removeUser,
} as const;
