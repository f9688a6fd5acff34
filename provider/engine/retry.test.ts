import { MAX_ATTEMPTS, maxAttempts } from "./client";
import { CappedBackoff, isRetry, SHORT_RETRIES, SHORT_RETRY_DELAY_MS } from "./retry";

describe("retry backoff", () => {
  // The largest delay each retry may draw: full jitter, so the random draw of 1 gives the bound.
  const bounds = (base: number) => {
    const backoff = new CappedBackoff(() => 0.999999);
    backoff.setDelayBase(base);
    return Array.from({ length: 15 }, (_, retry) =>
      Math.round(backoff.computeNextBackoffDelay(retry) / 1000),
    );
  };

  it("keeps the SDK's throttling base (1 s doubling) but caps the first 8 retries at 3 s, later ones at 20 s", () => {
    expect(bounds(1000)).toEqual([1, 2, 3, 3, 3, 3, 3, 3, 20, 20, 20, 20, 20, 20, 20]);
    expect(SHORT_RETRIES).toBe(8);
    expect(SHORT_RETRY_DELAY_MS).toBe(3000);
  });

  it("keeps full jitter: a draw of 0 retries at once", () => {
    const backoff = new CappedBackoff(() => 0);
    backoff.setDelayBase(1000);
    expect([0, 5, 10].map((r) => backoff.computeNextBackoffDelay(r))).toEqual([0, 0, 0]);
  });

  it("a call throttled 8 times running sleeps at most 21 s in all (the SDK's backoff: up to 91 s)", () => {
    const worst = new CappedBackoff(() => 0.999999);
    worst.setDelayBase(1000);
    const slept = Array.from({ length: 8 }, (_, r) => worst.computeNextBackoffDelay(r)).reduce(
      (a, b) => a + b,
    );
    expect(slept).toBeLessThanOrEqual(21_000);
  });

  it("tells a retry from a first attempt by the SDK's attempt header", () => {
    expect(isRetry({ headers: { "amz-sdk-request": "attempt=1; max=16" } })).toBe(false);
    expect(isRetry({ headers: { "amz-sdk-request": "attempt=2; max=16" } })).toBe(true);
    expect(isRetry({ headers: {} })).toBe(false);
    expect(isRetry(undefined)).toBe(false);
  });
});

describe("attempts per call", () => {
  it("are 16, or the SDK's own AWS_MAX_ATTEMPTS when it is a whole number of at least 1", () => {
    expect(maxAttempts({})).toBe(MAX_ATTEMPTS);
    expect(MAX_ATTEMPTS).toBe(16);
    expect(maxAttempts({ AWS_MAX_ATTEMPTS: "3" })).toBe(3);
    for (const bad of ["", "0", "2.5", "many"])
      expect(maxAttempts({ AWS_MAX_ATTEMPTS: bad })).toBe(MAX_ATTEMPTS);
  });
});
