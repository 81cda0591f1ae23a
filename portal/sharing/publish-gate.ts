/**
 * Runs at most `limit` publications at once; the rest wait their turn in order. Signing a large
 * client holds the CPU for tens of milliseconds, so without a limit a burst of issues would stall
 * every page view behind it; with one, page views wait for at most `limit` publications.
 */
export class PublishGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // the slot passes straight to the next in line
      else this.running -= 1;
    }
  }
}
