// The keys family: the signing key and its rotation (docs/rotation.md). keys.rotate has the command
// line's door only: a rotation takes minutes, asks for confirmation on the terminal and may revoke
// every link. keys.status is at both doors.
import { rotate } from "./rotate.js";
import { status } from "./status.js";

export const keyOperations = { status, rotate } as const;
