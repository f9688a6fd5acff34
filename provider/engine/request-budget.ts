import { positiveSetting } from "./settings";

// One request budget per provider process: a token bucket per Proton operation that every resource of the
// stack draws from (AWS rate quotas are per operation), so hundreds of resources polling, or created and
// deleted at once, stay under Proton's request rates instead of being throttled and backing off one by one.
// Reads (status polls, tag lists, lookups) and writes (creates, updates, deletes) each have a rate.

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

/** Calls per second for each operation: `reads` for Get and List operations, `writes` for the others. */
export interface RequestRates {
  reads: number;
  writes: number;
}

/** The process's request budget: each operation's calls at its kind's rate, bursts up to one second's worth. */
export class RequestBudget {
  private buckets = new Map<string, TokenBucket>();

  constructor(
    readonly rates: RequestRates,
    private readonly now: () => number = Date.now,
  ) {}

  /** The ms to wait before sending one `operation` call. */
  reserve(operation: string): number {
    let bucket = this.buckets.get(operation);
    if (!bucket) {
      const rate = isRead(operation) ? this.rates.reads : this.rates.writes;
      this.buckets.set(operation, (bucket = new TokenBucket(rate, rate, this.now)));
    }
    return bucket.reserve();
  }
}

/** Proton operations that only read. */
export const isRead = (operation: string) => /^(Get|List)/.test(operation);

const rate = (raw: string | undefined) => positiveSetting(raw) ?? 8;

/**
 * Calls per second per operation for the whole process: PULUMI_PROTON_READS_PER_SECOND and
 * PULUMI_PROTON_WRITES_PER_SECOND, default 8 each. Proton's quota page lists resource counts only, no request
 * rates; AWS control planes commonly allow 10 or more calls per second per operation and account, so 8 stays
 * below them with room for other clients. A write is one call per resource and change, so its pacing only
 * shows when dozens of resources change at once — which is when a burst would be throttled anyway.
 */
export function requestRates(env: NodeJS.ProcessEnv = process.env): RequestRates {
  return {
    reads: rate(env.PULUMI_PROTON_READS_PER_SECOND),
    writes: rate(env.PULUMI_PROTON_WRITES_PER_SECOND),
  };
}
