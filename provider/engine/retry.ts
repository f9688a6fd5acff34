import { StandardRetryStrategy } from "@smithy/util-retry";
import type { RetryErrorInfo, RetryStrategyV2, StandardRetryToken } from "@smithy/types";

// The SDK's standard retry mode, call by call. StandardRetryStrategy also keeps a retry capacity for the
// whole client: a circuit breaker of 500 tokens, 5 per throttled retry and 14 per other retry, refilled
// by successes, after which every call fails at its first error. It suits a service that should shed
// load; here one client serves every resource of a stack, and a destroy of 200 resources throttled
// together emptied it within seconds: 137 of them failed with ThrottlingException after one or two
// attempts. Each call now gets a StandardRetryStrategy of its own: the SDK's attempts, exponential
// backoff with jitter, throttling delays and retry-after hints, with no breaker shared between calls.
// The request budget (request-budget.ts) keeps calls under Proton's rates, so throttling stays rare.

export class PerCallRetryStrategy implements RetryStrategyV2 {
  readonly mode = "standard";
  /** Each token's own strategy, from the call's first token to its last retry. */
  private readonly strategies = new WeakMap<StandardRetryToken, StandardRetryStrategy>();

  constructor(private readonly maxAttempts: number) {}

  async acquireInitialRetryToken(scope: string): Promise<StandardRetryToken> {
    const strategy = new StandardRetryStrategy(this.maxAttempts);
    const token = await strategy.acquireInitialRetryToken(scope);
    this.strategies.set(token, strategy);
    return token;
  }

  async refreshRetryTokenForRetry(
    token: StandardRetryToken,
    errorInfo: RetryErrorInfo,
  ): Promise<StandardRetryToken> {
    const strategy = this.strategies.get(token) ?? new StandardRetryStrategy(this.maxAttempts);
    const next = await strategy.refreshRetryTokenForRetry(token, errorInfo);
    this.strategies.set(next, strategy);
    return next;
  }

  recordSuccess(token: StandardRetryToken): void {
    this.strategies.get(token)?.recordSuccess(token);
  }
}
