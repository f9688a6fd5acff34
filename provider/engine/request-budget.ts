import { positiveSetting } from "./settings";

// One request budget per provider process: a token bucket per Proton operation that every resource of the
// stack draws from (AWS rate quotas are per operation), so hundreds of resources polling, or created and
// deleted at once, stay under Proton's request rates instead of being throttled and backing off one by one.
// Reads (status polls, tag lists, lookups) and writes (creates, updates, deletes) each have a rate.

/**
 * A token bucket whose calls wait their turn: bursts up to `capacity` go at once, then calls are released at
 * `ratePerSecond`. A retry goes before every first attempt still waiting: it has already waited its turn
 * once, and sending it to the back of a queue of 100 creates made one throttled answer cost 10 s.
 */
export class TokenBucket {
  private tokens: number;
  private updated: number;
  private readonly retries: (() => void)[] = [];
  private readonly firsts: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly ratePerSecond: number,
    readonly capacity: number,
  ) {
    this.tokens = capacity;
    this.updated = Date.now();
  }

  /** Settles when the call may be sent: at once while tokens are left, else in its turn. */
  take(retry = false): Promise<void> {
    this.refill();
    if (this.tokens >= 1 && !this.waiting()) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise((go) => {
      (retry ? this.retries : this.firsts).push(go);
      this.schedule();
    });
  }

  /** Calls waiting for a token. */
  waiting(): number {
    return this.retries.length + this.firsts.length;
  }

  private refill(): void {
    const now = Date.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updated) / 1000) * this.ratePerSecond);
    this.updated = now;
  }

  /** Releases waiting calls while tokens last, then sleeps until the next token. */
  private release = (): void => {
    this.timer = undefined;
    this.refill();
    while (this.tokens >= 1 && this.waiting()) {
      this.tokens -= 1;
      (this.retries.shift() ?? this.firsts.shift())!();
    }
    this.schedule();
  };

  private schedule(): void {
    if (this.timer || !this.waiting()) return;
    this.timer = setTimeout(this.release, Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000));
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

  constructor(readonly rates: RequestRates) {}

  /** Settles when one `operation` call may be sent; a retry goes before first attempts still waiting. */
  take(operation: string, retry = false): Promise<void> {
    let bucket = this.buckets.get(operation);
    if (!bucket) {
      const rate = isRead(operation) ? this.rates.reads : this.rates.writes;
      this.buckets.set(operation, (bucket = new TokenBucket(rate, rate)));
    }
    return bucket.take(retry);
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
