// One request budget per provider process for Proton reads (status polls, tag lists, lookups): a token
// bucket every resource of the stack draws from, so hundreds of resources waiting at once stay under
// Proton's request rates instead of being throttled and backing off one by one.

/** A token bucket that hands out send times: a call that finds it empty is told how long to wait. */
export class TokenBucket {
  private tokens: number;
  private updated: number;

  constructor(
    readonly ratePerSecond: number,
    readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.updated = now();
  }

  /** Takes a token and returns the ms to wait before using it (0 when one was there). Reservations queue. */
  reserve(): number {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updated) / 1000) * this.ratePerSecond);
    this.updated = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.ratePerSecond) * 1000;
  }
}

/** Proton operations that only read. */
export const isRead = (operation: string) => /^(Get|List)/.test(operation);

/**
 * Reads per second for the whole process: PULUMI_PROTON_READS_PER_SECOND, default 8 (Proton publishes no
 * per-operation request rates; AWS control planes commonly allow 10–20 reads per second per account).
 */
export function readsPerSecond(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.PULUMI_PROTON_READS_PER_SECOND);
  return Number.isFinite(n) && n > 0 ? n : 8;
}
