// One request budget per provider process for Proton reads (status polls, tag lists, lookups): a token
// bucket per read operation that every resource of the stack draws from (AWS rate quotas are per
// operation), so hundreds of resources waiting at once stay under Proton's request rates instead of being
// throttled and backing off one by one.

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

/** The process's read budget: `ratePerSecond` calls per second for each read operation. */
export class ReadBudget {
  private buckets = new Map<string, TokenBucket>();

  constructor(
    readonly ratePerSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The ms to wait before sending one `operation` call (0 for calls that do not read). */
  reserve(operation: string): number {
    if (!isRead(operation)) return 0;
    let bucket = this.buckets.get(operation);
    if (!bucket)
      this.buckets.set(
        operation,
        (bucket = new TokenBucket(this.ratePerSecond, this.ratePerSecond, this.now)),
      );
    return bucket.reserve();
  }
}

/** Proton operations that only read. */
export const isRead = (operation: string) => /^(Get|List)/.test(operation);

/**
 * Calls per second per read operation for the whole process: PULUMI_PROTON_READS_PER_SECOND, default 8.
 * Proton's quota page lists resource counts only, no request rates; AWS control planes commonly allow
 * 10–20 calls per second per read operation and account, so 8 stays below them with room for other clients.
 */
export function readsPerSecond(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.PULUMI_PROTON_READS_PER_SECOND);
  return Number.isFinite(n) && n > 0 ? n : 8;
}
