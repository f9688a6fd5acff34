import { isRead, ReadBudget, readsPerSecond, TokenBucket } from "./read-budget";

describe("read budget", () => {
  it("lets a burst of `capacity` reads through at once, then spaces them at the rate", () => {
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

  it("gives each read operation its own bucket and never delays other calls", () => {
    const budget = new ReadBudget(2, () => 0);
    expect([1, 2, 3].map(() => budget.reserve("GetEnvironment"))).toEqual([0, 0, 500]);
    expect(budget.reserve("GetService")).toBe(0);
    expect([1, 2, 3].map(() => budget.reserve("CreateEnvironment"))).toEqual([0, 0, 0]);
  });

  it("budgets Get and List calls only; the rate comes from PULUMI_PROTON_READS_PER_SECOND", () => {
    expect(
      ["GetEnvironment", "ListTagsForResource", "CreateEnvironment", "DeleteService"].map(isRead),
    ).toEqual([true, true, false, false]);
    // Output reads after a deployment settles draw from the same budget as the polls.
    expect(
      ["ListEnvironmentOutputs", "ListServiceInstanceOutputs", "ListServicePipelineOutputs"].every(isRead),
    ).toBe(true);
    expect(readsPerSecond({})).toBe(8);
    expect(readsPerSecond({ PULUMI_PROTON_READS_PER_SECOND: "20" })).toBe(20);
  });
});
