// The audit family: reading the audit trail (docs/audit.md). Writing is the operations layer's (lib/ops/run.ts).
import { listAudit } from "./list.js";

export const auditOperations = { list: listAudit } as const;
