import { DurationMemory, expectationFor, TYPICAL_MS } from "./expectations";
import { nextPollAt, pollsUntilDone, pollTimes, type Expectation } from "./poll-schedule";
import { pollSettings } from "./wait";

const MINUTE = 60_000;
const limits = (deadlineMs: number, minGapMs = 1000, maxGapMs = 20 * MINUTE) => ({
  minGapMs,
  maxGapMs,
  deadlineMs,
});
/** Actual durations spread around the expected one (lognormal quantiles, sigma 0.15). */
const SPREAD = [0.8, 0.86, 0.91, 0.95, 0.98, 1.0, 1.02, 1.05, 1.1, 1.16, 1.25];
/** Polls after the request (the wait of a just-started operation skips the poll at once). */
const pollsAfterStart = (actualMs: number, e: Expectation, deadlineMs = 2 * 3_600_000) =>
  pollsUntilDone(actualMs, e, limits(deadlineMs), nextPollAt(0, e, limits(deadlineMs)));

describe("poll schedule", () => {
  it.each([30_000, 5 * MINUTE, 10 * MINUTE, 30 * MINUTE])(
    "an operation of %i ms whose last run is known takes at most 8 polls, at most 6 on average, and is seen within 10 %",
    (expectedMs) => {
      const runs = SPREAD.map((r) => pollsAfterStart(expectedMs * r, { ms: expectedMs, source: "history" }));
      const overshoot = runs.map((run, i) => run.seenAt! / (expectedMs * SPREAD[i]) - 1);
      expect(Math.max(...runs.map((r) => r.polls))).toBeLessThanOrEqual(8);
      expect(runs.reduce((sum, r) => sum + r.polls, 0) / runs.length).toBeLessThanOrEqual(6);
      expect(Math.max(...overshoot)).toBeLessThanOrEqual(0.1 + 1e-9);
    },
  );

  it("an operation known only by a typical duration, off by up to half or double, is seen within 20 % in at most 12 polls", () => {
    for (const ratio of [0.5, 0.7, 1, 1.4, 2]) {
      const run = pollsAfterStart(5 * MINUTE * ratio, { ms: 5 * MINUTE, source: "prior" });
      expect(run.polls).toBeLessThanOrEqual(12);
      expect(run.seenAt! / (5 * MINUTE * ratio) - 1).toBeLessThanOrEqual(0.2);
    }
  });

  it.each<[Expectation, number]>([
    [{ ms: 30_000, source: "history" }, 45_000],
    [{ ms: 10 * MINUTE, source: "prior" }, 7 * MINUTE],
    [{ ms: 2000, source: "prior" }, 3_600_000],
  ])("never polls past the deadline, and polls exactly at it last (%j, deadline %i ms)", (e, deadlineMs) => {
    const times = pollTimes(e, limits(deadlineMs));
    expect(times[times.length - 1]).toBe(deadlineMs);
    expect(times.every((t) => t <= deadlineMs)).toBe(true);
    expect(nextPollAt(deadlineMs, e, limits(deadlineMs))).toBeUndefined();
  });

  it("keeps every gap between the minimum and the maximum, and times increasing", () => {
    const times = pollTimes({ ms: 40 * MINUTE, source: "prior" }, limits(3 * 3_600_000, 5000, 10 * MINUTE));
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps.every((g) => g >= 5000 && g <= 10 * MINUTE)).toBe(true);
    const short = pollTimes({ ms: 3000, source: "history" }, limits(60_000, 1000, 2000));
    const shortGaps = short.slice(1).map((t, i) => t - short[i]);
    expect(shortGaps.every((g) => g >= 1000 && g <= 2000)).toBe(true);
  });

  it("past the expected end, spreads polls geometrically instead of polling at the minimum gap", () => {
    const run = pollsAfterStart(10 * MINUTE, { ms: MINUTE, source: "history" });
    expect(run.polls).toBeLessThanOrEqual(20);
    expect(run.seenAt! / (10 * MINUTE) - 1).toBeLessThanOrEqual(0.2);
  });
});

describe("expectations", () => {
  it("trusts the resource's own last run, then a sibling's in this process, then the typical duration", () => {
    const memory = new DurationMemory();
    expect(expectationFor("Environment:create", 42_000, memory)).toEqual({ ms: 42_000, source: "history" });
    expect(expectationFor("Environment:create", undefined, memory)).toEqual({
      ms: TYPICAL_MS["Environment:create"],
      source: "prior",
    });
    memory.record("Environment:create", 31_000, TYPICAL_MS["Environment:create"]);
    expect(expectationFor("Environment:create", undefined, memory)).toEqual({
      ms: 31_000,
      source: "history",
    });
  });

  it("scales typical durations by how fast this Proton has been and by the time scale", () => {
    const memory = new DurationMemory();
    memory.record("EnvironmentTemplateVersion:create", 5000, 10_000);
    expect(expectationFor("Service:create", undefined, memory, 10)).toEqual({
      ms: (TYPICAL_MS["Service:create"] / 10) * 0.5,
      source: "prior",
    });
  });

  it("has no expectation for work Proton answers at once", () => {
    expect(expectationFor("EnvironmentTemplate:create", undefined, new DurationMemory())).toBeUndefined();
  });
});

describe("poll settings", () => {
  it("defaults to the expected schedule; PULUMI_PROTON_POLL_* override it", () => {
    expect(pollSettings({})).toEqual({
      schedule: "expected",
      minGapMs: 1000,
      maxGapMs: 1_200_000,
      timeScale: 1,
    });
    expect(
      pollSettings({ PULUMI_PROTON_POLL_SCHEDULE: "exponential", PULUMI_PROTON_POLL_TIME_SCALE: "10" }),
    ).toEqual({ schedule: "exponential", minGapMs: 500, maxGapMs: 12_000, timeScale: 10 });
    expect(
      pollSettings({ PULUMI_PROTON_POLL_MIN_SECONDS: "1", PULUMI_PROTON_POLL_MAX_SECONDS: "1" }),
    ).toMatchObject({
      minGapMs: 1000,
      maxGapMs: 1000,
    });
    expect(pollSettings({ PULUMI_PROTON_POLL_MIN_SECONDS: "-3" }).minGapMs).toBe(1000);
  });
});
