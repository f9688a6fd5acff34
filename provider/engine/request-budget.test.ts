import { isRead, RequestBudget, requestRates, TokenBucket } from "./request-budget";

describe("request budget", () => {
  it("lets a burst of `capacity` calls through at once, then spaces them at the rate", () => {
    let now = 0;
    const bucket = new TokenBucket(8, 8, () => now);
    const waits = Array.from({ length: 24 }, () => bucket.reserve());
    expect(waits.slice(0, 8)).toEqual(Array(8).fill(0));
    expect(waits.slice(8).map((w) => Math.round(w))).toEqual(
      Array.from({ length: 16 }, (_, i) => (i + 1) * 125),
    );
    now = 10_000;
    expect(bucket.reserve()).toBe(0);
  });

  it("200 resources polling at once are spread over 200 / rate seconds, never above the rate", () => {
    const bucket = new TokenBucket(10, 10, () => 0);
    const waits = Array.from({ length: 200 }, () => bucket.reserve());
    expect(Math.max(...waits)).toBeCloseTo(19_000);
    // At most `rate` sends in any second after the initial burst.
    for (let s = 1; s < 19; s++)
      expect(waits.filter((w) => w >= s * 1000 && w < (s + 1) * 1000).length).toBe(10);
  });

  it("gives each operation its own bucket, at the read or the write rate", () => {
    const budget = new RequestBudget({ reads: 2, writes: 1 }, () => 0);
    expect([1, 2, 3].map(() => budget.reserve("GetEnvironment"))).toEqual([0, 0, 500]);
    expect(budget.reserve("GetService")).toBe(0);
    // 200 deletions at once go out at the write rate instead of all hitting Proton's quota together.
    expect([1, 2, 3].map(() => budget.reserve("DeleteEnvironment"))).toEqual([0, 1000, 2000]);
    expect(budget.reserve("DeleteService")).toBe(0);
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
