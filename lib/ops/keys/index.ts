// The keys family: rotating the signing key (docs/rotation.md). The command line only: a rotation
// takes minutes, asks for confirmation on the terminal and may revoke every link.
import { rotate } from "./rotate.js";

export const keyOperations = { rotate } as const;
