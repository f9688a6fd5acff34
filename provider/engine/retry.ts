import { StandardRetryStrategy } from "@smithy/util-retry";
import type {
  RetryErrorInfo,
  RetryStrategyV2,
  StandardRetryBackoffStrategy,
  StandardRetryToken,
} from "@smithy/types";

// The SDK's standard retry mode, call by call. StandardRetryStrategy also keeps a retry capacity for the
// whole client: a circuit breaker of 500 tokens, 5 per throttled retry and 14 per other retry, refilled
// by successes, after which every call fails at its first error. It suits a service that should shed
// load; here one client serves every resource of a stack, and a destroy of 200 resources throttled
// together emptied it within seconds: 137 of them failed with ThrottlingException after one or two
// attempts. Each call now gets a StandardRetryStrategy of its own: the SDK's attempts, backoff with
// jitter, throttling delays and retry-after hints, with no breaker shared between calls.
//
// Its backoff is capped lower than the SDK's 20 s for the first retries. The SDK's backoff keeps
// uncoordinated clients apart; here the request budget (request-budget.ts) already paces every call of the
// process below Proton's rates, and lets retries go first, so a long sleep only makes one resource late. At
// 30 % of calls throttled, 200 resources made a few calls throttled 6–8 times running, which slept 30–55 s
// each and set the wall time of the whole stack. Throttling that lasts past 8 retries is no longer chance:
// the SDK's own cap applies from there, and more attempts keep the patience for a long storm.

/** Longest sleep before each of a call's first retries, in ms. */
export const SHORT_RETRY_DELAY_MS = 3000;
/** Retries that sleep at most SHORT_RETRY_DELAY_MS; later ones at most the SDK's 20 s. */
export const SHORT_RETRIES = 8;
const SDK_MAX_RETRY_DELAY_MS = 20_000;

/** The SDK's exponential backoff with full jitter (base × 2^retry, its bases kept), capped lower at first. */
export class CappedBackoff implements StandardRetryBackoffStrategy {
  private baseMs = 50;

  constructor(private readonly random: () => number = Math.random) {}

  setDelayBase(delayBase: number): void {
    this.baseMs = delayBase;
  }

  computeNextBackoffDelay(retry: number): number {
    const cap = retry < SHORT_RETRIES ? SHORT_RETRY_DELAY_MS : SDK_MAX_RETRY_DELAY_MS;
    return Math.floor(this.random() * Math.min(this.baseMs * 2 ** retry, cap));
  }
}

/** Whether an outgoing request is a retry, by the attempt header the SDK's retry middleware sets. */
export function isRetry(request: unknown): boolean {
  const headers = (request as { headers?: Record<string, string> } | undefined)?.headers ?? {};
  return !/^attempt=1;/.test(headers["amz-sdk-request"] ?? "attempt=1;");
}

export class PerCallRetryStrategy implements RetryStrategyV2 {
  readonly mode = "standard";
  /** Each token's own strategy, from the call's first token to its last retry. */
  private readonly strategies = new WeakMap<StandardRetryToken, StandardRetryStrategy>();

  /** `maxAttempts`: a number, or a function read for each call (the environment may change between calls). */
  constructor(private readonly maxAttempts: number | (() => number)) {}

  private strategy(): StandardRetryStrategy {
    const maxAttempts = typeof this.maxAttempts === "number" ? this.maxAttempts : this.maxAttempts();
    return new StandardRetryStrategy({ maxAttempts, backoff: new CappedBackoff() });
  }

  async acquireInitialRetryToken(scope: string): Promise<StandardRetryToken> {
    const strategy = this.strategy();
    const token = await strategy.acquireInitialRetryToken(scope);
    this.strategies.set(token, strategy);
    return token;
  }

  async refreshRetryTokenForRetry(
    token: StandardRetryToken,
    errorInfo: RetryErrorInfo,
  ): Promise<StandardRetryToken> {
    const strategy = this.strategies.get(token) ?? this.strategy();
    const next = await strategy.refreshRetryTokenForRetry(token, errorInfo);
    this.strategies.set(next, strategy);
    return next;
  }

  recordSuccess(token: StandardRetryToken): void {
    this.strategies.get(token)?.recordSuccess(token);
  }
}
