import type { LinkRecord } from "../links/link-record.js";
import type { Publisher, PublishRequest } from "./publisher.js";

export type PublishOutcome = { client: string; record: LinkRecord } | { client: string; error: Error };

export interface PublishAllOptions {
  /**
   * Clients in flight at once. Two by default: one client's listing and page writes overlap the
   * other's signing without piling up requests.
   */
  concurrency?: number;
  /** Called as each client finishes, in completion order. */
  onOutcome?: (outcome: PublishOutcome, done: number, total: number) => void;
}

/** One link per client; a client that fails does not stop the others. Outcomes come back in the clients' order. */
export async function publishAll(
  publisher: Publisher,
  clients: readonly string[],
  request: Omit<PublishRequest, "client">,
  options: PublishAllOptions = {},
): Promise<PublishOutcome[]> {
  const outcomes: PublishOutcome[] = new Array(clients.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < clients.length) {
      const index = next++;
      const client = clients[index]!;
      let outcome: PublishOutcome;
      try {
        outcome = { client, record: await publisher.publish({ ...request, client }) };
      } catch (error) {
        outcome = { client, error: error instanceof Error ? error : new Error(String(error)) };
      }
      outcomes[index] = outcome;
      options.onOutcome?.(outcome, ++done, clients.length);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 2, clients.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outcomes;
}
