import type { ObjectInfo, ObjectStore } from "./object-store.js";

export interface ListAllOptions {
  /** Group by this delimiter; grouped prefixes are not yielded, only objects directly under prefix. */
  delimiter?: string;
  /** Page size per request (capped at 1,000 by the adapters). */
  pageSize?: number;
}

/**
 * Every object under `prefix`, following continuation tokens across pages
 * (one S3 ListObjectsV2 call stops at 1,000 keys).
 */
export async function* listAll(
  store: ObjectStore,
  prefix: string,
  options: ListAllOptions = {},
): AsyncGenerator<ObjectInfo, void, undefined> {
  let token: string | undefined;
  do {
    const page = await store.list({
      prefix,
      ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
      ...(options.pageSize !== undefined ? { maxKeys: options.pageSize } : {}),
      ...(token !== undefined ? { token } : {}),
    });
    yield* page.objects;
    token = page.nextToken;
  } while (token !== undefined);
}
