// The links family: issuing, sending, listing, revoking, renewing links and their activity.
import { linkActivity } from "./activity.js";
import { legacyLinksOperation } from "./legacy.js";
import { getLink } from "./get.js";
import { issueAllLinks } from "./issue-all.js";
import { issueLink } from "./issue.js";
import { listLinks } from "./list.js";
import { renewLinkOperation } from "./renew.js";
import { revokeClientLinksOperation } from "./revoke-all.js";
import { pruneRevocationList, revokeHandSigned } from "./revocation-list.js";
import { revokeLink } from "./revoke.js";
import { sendLinkOperation } from "./send.js";
import { editLink } from "./edit.js";
import { revokeManyLinks } from "./revoke-many.js";

export const linkOperations = {
  issue: issueLink,
  issueAll: issueAllLinks,
  send: sendLinkOperation,
  list: listLinks,
  get: getLink,
  activity: linkActivity,
  edit: editLink,
  revoke: revokeLink,
  revokeMany: revokeManyLinks,
  revokeAll: revokeClientLinksOperation,
  revokeId: revokeHandSigned,
  prune: pruneRevocationList,
  renew: renewLinkOperation,
  legacy: legacyLinksOperation,
} as const;
