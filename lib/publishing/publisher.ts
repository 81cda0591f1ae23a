import type { Clock } from "../clock.js";
import { exactOrigin } from "../net/origin.js";
import { encodeKeyPath } from "../signing/object-url.js";
import { signingQuery, signUrl, withQuery, type HashAlgorithm, type SigningKey, type SignOptions } from "../signing/signer.js";
import type { BulkSigner } from "../signing/signing-pool.js";
import type { ObjectStore } from "../storage/object-store.js";
import { Catalog, type CatalogOptions } from "./catalog.js";
import { InvalidRequestError, NotFoundError } from "../errors.js";
import { renderIndexPage, type PageBrand, type PageFile } from "../pages/index-page.js";
import type { Audience } from "../i18n/translator.js";
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
}

const YIELD_EVERY = 10;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

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
    let sign: ((url: string, coverage?: Coverage) => string) | undefined;
    let key: SigningKey | undefined;

    const files: PageFile[] = [];
    let bytes = 0;
    // Bulk signing: each page's URLs are signed elsewhere while the next page is listed.
    const bulk = mode === "per-file" ? this.deps.signUrls : undefined;
    const batches: Promise<void>[] = [];
    // Folder mode has no signing to overlap with the listing, so it asks for full pages from the start.
    const skipped: SkippedFiles = { count: 0, examples: [] };
    const onUnservable = (key: string, reason: string) => {
      if (skipped.count++ < SKIPPED_EXAMPLES) skipped.examples.push({ key, reason });
    };
    const held: SkippedFiles = { count: 0, examples: [] };
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
        sign = this.signer(mode, key, options, folderUrl, linkId);
      }
      if (bulk && page.length > 0) {
        const first = files.length;
        for (const file of page) {
          files.push({ path: file.path, size: file.size, lastModified: file.lastModified, url: "" });
          bytes += file.size;
        }
        const batch = bulk(
          page.map((file) => withLinkId(folderUrl + encodeKeyPath(file.path), linkId)),
          key!,
          options,
        ).then((urls) => {
          if (urls.length !== page.length) throw new Error(`signing returned ${urls.length} URLs for ${page.length} files`);
          for (let i = 0; i < urls.length; i++) files[first + i]!.url = urls[i]!;
        });
        batch.catch(() => undefined); // awaited below; a failure must not go unhandled while listing continues
        batches.push(batch);
        continue;
      }
      if (bulk) continue;
      for (let i = 0; i < page.length; i++) {
        const file = page[i]!;
        files.push({ path: file.path, size: file.size, lastModified: file.lastModified, url: sign(folderUrl + encodeKeyPath(file.path), covered[i]) });
        bytes += file.size;
        // Let responses that arrived meanwhile (the next listing page, another client's writes) be handled.
        if (mode === "per-file" && i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
      }
    }
    await Promise.all(batches);
    const resolved = matcher?.resolved(client);
    if (files.length === 0 || !sign || !key) {
      if (held.count > 0) {
        const names = held.examples.map(({ key: heldKey, reason }) => `${JSON.stringify(heldKey)} (${reason})`).join(", ");
        throw new NotFoundError(`none of client "${client}"'s files can be shared yet: ${held.count} ${held.count === 1 ? "is" : "are"} not scanned clean: ${names}${held.count > held.examples.length ? ", ..." : ""}`, "client");
      }
      throw new NoFilesError(client);
    }

    const pageKey = `${clientFolderKey(this.deps.prefix, client)}${RESERVED_FOLDER}/${linkId}.html`;
    const pageUrl = `${this.base}/${encodeKeyPath(pagePath(client, linkId))}`;
    // A selection's wildcards cover only its sub-folders, so the page gets a signature of its own.
    const url = resolved ? signUrl(withLinkId(pageUrl, linkId), key, options) : sign(pageUrl);
    const displayName = await displayNamePromise;
    const look: { brand?: PageBrand; audience?: Audience } = await lookPromise;
    const html = renderIndexPage({
      client,
      ...(displayName ? { displayName } : {}),
      files,
      expiresAt: terms.expiresAt,
      ...(terms.notBefore ? { notBefore: terms.notBefore } : {}),
      ...(look.brand ? { brand: look.brand } : {}),
      ...(look.audience ? { audience: look.audience } : {}),
      ...(request.sender ? { sender: request.sender } : {}),
      ...(request.message ? { message: request.message } : {}),
    });

    const record: LinkRecord = {
      linkId,
      client,
      url,
      pageKey,
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
      fileCount: files.length,
      bytes,
      ...(skipped.count > 0 ? { skipped } : {}),
      ...(held.count > 0 ? { held } : {}),
    };
    await writeRecordFirst(this.deps.store, this.records, record, () =>
      this.deps.store.put(pageKey, html, { contentType: PAGE_CONTENT_TYPE, cacheControl: PAGE_CACHE_CONTROL }),
    );
    return record;
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
  ): (url: string, coverage?: Coverage) => string {
    const signOne = (url: string) => signUrl(withLinkId(url, linkId), key, options);
    if (mode === "per-file") return signOne;
    const queries = new Map<string, string>();
    const folderQuery = (prefixUrl: string) => {
      let query = queries.get(prefixUrl);
      if (query === undefined) queries.set(prefixUrl, (query = signingQuery(prefixUrl, key, { ...options, resource: folderResourceFor(prefixUrl, linkId) })));
      return query;
    };
    return (url, coverage) => {
      if (coverage === undefined) return withQuery(withLinkId(url, linkId), folderQuery(folderUrl));
      if ("file" in coverage) return signOne(url);
      return withQuery(withLinkId(url, linkId), folderQuery(folderUrl + encodeKeyPath(coverage.folder)));
    };
  }
}
