// The requests family: file requests (docs/requests.md). Revoking one is links.revoke, like any link.
import { closeRequest } from "./close.js";
import { createRequest } from "./create.js";
import { getRequest } from "./get.js";
import { listRequests } from "./list.js";

export const requestOperations = {
  create: createRequest,
  list: listRequests,
  get: getRequest,
  close: closeRequest,
} as const;
