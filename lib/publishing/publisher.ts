import type { Clock } from "../clock.js";
import { exactOrigin } from "../net/origin.js";
import { encodeKeyPath } from "../signing/object-url.js";
import { signingQuery, signUrl, type HashAlgorithm, type SigningKey, type SignOptions } from "../signing/signer.js";
import type { BulkSigner } from "../signing/signing-pool.js";
import type { ObjectStore } from "../storage/object-store.js";
import { Catalog, type CatalogOptions } from "./catalog.js";
import { InvalidRequestError, NotFoundError } from "../errors.js";
import { renderIndexPage, zipName, type PageBrand, type PageFile } from "../pages/index-page.js";
import { translator, type Audience } from "../i18n/translator.js";
import { DEFAULT_LANGUAGE } from "../i18n/catalog.js";
import { attachmentDisposition } from "../files/content-disposition.js";
import { linkFileSetKey, writeFileSet } from "../links/link-file-set.js";
import { curlListEntry, curlListHeader, curlListSection } from "../pages/curl-list.js";
import { emptyFileList, fileUrl, manifestJson, type LinkFileList } from "../pages/manifest.js";
import { renderManyFilesPage } from "../pages/many-files-page.js";
import { visibleName } from "../pages/visible-name.js";
import { TextChunks } from "../storage/text-chunks.js";
import type { Invalidator } from "../links/invalidator.js";
import { clientFolderKey, newLinkId, pagePath, RESERVED_FOLDER, validateClientName } from "../links/layout.js";
import type { LinkRecord, SkippedFiles } from "../links/link-record.js";
import { folderResourceFor, withLinkId } from "../links/link-id-param.js";
import { LinkRecords } from "../links/link-records.js";
import { writeRecordFirst } from "../links/record-first.js";
import { parseSelection, SelectionMatcher, type Coverage } from "./selection.js";
import type { DenyList } from "../revocation/deny-list.js";
import { RECEIVED_FOLDER, reservedPathProblem } from "../names/reserved-names.js";
import { DEFAULT_MAX_EXPIRY_MS, validateTerms, type LinkTerms } from "./terms.js";
import { describeVerdict, isServable, type ScanVerdict } from "../scanning/scan-status.js";

/** How a link for files is signed (a file request is published by lib/requests). */
export type PublishMode = Exclude<LinkRecord["mode"], "request">;

/** How many of the files left off a page (names the edge cannot serve) the record names. */
const SKIPPED_EXAMPLES = 10;

export interface PublisherDeps {
  store: ObjectStore;
  /** Key prefix of the client folders (CloudFront's origin path), e.g. "client_files". */
  prefix: string;
  /** Base URL that maps to the prefix, e.g. https://files.example.com. */
  publicUrl: string;
  /** The active signing key; asked once per publication, so a rotation applies to the next one. */
  signingKey: () => Promise<SigningKey>;
  clock: Clock;
  maxExpiryMs?: number;
  /** The distribution serves IPv6: IP-restricted links are refused (see terms.ts). */
  ipv6Enabled?: boolean;
  hashAlgorithm?: HashAlgorithm;
  invalidator?: Invalidator;
  /** The edge's revocation list, for `records.revoke` (docs/revocation.md). */
  denyList?: DenyList;
  /** Listing page sizes (tests and benchmarks). */
  listing?: CatalogOptions;
  /**
   * Signs each listing page's URLs in one call in per-file mode, e.g. a SigningPool's `signUrls`
   * (worker threads, off the event loop; the portal). Default: in this thread, yielding every 50 URLs.
   */
  signUrls?: BulkSigner;
  /** The client's display name for the page's title (its profile's), when it has one; a failure to read it shows the folder name. */
  displayName?: (client: string) => Promise<string | undefined>;
  /** Links with more files get the page for many files (default MANY_FILES_THRESHOLD; tests lower it). */
  manyFilesThreshold?: number;
  /**
   * The brand and the client's language and time zone, read afresh for each page (docs/branding.md),
   * so a change shows on the next page published; a failure to read them gives the plain English page.
   */
  look?: (client: string) => Promise<{ brand?: PageBrand; audience?: Audience }>;
  /**
   * Malware scanning (docs/scanning.md): the scan statuses of the chosen files, read for them only
   * (lib/scanning Scanning.statuses, bounded concurrency). A file that is not clean is left off the
   * page, counted and named in the record's `held`; with scanning off every status is "off".
   */
  scanStatuses?: (keys: readonly string[]) => Promise<Map<string, ScanVerdict>>;
}

export interface PublishRequest extends LinkTerms {
  client: string;
  /** Who publishes, for the audit record ("alice@example.com", "cli:alice"). */
  issuedBy: string;
  /** Who sent it, as the page names them (a display name, never a login); absent: the page names no one. */
  sender?: { person: string; organisation?: string | undefined };
  /** The operator's words, shown on the page. */
  message?: string;
  /** per-file (default): a canned policy per file; folder: one wildcard policy for the client's folder. */
  mode?: PublishMode;
  hashAlgorithm?: HashAlgorithm;
  /**
   * Paths inside the client's folder the link covers: sub-folders ("exports/") and files
   * ("exports/a.csv"); a path without a trailing "/" is a file if one has that name, else a folder.
   * Absent or empty: the whole folder.
   */
  only?: readonly string[];
  /** The link this one renews, for the audit record. */
  renewedFrom?: string;
  /** The operator's label for the link (checked by lib/links/link-label.ts). */
  label?: string;
  /** Who the link is for, as the operator wrote it (checked likewise). */
  recipients?: string[];
}

const YIELD_EVERY = 10;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Above this many files a link's page carries no list in its markup: its script draws the list from
 * a manifest published beside it, and a download list for curl replaces the commands box
 * (docs/links.md#pages-for-many-files), so the page stays small for any number of files.
 */
export const MANY_FILES_THRESHOLD = 1000;

/** What follows "?l=<linkId>&" in a file's URL: its own signing query or the shared one it points to. */
function queryOf(files: LinkFileList, query: string | number): string {
  return typeof query === "number" ? files.shared[query]! : query;
}

/** The download list for `curl --config` of a link's files: a section per shared signature, one for the files signed one by one. */
function curlListBody(files: LinkFileList, folderUrl: string, linkId: string, shown: string, expiresAt: Date, audience: Audience | undefined): Buffer {
  const body = new TextChunks();
  const tr = translator(audience ?? { language: DEFAULT_LANGUAGE });
  body.add(curlListHeader(tr.t("list.header", { files: tr.t("page.fileCount", { count: files.paths.length }), client: shown, until: tr.when(expiresAt) }), tr.t("list.howTo")));
  const shared = files.shared.map((): number[] => []);
  const single: number[] = [];
  files.queries.forEach((query, i) => (typeof query === "number" ? shared[query]! : single).push(i));
  let first = true;
  shared.forEach((indexes, group) => {
    if (indexes.length === 0) return;
    body.add(curlListSection(first, `l=${linkId}&${files.shared[group]}`));
    first = false;
    for (const i of indexes) body.add(curlListEntry(files.paths[i]!, folderUrl + encodeKeyPath(files.paths[i]!)));
  });
  if (single.length > 0) {
    body.add(curlListSection(first));
    for (const i of single) body.add(curlListEntry(files.paths[i]!, fileUrl(files, i, folderUrl, linkId, encodeKeyPath)));
  }
  return body.take();
}

export const PAGE_CACHE_CONTROL = "private, no-store";
export const PAGE_CONTENT_TYPE = "text/html; charset=utf-8";

/** Files received through file requests (`received/<request>/...`), which a link for the whole folder leaves out. */
function isReceivedPath(path: string): boolean {
  return path.startsWith(`${RECEIVED_FOLDER}/`);
}

/** A folder link would sign a wildcard over a file whose path holds a reserved name: refused, with what to do. */
function reservedUnderWildcard(client: string, path: string, reserved: string): InvalidRequestError {
  return new InvalidRequestError(
    `client "${client}" has the file ${JSON.stringify(path)}, whose path ${reserved}. A folder link would cover it: delete or move it (signed-share files rm ${client} ${JSON.stringify(path)}), or issue a per-file link, which leaves it off the page`,
  );
}

/**
 * Publishes one link (docs/architecture.md#publishing-a-link): lists the client's files, signs them, then writes the
 * link record (marked pending), the index page under the reserved folder, and the final record.
 * A crash at any point leaves a record that lists and revokes the page.
 */
/** A client folder with nothing to share (only folder markers or published pages): `issue --all` skips it. */
export class NoFilesError extends NotFoundError {
  constructor(readonly client: string) {
    super(`client "${client}" has no files to share (only folder markers or published pages)`, "client");
  }
}

export class Publisher {
  readonly catalog: Catalog;
  readonly records: LinkRecords;
  private readonly base: string;
  /** Length of "<prefix>/": an object key minus it is the path under the public URL. */
  private readonly prefixLength: number;

  constructor(private readonly deps: PublisherDeps) {
    this.catalog = new Catalog(deps.store, deps.prefix, deps.listing);
    this.records = new LinkRecords({
      store: deps.store,
      clock: deps.clock,
      ...(deps.invalidator ? { invalidator: deps.invalidator } : {}),
      ...(deps.denyList ? { denyList: deps.denyList } : {}),
    });
    // Every signed Resource starts with it, so a path (with a `*` or `?`) would widen folder links.
    if (exactOrigin(deps.publicUrl) === undefined) throw new Error(`the public URL must be an origin like https://files.example.com (no path), got ${JSON.stringify(deps.publicUrl)}`);
    this.base = deps.publicUrl.replace(/\/+$/, "");
    this.prefixLength = deps.prefix ? deps.prefix.length + 1 : 0;
  }

  /** When the edge refuses a revoked link ("at once", "within about a minute"); undefined without a revocation list. */
  get revocationTakesEffect(): string | undefined {
    return this.deps.denyList?.takesEffect;
  }

  async publish(request: PublishRequest): Promise<LinkRecord> {
    const client = validateClientName(request.client);
    const mode = request.mode ?? "per-file";
    if (mode !== "per-file" && mode !== "folder") throw new InvalidRequestError(`mode must be per-file or folder, not ${JSON.stringify(mode)}`);
    const hashAlgorithm = request.hashAlgorithm ?? this.deps.hashAlgorithm ?? "SHA1";
    if (hashAlgorithm !== "SHA1" && hashAlgorithm !== "SHA256") throw new InvalidRequestError(`hash algorithm must be SHA1 or SHA256, not ${JSON.stringify(hashAlgorithm)}`);
    const issuedAt = this.deps.clock();
    const terms = validateTerms(request, issuedAt, this.deps.maxExpiryMs ?? DEFAULT_MAX_EXPIRY_MS, { ipv6Enabled: this.deps.ipv6Enabled ?? false });
    const selection = parseSelection(request.only);
    const matcher = selection ? new SelectionMatcher(selection) : undefined;
    const options: SignOptions = {
      dateLessThan: terms.expiresAt,
      hashAlgorithm,
      ...(terms.notBefore ? { dateGreaterThan: terms.notBefore } : {}),
      ...(terms.ipRange ? { ipAddress: terms.ipRange } : {}),
    };

    // The key is fetched while the first listing page loads.
    const keyPromise = this.deps.signingKey();
    keyPromise.catch(() => undefined);
    const displayNamePromise = this.deps.displayName ? this.deps.displayName(client).catch(() => undefined) : Promise.resolve(undefined);
    const lookPromise = this.deps.look ? this.deps.look(client).catch(() => ({})) : Promise.resolve({});
    const folderUrl = `${this.base}/${encodeKeyPath(client)}/`;
    // Drawn first: every URL of the link carries it (docs/revocation.md), so the edge can refuse them all.
    const linkId = newLinkId();
    // The link's index entries are written while its files are listed and signed, from the first page
    // there is something to sign (docs/architecture.md#lists-by-cursor): a refusal before that writes nothing.
    // The label and recipients are in the entries too (the lists' search, docs/architecture.md#search).
    const labelled = { ...(request.label ? { label: request.label } : {}), ...(request.recipients && request.recipients.length > 0 ? { recipients: request.recipients } : {}) };
    const indexFields = { client, linkId, mode, issuedAt: issuedAt.toISOString(), expiresAt: terms.expiresAt.toISOString(), ...(terms.notBefore ? { notBefore: terms.notBefore.toISOString() } : {}), ...labelled };
    let indexed: Promise<void> | undefined;
    const startIndexing = () => {
      if (indexed) return;
      indexed = this.records.indexNew(indexFields);
      indexed.catch(() => undefined); // awaited before the record is written
    };
    let handedOver = false;
    try {
      let sign: ((path: string, coverage?: Coverage) => string | number) | undefined;
      let key: SigningKey | undefined;

      // The files as parallel arrays: no object, and no URL, per file until a page needs them.
      const files = emptyFileList();
      let bytes = 0;
      // Bulk signing: each page's URLs are signed elsewhere while the next page is listed.
      const bulk = mode === "per-file" ? this.deps.signUrls : undefined;
      const batches: Promise<void>[] = [];
      const skipped: SkippedFiles = { count: 0, examples: [] };
      const onUnservable = (key: string, reason: string) => {
        if (skipped.count++ < SKIPPED_EXAMPLES) skipped.examples.push({ key, reason });
      };
      const held: SkippedFiles = { count: 0, examples: [] };
      // Folder mode has no signing to overlap with the listing, so it asks for full pages from the start.
      const pages = this.catalog.filePages(client, { ...(mode === "folder" ? { firstPageSize: 1000 } : {}), onUnservable });
      for await (const listed of pages) {
        let page: typeof listed = [];
        let covered: (Coverage | undefined)[] = [];
        for (const file of listed) {
          const coverage = matcher ? matcher.cover(file.path) : undefined;
          if (matcher && !coverage) continue;
          // What clients sent is shared only when a link names it (docs/requests.md#sharing-received-files).
          if (!matcher && isReceivedPath(file.path)) continue;
          // A reserved name deeper in the path (reports/_links/x.html) would be served as an index page.
          const reserved = reservedPathProblem(file.path);
          if (reserved) {
            if (mode === "folder" && (coverage === undefined || "folder" in coverage)) throw reservedUnderWildcard(client, file.path, reserved);
            onUnservable(file.key, `its path ${reserved}`);
            continue;
          }
          page.push(file);
          covered.push(coverage);
        }
        if (this.deps.scanStatuses && page.length > 0) {
          const verdicts = await this.deps.scanStatuses(page.map((file) => file.key));
          const keep = page.map((file) => {
            const verdict = verdicts.get(file.key) ?? { status: "pending" as const };
            if (isServable(verdict.status)) return true;
            if (held.count++ < SKIPPED_EXAMPLES) held.examples.push({ key: file.key, reason: describeVerdict(verdict) });
            return false;
          });
          page = page.filter((_, i) => keep[i]);
          covered = covered.filter((_, i) => keep[i]);
        }
        if (!sign) {
          key = await keyPromise;
          sign = this.signer(mode, key, options, folderUrl, linkId, files.shared);
        }
        if (page.length > 0) startIndexing();
        const first = files.paths.length;
        for (const file of page) {
          files.paths.push(file.path);
          files.sizes.push(file.size);
          files.modified.push(file.lastModified.getTime());
          bytes += file.size;
        }
        if (bulk) {
          if (page.length === 0) continue;
          const unsigned = page.map((file) => withLinkId(folderUrl + encodeKeyPath(file.path), linkId));
          for (let i = 0; i < page.length; i++) files.queries.push("");
          const batch = bulk(unsigned, key!, options).then((urls) => {
            if (urls.length !== page.length) throw new Error(`signing returned ${urls.length} URLs for ${page.length} files`);
            // The pool signs whole URLs; the list keeps what follows "?l=<id>&".
            for (let i = 0; i < urls.length; i++) files.queries[first + i] = urls[i]!.slice(unsigned[i]!.length + 1);
          });
          batch.catch(() => undefined); // awaited below; a failure must not go unhandled while listing continues
          batches.push(batch);
          continue;
        }
        for (let i = 0; i < page.length; i++) {
          files.queries.push(sign(page[i]!.path, covered[i]));
          // Let responses that arrived meanwhile (the next listing page, another client's writes) be handled.
          if (mode === "per-file" && i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
        }
      }
      await Promise.all(batches);
      const resolved = matcher?.resolved(client);
      const count = files.paths.length;
      if (count === 0 || !sign || !key) {
        if (held.count > 0) {
          const names = held.examples.map(({ key: heldKey, reason }) => `${JSON.stringify(heldKey)} (${reason})`).join(", ");
          throw new NotFoundError(`none of client "${client}"'s files can be shared yet: ${held.count} ${held.count === 1 ? "is" : "are"} not scanned clean: ${names}${held.count > held.examples.length ? ", ..." : ""}`, "client");
        }
        throw new NoFilesError(client);
      }

      const folderKey = clientFolderKey(this.deps.prefix, client);
      const pageKey = `${folderKey}${RESERVED_FOLDER}/${linkId}.html`;
      const signedUrlOf = (objectPath: string) => {
        const url = `${this.base}/${encodeKeyPath(objectPath)}`;
        // A selection's wildcards cover only its sub-folders, so the page gets a signature of its own.
        return resolved ? signUrl(withLinkId(url, linkId), key!, options) : `${url}?l=${linkId}&${queryOf(files, sign!(objectPath.slice(client.length + 1)))}`;
      };
      const url = signedUrlOf(pagePath(client, linkId));
      const displayName = await displayNamePromise;
      const many = count > (this.deps.manyFilesThreshold ?? MANY_FILES_THRESHOLD);
      const manifestKey = `${folderKey}${RESERVED_FOLDER}/${linkId}.manifest.json`;
      const listKey = `${folderKey}${RESERVED_FOLDER}/${linkId}.curl.txt`;
      const fileSetKey = linkFileSetKey(client, linkId);
      const look: { brand?: PageBrand; audience?: Audience } = await lookPromise;

      const record: LinkRecord = {
        linkId,
        client,
        url,
        pageKey,
        ...(many ? { pageObjects: [manifestKey, listKey] } : {}),
        fileSetKey,
        issuedBy: request.issuedBy,
        issuedAt: issuedAt.toISOString(),
        expiresAt: terms.expiresAt.toISOString(),
        ...(terms.notBefore ? { notBefore: terms.notBefore.toISOString() } : {}),
        ...(terms.ipRange ? { ipRange: terms.ipRange } : {}),
        keyPairId: key.keyPairId,
        hashAlgorithm,
        mode,
        ...(resolved ? { selection: resolved } : {}),
        ...(request.renewedFrom ? { renewedFrom: request.renewedFrom } : {}),
        ...labelled,
        fileCount: count,
        bytes,
        ...(skipped.count > 0 ? { skipped } : {}),
        ...(held.count > 0 ? { held } : {}),
      };
      const store = this.deps.store;
      const pageHeaders = { contentType: PAGE_CONTENT_TYPE, cacheControl: PAGE_CACHE_CONTROL };
      const title = {
        client,
        ...(displayName ? { displayName } : {}),
        expiresAt: terms.expiresAt,
        ...(terms.notBefore ? { notBefore: terms.notBefore } : {}),
        ...(look.brand ? { brand: look.brand } : {}),
        ...(look.audience ? { audience: look.audience } : {}),
        ...(request.sender ? { sender: request.sender } : {}),
        ...(request.message ? { message: request.message } : {}),
      };
      startIndexing();
      await indexed;
      // From here on writeRecordFirst undoes what a failure leaves, index entries included.
      handedOver = true;
      await writeRecordFirst(
        store,
        this.records,
        record,
        async () => {
          // The file set is written beside the page's objects, not before them: one request less to wait for.
          const pageObjects = async () => {
            if (!many) {
              const pageFiles: PageFile[] = files.paths.map((path, i) => ({ path, size: files.sizes[i]!, lastModified: new Date(files.modified[i]!), url: fileUrl(files, i, folderUrl, linkId, encodeKeyPath) }));
              await store.put(pageKey, renderIndexPage({ ...title, files: pageFiles }), pageHeaders);
              return;
            }
            // Each body is built just before it is written, so only one of them is in memory at a time.
            await store.put(manifestKey, manifestJson(files, folderUrl, linkId), { contentType: "application/json", cacheControl: PAGE_CACHE_CONTROL });
            await store.put(listKey, curlListBody(files, folderUrl, linkId, visibleName(displayName || client), terms.expiresAt, look.audience), {
              contentType: "text/plain; charset=utf-8",
              cacheControl: PAGE_CACHE_CONTROL,
              contentDisposition: attachmentDisposition(`${zipName(client).replace(/\.zip$/, "")}.txt`),
            });
            const page = renderManyFilesPage({ ...title, fileCount: count, totalBytes: bytes, manifestUrl: signedUrlOf(manifestKey.slice(this.prefixLength)), curlListUrl: signedUrlOf(listKey.slice(this.prefixLength)) });
            await store.put(pageKey, page, pageHeaders);
          };
          const fileSet = () => writeFileSet(store, fileSetKey, files.paths, files.sizes);
          // A link of many files writes its bodies one after another, so that only one is in memory at a time.
          if (many) {
            await fileSet();
            await pageObjects();
            return;
          }
          const results = await Promise.allSettled([fileSet(), pageObjects()]);
          const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
          if (failed) throw failed.reason;
        },
        { indexed: true },
      );
      return record;
    } catch (error) {
      // Failed before a record was written: its index entries go (once their writes have settled).
      if (!handedOver && indexed) {
        await indexed.catch(() => undefined);
        await this.records.unindex(indexFields).catch(() => undefined);
      }
      throw error;
    }
  }

  /**
   * Per-file: one signature per URL (the canned policy covers `l`). Folder: one wildcard policy whose
   * query string every URL shares, its resource ending in the link id so `l` is signed there too; with
   * a selection, one wildcard per chosen sub-folder (`<client>/exports/*` cannot reach
   * `<client>/invoices/`) and a signature of its own for each file chosen one by one.
   */
  private signer(
    mode: PublishMode,
    key: SigningKey,
    options: SignOptions,
    folderUrl: string,
    linkId: string,
    shared: string[],
  ): (path: string, coverage?: Coverage) => string | number {
    const signOne = (path: string) => signingQuery(withLinkId(folderUrl + encodeKeyPath(path), linkId), key, options);
    if (mode === "per-file") return signOne;
    const indexes = new Map<string, number>();
    const folderQuery = (prefixUrl: string) => {
      let index = indexes.get(prefixUrl);
      if (index === undefined) {
        index = shared.push(signingQuery(prefixUrl, key, { ...options, resource: folderResourceFor(prefixUrl, linkId) })) - 1;
        indexes.set(prefixUrl, index);
      }
      return index;
    };
    return (path, coverage) => {
      if (coverage === undefined) return folderQuery(folderUrl);
      if ("file" in coverage) return signOne(path);
      return folderQuery(folderUrl + encodeKeyPath(coverage.folder));
    };
  }
}
