/**
 * What the product knows about one link's use, derived from the edge's access logs
 * (docs/architecture.md, "Download activity"). Reminders and download notifications read this;
 * the activity reader writes it.
 */
export interface LinkActivitySummary {
  linkId: string;
  /** Requests that delivered file bytes, complete or partial. */
  downloads: number;
  firstDownloadAt: string | null;
  lastDownloadAt: string | null;
  /** Object keys, relative to the client folder, delivered completely at least once. */
  filesComplete: string[];
  /** Logs are read up to this instant; CloudFront delivers them late and not always completely. */
  asOf: string;
}

export interface LinkActivitySource {
  /** The link's summary, or null when no request of it has been seen. */
  summary(linkId: string): Promise<LinkActivitySummary | null>;
}
