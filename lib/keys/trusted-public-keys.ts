import type { KeyObject } from "node:crypto";
import { GetKeyGroupCommand, GetPublicKeyCommand, type CloudFrontClient } from "@aws-sdk/client-cloudfront";
import type { Clock } from "../clock.js";
import { loadPublicKey } from "../signing/key-material.js";

/**
 * The public keys of the distribution's trusted key group, for servers that check a CloudFront
 * signature themselves (the file-request upload API, docs/requests.md#the-upload-api).
 */
export interface TrustedPublicKeys {
  /** The key of that id when it is in the group now; undefined otherwise. */
  get(keyPairId: string): Promise<KeyObject | undefined>;
}

/** The local edge's key group (keys/trusted.json): the same lookup the edge makes. */
export function fixedTrustedKeys(lookup: (keyPairId: string) => KeyObject | undefined): TrustedPublicKeys {
  return { get: async (keyPairId) => lookup(keyPairId) };
}

export interface CloudFrontTrustedKeysOptions {
  keyGroupId: string;
  /** How long the group's membership is trusted before it is read again (default 60 s): a rotation's removal applies within it. */
  ttlMs?: number;
  /** An unknown id reads the group again at most this often (default 10 s), so a flood of made-up ids costs nothing. */
  missRefreshMs?: number;
}

/**
 * The key group read from CloudFront (GetKeyGroup, then GetPublicKey once per key: a public key never
 * changes), re-read after `ttlMs`. Concurrent lookups share one read.
 */
export class CloudFrontTrustedKeys implements TrustedPublicKeys {
  private members = new Set<string>();
  private readAt = -Infinity;
  private reading: Promise<void> | undefined;
  private readonly keys = new Map<string, KeyObject>();

  constructor(
    private readonly client: CloudFrontClient,
    private readonly clock: Clock,
    private readonly options: CloudFrontTrustedKeysOptions,
  ) {}

  async get(keyPairId: string): Promise<KeyObject | undefined> {
    const now = this.clock().getTime();
    const age = now - this.readAt;
    if (age >= (this.options.ttlMs ?? 60_000) || (!this.members.has(keyPairId) && age >= (this.options.missRefreshMs ?? 10_000))) await this.read();
    return this.members.has(keyPairId) ? this.keys.get(keyPairId) : undefined;
  }

  private read(): Promise<void> {
    this.reading ??= (async () => {
      try {
        const group = await this.client.send(new GetKeyGroupCommand({ Id: this.options.keyGroupId }));
        const ids = group.KeyGroup?.KeyGroupConfig?.Items ?? [];
        for (const id of ids) {
          if (this.keys.has(id)) continue;
          const key = await this.client.send(new GetPublicKeyCommand({ Id: id }));
          const pem = key.PublicKey?.PublicKeyConfig?.EncodedKey;
          if (pem) this.keys.set(id, loadPublicKey(pem));
        }
        this.members = new Set(ids);
        this.readAt = this.clock().getTime();
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }
}
