import { InvalidRequestError, NotFoundError, ShareError } from "../../errors.js";
import { UserStoreError } from "../../users/user-store.js";

/** The account store's refusals in the operations' kinds. */
export async function asShareErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof UserStoreError)) throw error;
    switch (error.code) {
      case "invalid-name":
        throw new InvalidRequestError(`name: ${error.message}`, { field: "name" });
      case "weak-password":
        throw new InvalidRequestError(`password: ${error.message}`, { field: "password" });
      case "not-found":
        throw new NotFoundError(error.message, "user");
      case "exists":
      case "conflict":
        throw new ShareError("conflict", error.message);
      default:
        throw new InvalidRequestError(error.message);
    }
  }
}
