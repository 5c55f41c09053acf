/**
 * Counts failed sign-ins per user name and per client in memory (never in the database: client
 * addresses are not stored). After `limit` failures within `windowMs` further attempts are refused
 * until the oldest failure leaves the window.
 *
 * Not express-rate-limit or rate-limiter-flexible: both count in fixed windows (a burst on each
 * side of a window's end gets 2 × limit − 1 tries in seconds; here a sliding window), read
 * Date.now() (the service's injected clock, which tests and sessions use, would be ignored), answer
 * through promises, and keep every key of the window (bounded here by maxKeys). Express-rate-limit
 * also counts requests, not failures, and one key per middleware (here user and client at once).
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 15 * 60 * 1000,
    private readonly now: () => number = () => Date.now(),
    private readonly maxKeys = 10_000,
  ) {}

  /** Seconds until another attempt is allowed for any of `keys`; 0 when allowed now. */
  retryAfter(keys: readonly string[]): number {
    const now = this.now();
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= this.limit) {
        wait = Math.max(wait, Math.ceil(((recent[recent.length - this.limit] as number) + this.windowMs - now) / 1000));
      }
    }
    return wait;
  }

  /** Records one failure for each key. */
  fail(keys: readonly string[]): void {
    const now = this.now();
    if (this.failures.size >= this.maxKeys) this.prune(now);
    for (const key of keys) {
      const recent = this.recent(key, now);
      recent.push(now);
      this.failures.set(key, recent.slice(-this.limit));
    }
  }

  /** Forgets the failures of a key (a successful sign-in of that user). */
  clear(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }

  private prune(now: number): void {
    for (const [key, times] of this.failures) {
      if (times.every((t) => now - t >= this.windowMs)) this.failures.delete(key);
    }
    // Still full (an attack from many addresses): drop the oldest entries rather than grow.
    for (const key of this.failures.keys()) {
      if (this.failures.size < this.maxKeys) break;
      this.failures.delete(key);
    }
  }
}
