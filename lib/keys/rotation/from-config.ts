import { CloudFrontClient } from "@aws-sdk/client-cloudfront";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Config } from "../../config.js";
import { InvalidRequestError, ShareError } from "../../errors.js";
import { exactOrigin } from "../../net/origin.js";
import type { DenyList } from "../../revocation/deny-list.js";
import type { ObjectStore } from "../../storage/object-store.js";
import { FileKeyStore } from "../file-key-store.js";
import { createKeyGroupAdmin, createKeyStore } from "../from-config.js";
import type { KeyStore } from "../key-store.js";
import type { RotationDeps } from "./context.js";

/** What a rotation talks to, opened from the configuration: everything of RotationDeps but the door's (progress, confirmation) and time. */
export type RotationParts = Pick<RotationDeps, "keyStore" | "keyGroup" | "objects" | "denyList" | "probe" | "probeSkipReason" | "bootstrapPublicKeyId">;

/**
 * Key rotation's services (docs/rotation.md), built by the composition root (lib/ops/compose.ts):
 * the key store, the trusted key group and the edge to probe, for local mode (the key directory,
 * the local edge's trusted keys) or AWS mode (Secrets Manager, CloudFront). Nothing is opened
 * until a rotation runs.
 */
export interface KeyRotation {
  /** Local mode: the waits are shorter by default, and the edge is probed only when one answers. */
  readonly local: boolean;
  /** The parts of one rotation; `edgeUrl` names the edge to probe (local mode; default: the public URL). */
  open(options?: { edgeUrl?: string }): Promise<RotationParts>;
  /** The key store alone (keys.status reads the active key), without the key group or the edge. */
  keyStore(): KeyStore;
  /** The stack's bootstrap key id, which a key store holding the bootstrap key stands for. */
  readonly bootstrapPublicKeyId?: string;
  /** Where the rotation's lock and journal are (portal/rotation/). */
  readonly objects: ObjectStore;
}

export interface KeyRotationParts {
  store: ObjectStore;
  denyList?: DenyList;
  /** The key store the rest of the process signs with (default: the configured one). */
  keyStore?: KeyStore;
  /** How the edge is reached (tests: an edge that does not answer). */
  fetch?: (url: string, init?: RequestInit) => Promise<Response>;
}

export function createKeyRotation(config: Config, parts: KeyRotationParts): KeyRotation {
  const local = config.mode === "local";
  const fetchEdge = parts.fetch ?? ((url: string, init?: RequestInit) => fetch(url, init));
  const region = config.mode === "aws" && config.region ? { region: config.region } : {};
  let clients: { cloudFront?: CloudFrontClient; secretsManager?: SecretsManagerClient } | undefined;
  // Created once, on first use: a process that never rotates makes no AWS client.
  const clientsOnce = () => (clients ??= local ? {} : { cloudFront: new CloudFrontClient(region), secretsManager: new SecretsManagerClient(region) });
  let store: KeyStore | undefined;
  const configured = <T>(make: () => T): T => {
    try {
      return make();
    } catch (error) {
      if (error instanceof ShareError) throw error;
      throw new ShareError("bad-input", (error as Error).message, { cause: error });
    }
  };
  const keyStore = () => (store ??= parts.keyStore ?? configured(() => createKeyStore(config, clientsOnce())));
  return {
    local,
    objects: parts.store,
    ...(config.mode === "aws" && config.bootstrapPublicKeyId ? { bootstrapPublicKeyId: config.bootstrapPublicKeyId } : {}),
    keyStore,
    async open(options = {}) {
      const signingKeys = keyStore();
      const keyGroup = configured(() => createKeyGroupAdmin(config, clientsOnce()));
      if (signingKeys instanceof FileKeyStore) {
        throw new ShareError("bad-input", "SHARE_KEY_PAIR_ID/SHARE_PRIVATE_KEY name one fixed key: rotation needs SHARE_KEY_STORE=secretsmanager (AWS) or local mode's key directory");
      }
      const edgeUrl = options.edgeUrl === undefined ? undefined : exactOrigin(options.edgeUrl);
      if (options.edgeUrl !== undefined && edgeUrl === undefined) throw new InvalidRequestError(`edgeUrl: must be an http(s) origin like http://localhost:3001, got "${options.edgeUrl}"`, { field: "edgeUrl" });
      const probeAt = (publicUrl: string) => ({ publicUrl, originPrefix: config.prefix, fetch: (url: string) => fetchEdge(url, { redirect: "manual" }) });
      let probe: Pick<RotationParts, "probe" | "probeSkipReason">;
      if (!local) probe = { probe: probeAt(config.publicUrl) };
      else {
        // Local mode probes the local edge only when one answers; an edge named explicitly must answer.
        const url = edgeUrl ?? config.publicUrl;
        try {
          await fetchEdge(url, { method: "HEAD", signal: AbortSignal.timeout(2_000) });
          probe = { probe: probeAt(url) };
        } catch {
          if (edgeUrl !== undefined) throw new ShareError("upstream", `the edge given as ${url} does not answer: start it, or fix --edge-url / EDGE_URL (nothing was rotated)`);
          probe = { probeSkipReason: `no local edge answers at ${url} (start it, or pass --edge-url)` };
        }
      }
      return {
        keyStore: signingKeys,
        keyGroup,
        objects: parts.store,
        ...(parts.denyList ? { denyList: parts.denyList } : {}),
        ...probe,
        ...(config.mode === "aws" && config.bootstrapPublicKeyId ? { bootstrapPublicKeyId: config.bootstrapPublicKeyId } : {}),
      };
    },
  };
}
