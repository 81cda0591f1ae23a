// The clients family: the client folders and their profiles.
import { listClients } from "./list.js";
import { clientProfile, updateClientProfile } from "./profile.js";

export const clientOperations = {
  list: listClients,
  profile: clientProfile,
  updateProfile: updateClientProfile,
} as const;
