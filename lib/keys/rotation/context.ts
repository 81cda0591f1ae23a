import type { Clock } from "../../clock.js";
import type { KeyType } from "../../signing/key-material.js";
import type { DenyList } from "../../revocation/deny-list.js";
import type { ObjectStore } from "../../storage/object-store.js";
import type { KeyPairPem } from "../generate.js";
import type { KeyGroupAdmin } from "../key-group.js";
import type { KeyStore } from "../key-store.js";
import type { EdgeProbeTarget } from "./edge-probe.js";
import type { Journal, RotationMode } from "./journal.js";
import type { HeldLock } from "./lock.js";
import type { Progress } from "./progress.js";

/** Everything a rotation talks to, injected (tests pass fakes for CloudFront, fetch, clock and sleep). */
export interface RotationDeps {
  keyStore: KeyStore;
  keyGroup: KeyGroupAdmin;
  /** Holds the journal, the lock, the link records and the probe object. */
  objects: ObjectStore;
  /** The edge's revocation list: once the old keys are refused, ids of the links they signed are pruned. */
  denyList?: DenyList;
  /** Where to probe the edge; undefined skips the probes (local mode without a running edge). */
  probe?: EdgeProbeTarget;
  /** Why probes are skipped when `probe` is undefined, for the step line. */
  probeSkipReason?: string;
  clock: Clock;
  sleep(ms: number): Promise<void>;
  progress: Progress;
  bootstrapPublicKeyId?: string;
  generateKeyPair?(type: KeyType): KeyPairPem;
  newRotationId?(): string;
  /** Asked once the plan is known, before anything changes; false aborts. Without it, no question. */
  confirm?(plan: string[]): Promise<boolean>;
  /** Test hook: runs after each step has been written to the journal. */
  afterStep?(step: string, journal: Journal): Promise<void>;
}

export interface RotationOptions {
  mode: RotationMode;
  /** Type of the new key; default: the type of the active key. */
  keyType?: KeyType;
  /** Who runs it, for the journal, the lock and the revoked link records. */
  by: string;
  dryRun?: boolean;
  forceUnlock?: boolean;
  /** How long running portals may keep signing with the key they read (their refresh interval). */
  propagationWaitMs: number;
  probeTimeoutMs: number;
  invalidationTimeoutMs: number;
  staleLockMs?: number;
  lockSettleMs?: number;
}

/** What a step sees. */
export interface StepContext {
  deps: RotationDeps;
  options: RotationOptions;
  journal: Journal;
  lock: HeldLock;
  /** Refreshes the lock (checking it is still ours) and writes the journal. */
  save(): Promise<void>;
}
