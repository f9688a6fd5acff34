import { isRead, RequestBudget, requestRates, TokenBucket } from "./request-budget";

// The budget's turns on jest's fake clock: each call's send time is the fake Date.now() when it is let go.

beforeEach(() => jest.useFakeTimers({ now: 0 }));
afterEach(() => jest.useRealTimers());

/** When each of `calls` (true: a retry) is let go, in ms, once `ms` of fake time have passed. */
async function sendTimes(take: (retry: boolean) => Promise<void>, calls: boolean[], ms = 60_000) {
  const sent = Array<number>(calls.length).fill(NaN);
  calls.forEach((retry, i) => void take(retry).then(() => (sent[i] = Date.now())));
  await jest.advanceTimersByTimeAsync(ms);
  return sent;
}

describe("request budget", () => {
  it("lets a burst of `capacity` calls through at once, then spaces them at the rate", async () => {
    const bucket = new TokenBucket(8, 8);
    const sent = await sendTimes((r) => bucket.take(r), Array<boolean>(24).fill(false));
    expect(sent.slice(0, 8)).toEqual(Array(8).fill(0));
    expect(sent.slice(8)).toEqual(Array.from({ length: 16 }, (_, i) => (i + 1) * 125));
    expect(bucket.waiting()).toBe(0);
    // Idle long enough, the bucket is full again.
    const later = Date.now();
    await bucket.take();
    expect(Date.now()).toBe(later);
  });

  it("200 resources polling at once are spread over 200 / rate seconds, never above the rate", async () => {
    const bucket = new TokenBucket(10, 10);
    const sent = await sendTimes((r) => bucket.take(r), Array<boolean>(200).fill(false));
    expect(Math.max(...sent)).toBe(19_000);
    // At most `rate` sends in any second after the initial burst.
    for (let s = 1; s < 19; s++)
      expect(sent.filter((t) => t >= s * 1000 && t < (s + 1) * 1000).length).toBe(10);
  });

  it("lets a retry go before the first attempts still waiting, at the same rate", async () => {
    const bucket = new TokenBucket(10, 10);
    // 30 first attempts queue up; a retry arrives once the burst has gone.
    const firsts = sendTimes((r) => bucket.take(r), Array<boolean>(30).fill(false));
    let retrySent = NaN;
    void bucket.take(true).then(() => (retrySent = Date.now()));
    const sent = await firsts;
    // Next in line: the first token after the burst, ahead of 20 first attempts.
    expect(retrySent).toBe(100);
    expect(sent.filter((t) => t === 100)).toEqual([]);
    // Still 10 sends a second, the retry included.
    expect(Math.max(...sent)).toBe(2100);
    const all = [...sent, retrySent];
    expect(all.filter((t) => t >= 1000 && t < 2000).length).toBe(10);
  });

  it("gives each operation its own bucket, at the read or the write rate", async () => {
    const budget = new RequestBudget({ reads: 2, writes: 1 });
    expect(await sendTimes((r) => budget.take("GetEnvironment", r), [false, false, false])).toEqual([
      0, 0, 500,
    ]);
    const t = Date.now();
    const other = await sendTimes((r) => budget.take("GetService", r), [false]);
    expect(other).toEqual([t]);
    // 200 deletions at once go out at the write rate instead of all hitting Proton's quota together.
    const deletes = await sendTimes((r) => budget.take("DeleteEnvironment", r), [false, false, false]);
    expect(deletes.map((d) => d - deletes[0])).toEqual([0, 1000, 2000]);
  });

  it("reads are Get and List calls; the rates come from PULUMI_PROTON_READS_PER_SECOND and _WRITES_", () => {
    expect(
      ["GetEnvironment", "ListTagsForResource", "CreateEnvironment", "DeleteService"].map(isRead),
    ).toEqual([true, true, false, false]);
    // Output reads after a deployment settles draw from the same budget as the polls.
    expect(
      ["ListEnvironmentOutputs", "ListServiceInstanceOutputs", "ListServicePipelineOutputs"].every(isRead),
    ).toBe(true);
    expect(requestRates({})).toEqual({ reads: 8, writes: 8 });
    expect(
      requestRates({ PULUMI_PROTON_READS_PER_SECOND: "20", PULUMI_PROTON_WRITES_PER_SECOND: "2.5" }),
    ).toEqual({ reads: 20, writes: 2.5 });
    expect(requestRates({ PULUMI_PROTON_WRITES_PER_SECOND: "0" })).toEqual({ reads: 8, writes: 8 });
  });
});
