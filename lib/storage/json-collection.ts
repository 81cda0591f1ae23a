import type { z } from "zod";
import { ShareError } from "../errors.js";
import { listAll } from "./list-all.js";
import type { ObjectStore } from "./object-store.js";
import { readText } from "./read-text.js";

/** How a collection names its objects. */
export interface JsonCollectionOptions<S extends z.ZodType> {
  /** Where its objects live, ending in "/" ("portal/tokens/"); never inside the served prefix. */
  prefix: string;
  /** What every object holds: reads are checked against it, and so is every value before it is written. */
  schema: S;
  /**
   * The object name of an id, below the prefix, without ".json" (default: the id as it is). Ids that
   * are free text (user names) are percent-encoded here; `decode` undoes it for listings.
   */
  encode?(id: string): string;
  decode?(name: string): string;
  /** Told about each object a listing skips because it does not hold what the schema says. */
  onDamaged?(key: string, problem: string): void;
}

/** A stored object that is not JSON, or not what its collection's schema says: a run-time failure naming it. */
export class DamagedRecordError extends ShareError {
  override readonly name = "DamagedRecordError";
  constructor(
    readonly key: string,
    location: string,
    problem: string,
  ) {
    super("internal", `${location}/${key} is damaged (${problem}); restore it from a backup or move it away`);
  }
}

const JSON_OPTIONS = { contentType: "application/json", cacheControl: "no-store" } as const;

/**
 * One typed collection of small JSON objects in the object store: `<prefix><name>.json` per record,
 * each read checked against the collection's zod schema (docs/contributing.md#json-stores). The
 * portal's records (tokens, client profiles, mail settings, delivery claims, ...) are collections;
 * what a store adds (hashing a token, merging a profile's changes) stays in the store's own class.
 */
export class JsonCollection<S extends z.ZodType> {
  readonly prefix: string;

  constructor(
    private readonly store: ObjectStore,
    private readonly options: JsonCollectionOptions<S>,
  ) {
    if (!options.prefix.endsWith("/")) throw new Error(`a collection's prefix ends with "/": ${options.prefix}`);
    this.prefix = options.prefix;
  }

  /** The object key of an id. */
  key(id: string): string {
    return `${this.prefix}${this.options.encode ? this.options.encode(id) : id}.json`;
  }

  /** The id of an object key of this collection; undefined for any other key (a sub-folder's, a stray file). */
  idOf(key: string): string | undefined {
    if (!key.startsWith(this.prefix) || !key.endsWith(".json")) return undefined;
    const name = key.slice(this.prefix.length, -".json".length);
    if (name === "" || name.includes("/")) return undefined;
    try {
      return this.options.decode ? this.options.decode(name) : name;
    } catch {
      return undefined;
    }
  }

  /** The record, checked; undefined when there is none. A damaged one is a DamagedRecordError. */
  async get(id: string): Promise<z.output<S> | undefined> {
    return this.readKey(this.key(id));
  }

  /** Writes the record (replacing any), after checking it against the schema. */
  async put(id: string, value: z.input<S>): Promise<z.output<S>> {
    const checked = this.checkWrite(id, value);
    await this.store.put(this.key(id), serialise(value), JSON_OPTIONS);
    return checked;
  }

  /** Writes the record only when the id has none yet (the store's create-if-absent): true when this call made it. */
  async create(id: string, value: z.input<S>): Promise<boolean> {
    this.checkWrite(id, value);
    return this.store.create(this.key(id), serialise(value), JSON_OPTIONS);
  }

  /** Whether the id has a record (one HEAD, no read). */
  async has(id: string): Promise<boolean> {
    return (await this.store.head(this.key(id))) !== undefined;
  }

  /** Deleting a missing record is not an error. */
  async delete(id: string): Promise<void> {
    await this.store.delete(this.key(id));
  }

  /** Reads the record afresh, applies `change` and writes the result (what another writer changed just before is kept). */
  async update(id: string, change: (current: z.output<S> | undefined) => z.input<S>): Promise<z.output<S>> {
    return this.put(id, change(await this.get(id)));
  }

  /**
   * Every record, streamed page by page, `concurrency` reads at a time, in key order. Damaged
   * records are skipped (and told to `onDamaged`): one bad object does not hide the others.
   */
  async *entries(options: { concurrency?: number } = {}): AsyncGenerator<{ id: string; value: z.output<S> }> {
    const concurrency = options.concurrency ?? 8;
    let batch: { id: string; key: string }[] = [];
    const flush = async () => {
      const values = await Promise.all(batch.map(({ key }) => this.readKey(key).catch((error: unknown) => this.skipped(key, error))));
      const out = batch.flatMap(({ id }, i) => (values[i] === undefined ? [] : [{ id, value: values[i] as z.output<S> }]));
      batch = [];
      return out;
    };
    for await (const object of listAll(this.store, this.prefix, { delimiter: "/" })) {
      const id = this.idOf(object.key);
      if (id === undefined) continue;
      batch.push({ id, key: object.key });
      if (batch.length >= concurrency) yield* await flush();
    }
    if (batch.length > 0) yield* await flush();
  }

  /** Every record, in key order (for small collections: tokens, profiles). */
  async all(): Promise<z.output<S>[]> {
    const values: z.output<S>[] = [];
    for await (const entry of this.entries()) values.push(entry.value);
    return values;
  }

  private async readKey(key: string): Promise<z.output<S> | undefined> {
    const text = await readText(this.store, key);
    if (text === undefined) return undefined;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new DamagedRecordError(key, this.store.location, "not JSON");
    }
    return this.check(key, raw);
  }

  private check(key: string, value: unknown): z.output<S> {
    const parsed = this.options.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new DamagedRecordError(key, this.store.location, issue ? `${issue.path.join(".") || "the record"}: ${issue.message}` : "not a valid record");
  }

  /** A value that breaks the schema is never written: that is a bug of the caller, not damage. */
  private checkWrite(id: string, value: unknown): z.output<S> {
    const parsed = this.options.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new ShareError("internal", `refusing to write ${this.key(id)}: ${issue ? `${issue.path.join(".") || "the record"}: ${issue.message}` : "not a valid record"}`);
  }

  private skipped(key: string, error: unknown): undefined {
    if (!(error instanceof DamagedRecordError)) throw error;
    this.options.onDamaged?.(key, error.message);
    return undefined;
  }
}

function serialise(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
