import { z } from "zod";
import type { Clock } from "../clock.js";
import type { ObjectStore } from "../storage/object-store.js";
import { readText } from "../storage/read-text.js";
import { applyBrandChanges, type Brand, type BrandChanges } from "./brand.js";

/** The brand lives with the portal's records, never in the served prefix. */
export const BRAND_KEY = "portal/settings/brand.json";

const brandSchema = z.object({
  name: z.string().optional(),
  logo: z.object({ contentType: z.enum(["image/png", "image/jpeg", "image/gif", "image/webp"]), data: z.string() }).optional(),
  color: z.string().regex(/^#[0-9a-f]{6}$/).optional(),
  contact: z.string().optional(),
  updatedAt: z.string().optional(),
  updatedBy: z.string().optional(),
});

/** The one brand, one JSON object in the store; read afresh on every call (a change needs no restart). */
export class BrandStore {
  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock,
  ) {}

  /** The brand; empty when none was ever set. */
  async get(): Promise<Brand> {
    const text = await readText(this.store, BRAND_KEY);
    if (text === undefined) return {};
    const parsed = brandSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${BRAND_KEY} is not a brand this version can read: set it again with signed-share brand set`);
    return parsed.data as Brand;
  }

  /** Applies the checked changes and stores the result; nothing is written when a change is refused. */
  async set(changes: BrandChanges, by: string): Promise<Brand> {
    const next = applyBrandChanges(await this.get(), changes);
    const stored: Brand = { ...next, updatedAt: this.clock().toISOString(), updatedBy: by };
    await this.store.put(BRAND_KEY, `${JSON.stringify(stored, null, 2)}\n`, { contentType: "application/json", cacheControl: "no-store" });
    return stored;
  }
}
