import { expect } from "@jest/globals";
import {
  DurationMemory,
  expectationFor,
  needsAccountHistory,
  TYPICAL_MS,
  type ExpectationContext,
} from "./expectations";
import { nextPollAt, pollsUntilDone, pollTimes, type Expectation } from "./poll-schedule";
import { observedMs, pollSettings } from "./wait";

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

  it.each(["history", "related"] as const)(
    "an operation that takes exactly what was expected (%s) is seen on time, in at most 5 polls",
    (source) => {
      for (const ms of [30_000, 6 * MINUTE, 30 * MINUTE]) {
        const run = pollsAfterStart(ms, { ms, source });
        expect(run.seenAt).toBe(ms);
        expect(run.polls).toBeLessThanOrEqual(5);
      }
    },
  );

  it("an operation expected from related work, off by up to half or double, is seen within 20 % in at most 14 polls", () => {
    for (const ratio of [0.5, 0.7, 1, 1.4, 2]) {
      const run = pollsAfterStart(5 * MINUTE * ratio, { ms: 5 * MINUTE, source: "related" });
      expect(run.polls).toBeLessThanOrEqual(14);
      expect(run.seenAt! / (5 * MINUTE * ratio) - 1).toBeLessThanOrEqual(0.2);
    }
  });

  it("an operation known only by a bare prior, 8 times too long to twice too short, is seen within 20 % in at most 16 polls", () => {
    for (const ratio of [0.125, 0.25, 0.5, 1, 2]) {
      const run = pollsAfterStart(4 * MINUTE * ratio, { ms: 4 * MINUTE, source: "prior" });
      expect(run.polls).toBeLessThanOrEqual(16);
      expect(run.seenAt! / (4 * MINUTE * ratio) - 1).toBeLessThanOrEqual(0.2);
    }
  });

  it("a first deployment on the bare prior, anywhere from 30 s to 30 min, is seen 10 % late on average in 12 polls", () => {
    // Log-uniform over the range: nothing says where a first deployment in a fresh account falls. The
    // trade-off is fixed by the range: 6 polls would leave it 23 % late on average, 10 % needs 12.
    const actuals = Array.from({ length: 200 }, (_, i) => 30_000 * Math.pow(60, i / 199));
    const runs = actuals.map((ms) => pollsAfterStart(ms, { ms: 4 * MINUTE, source: "prior" }));
    const late = runs.map((r, i) => r.seenAt! / actuals[i] - 1);
    expect(runs.reduce((sum, r) => sum + r.polls, 0) / runs.length).toBeLessThanOrEqual(12);
    expect(late.reduce((a, b) => a + b, 0) / late.length).toBeLessThanOrEqual(0.1);
    expect(Math.max(...late)).toBeLessThanOrEqual(0.2 + 1e-9);
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

  it("an expectation of 0 ms (work seen to finish at once) still schedules every poll after the previous one", () => {
    for (const source of ["history", "related", "prior"] as const) {
      const times = pollTimes({ ms: 0, source }, limits(60_000, 10, 20_000));
      expect(times.length).toBeGreaterThan(2);
      expect(times.slice(1).every((t, i) => t > times[i])).toBe(true);
      expect(times[times.length - 1]).toBe(60_000);
    }
  });

  it("polls brief work (a registration) at half and at the end of its expected duration, then 20 % further each time", () => {
    const brief: Expectation = { ms: 10_000, source: "related", brief: true };
    expect(pollTimes(brief, limits(21_000)).map(Math.round)).toEqual([
      0, 5000, 10_000, 12_000, 14_400, 17_280, 20_736, 21_000,
    ]);
    // Known to the second from a registration measured here: one poll at its end, then 20 % further.
    const measured: Expectation = { ...brief, source: "history" };
    expect(pollsAfterStart(10_000, measured)).toEqual({ polls: 1, seenAt: 10_000 });
    expect(pollTimes(measured, limits(15_000)).map(Math.round)).toEqual([0, 10_000, 12_000, 14_400, 15_000]);
  });

  it("polls at the duration of the closest measured work and 15 % after it, in place of the polls between", () => {
    // A service expected at the typical 6 : 4 of its environments' 30 s, which took 30 s themselves.
    const service: Expectation = { ms: 45_000, source: "related", alsoAtMs: 30_000 };
    expect(pollsAfterStart(30_000, service)).toEqual({ polls: 2, seenAt: 30_000 });
    // 0.7 of 45 s (31.5 s) gives way to 34.5 s; then the related schedule goes on (0.85 of 45 s).
    expect(pollTimes(service, limits(46_000)).slice(0, 5).map(Math.round)).toEqual([
      0, 22_500, 30_000, 34_500, 38_250,
    ]);
    // A service 6 % slower than its environments is seen 15 % after them, not 27 %, in fewer polls.
    expect(pollsAfterStart(31_800, service)).toEqual({ polls: 3, seenAt: 34_500 });
    // Before the first fraction, it is simply the first poll.
    expect(pollTimes({ ...service, alsoAtMs: 10_000 }, limits(46_000, 1000)).slice(1, 4)).toEqual([
      10_000, 11_500, 22_500,
    ]);
    // A poll of the main schedule just after the second stands for it: measured 37 s, 15 % after is
    // 42.55 s, and 0.95 of 45 s (42.75 s) is polled instead; 0.85 of 45 s (38.25 s) gives way.
    expect(pollTimes({ ...service, alsoAtMs: 37_000 }, limits(60_000)).map(Math.round)).toEqual([
      0, 22_500, 31_500, 37_000, 42_750, 45_000, 47_250, 51_750, 57_150, 60_000,
    ]);
    // At a fraction (up to the deadline, before its window ends), or out of reach (0, not a number, past
    // the deadline): the schedule is the plain one.
    const plain = pollTimes({ ms: 45_000, source: "related" }, limits(46_000));
    for (const alsoAtMs of [45_000, 0, NaN, -5, 90_000])
      expect(pollTimes({ ...service, alsoAtMs }, limits(46_000))).toEqual(plain);
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
    expect(expectationFor("Environment:create", { create: 42_000 }, memory)).toEqual({
      ms: 42_000,
      source: "history",
      basis: "its last create",
    });
    expect(expectationFor("Environment:update", { create: 42_000 }, memory)).toEqual({
      ms: 42_000,
      source: "history",
      basis: "its create",
    });
    expect(expectationFor("Environment:create", {}, memory)).toEqual({
      ms: TYPICAL_MS["Environment:create"],
      source: "prior",
      unseen: true,
      basis: "Proton's typical",
    });
    memory.record("Environment:create", 31_000, TYPICAL_MS["Environment:create"]);
    expect(expectationFor("Environment:create", {}, memory)).toEqual({
      ms: 31_000,
      source: "history",
      basis: "the last of its kind in this run",
    });
  });

  it("marks registrations as first deployments are marked while only the typical duration is known: such waits started together share one probe", () => {
    const memory = new DurationMemory();
    expect(expectationFor("EnvironmentTemplateVersion:create", {}, memory)).toEqual({
      ms: TYPICAL_MS["EnvironmentTemplateVersion:create"],
      source: "related",
      unseen: true,
      brief: true,
      basis: "Proton's typical",
    });
    memory.record("EnvironmentTemplateVersion:create", 6000, TYPICAL_MS["EnvironmentTemplateVersion:create"]);
    // The other template's registrations go by the speed seen, on their own schedule.
    expect(expectationFor("ServiceTemplateVersion:create", {}, memory)).toEqual({
      ms: 6000,
      source: "history",
      brief: true,
      basis: "typical, at this run's registration speed",
    });
    // Whatever the source, a registration is polled at half and at its end.
    expect(expectationFor("EnvironmentTemplateVersion:create", {}, memory)).toMatchObject({
      source: "history",
      brief: true,
    });
    memory.record("EnvironmentTemplateVersion:delete", 3000, undefined);
    expect(expectationFor("EnvironmentTemplateVersion:delete", {}, memory)).not.toHaveProperty("brief");
  });

  it("expects a delete from this resource's own create, scaled by the typical ratio of the two", () => {
    expect(expectationFor("Service:delete", { create: 30_000 }, new DurationMemory())).toEqual({
      ms: (30_000 * TYPICAL_MS["Service:delete"]) / TYPICAL_MS["Service:create"],
      source: "related",
      basis: "its create, scaled",
    });
  });

  it("scales typical durations by the speed of the same kind of work, else of any work, and by the time scale", () => {
    const memory = new DurationMemory();
    expect(expectationFor("Service:create", {}, memory, { timeScale: 10 })).toEqual({
      ms: TYPICAL_MS["Service:create"] / 10,
      source: "prior",
      unseen: true,
      basis: "Proton's typical",
    });
    memory.record("EnvironmentTemplateVersion:create", 800, 1000);
    expect(expectationFor("Service:create", {}, memory, { timeScale: 10 })).toEqual({
      ms: (TYPICAL_MS["Service:create"] / 10) * 0.8,
      source: "prior",
      unseen: true,
      basis: "Proton's typical, at this run's speed",
    });
    memory.record("Environment:create", 3000, 24_000);
    expect(expectationFor("Service:create", {}, memory, { timeScale: 10 })).toEqual({
      ms: (TYPICAL_MS["Service:create"] / 10) * 0.125,
      source: "related",
      alsoAtMs: 3000,
      basis: "typical, at this run's deployment speed",
    });
    // A delete expected from the deployments' speed gets no extra poll at a deployment's duration.
    expect(expectationFor("Service:delete", {}, memory, { timeScale: 10 })).not.toHaveProperty("alsoAtMs");
    // Work answered at once, a component, or a deployment that failed, moves no anchor.
    memory.record("Repository:create", 40, undefined);
    memory.record("Component:create", 500, undefined);
    memory.record("Environment:update", 700, 18_000, false);
    expect(expectationFor("Service:create", {}, memory, { timeScale: 10 })).toMatchObject({ alsoAtMs: 3000 });
    memory.record("Environment:update", 2500, 18_000);
    expect(expectationFor("Service:create", {}, memory, { timeScale: 10 })).toMatchObject({ alsoAtMs: 2500 });
  });

  it("never lengthens a first deployment's prior by registrations slower than typical", () => {
    const memory = new DurationMemory();
    memory.record("EnvironmentTemplateVersion:create", 20_000, 10_000);
    expect(expectationFor("Environment:create", {}, memory)).toEqual({
      ms: TYPICAL_MS["Environment:create"],
      source: "prior",
      unseen: true,
      basis: "Proton's typical",
    });
    // Faster than typical, they shorten it by a quarter at most: a first deployment in an empty account
    // must still reach 30 minutes on the walk within the poll budget.
    const fast = new DurationMemory();
    fast.record("EnvironmentTemplateVersion:create", 2500, 10_000);
    expect(expectationFor("Environment:create", {}, fast)).toMatchObject({
      ms: TYPICAL_MS["Environment:create"] * 0.75,
      source: "prior",
    });
    // Registrations take what the others took, whatever their speed against the typical one.
    expect(expectationFor("ServiceTemplateVersion:create", {}, memory)).toEqual({
      ms: 20_000,
      source: "history",
      brief: true,
      basis: "typical, at this run's registration speed",
    });
  });

  it("expects a first deployment from the account's recent ones of its kind, after anything this stack knows", () => {
    const account = { "Environment:create": 50_000 };
    const memory = new DurationMemory();
    expect(expectationFor("Environment:create", {}, memory, { timeScale: 10, account: account })).toEqual({
      ms: 50_000,
      source: "related",
      basis: "the account's recent deployments",
    });
    // Proton timed the account's deployments: no time scale applies to them, nor to other kinds.
    expect(expectationFor("Service:create", {}, memory, { timeScale: 10, account: account })).toEqual({
      ms: TYPICAL_MS["Service:create"] / 10,
      source: "prior",
      unseen: true,
      basis: "Proton's typical",
    });
    expect(
      expectationFor("Environment:delete", { create: 40_000 }, memory, { timeScale: 1, account: account }),
    ).toEqual({
      ms: (40_000 * TYPICAL_MS["Environment:delete"]) / TYPICAL_MS["Environment:create"],
      source: "related",
      basis: "its create, scaled",
    });
    memory.record("Environment:create", 31_000, TYPICAL_MS["Environment:create"]);
    expect(expectationFor("Environment:create", {}, memory, { timeScale: 1, account: account })).toEqual({
      ms: 31_000,
      source: "history",
      basis: "the last of its kind in this run",
    });
  });

  it("reads the account's history for a deployment nothing closer tells about, even after other kinds of work", () => {
    const memory = new DurationMemory();
    expect(needsAccountHistory("Environment:create", {}, memory)).toBe(true);
    memory.record("Environment:create", 30_000, TYPICAL_MS["Environment:create"]);
    // The environments' speed is another kind of target: the account's services say more about a service.
    expect(needsAccountHistory("Service:create", {}, memory)).toBe(true);
    expect(
      expectationFor("Service:create", {}, memory, { timeScale: 1, account: { "Service:create": 40_000 } }),
    ).toEqual({
      ms: 40_000,
      source: "related",
      basis: "the account's recent deployments",
    });
    expect(needsAccountHistory("Environment:create", {}, memory)).toBe(false);
    expect(needsAccountHistory("Service:update", { create: 30_000 }, memory)).toBe(false);
    // Deletions and registrations leave no deployment record to learn from.
    expect(needsAccountHistory("Service:delete", {}, memory)).toBe(false);
    expect(needsAccountHistory("ServiceTemplateVersion:create", {}, memory)).toBe(false);
  });

  it("takes a stated deployment duration where it would take the bare prior, and nowhere else", () => {
    const stated = { statedDeploymentMs: 1_800_000, timeScale: 60 };
    const memory = new DurationMemory();
    // Scaled like the typical durations: proton-local running 60 times faster.
    expect(expectationFor("Environment:create", {}, memory, stated)).toEqual({
      ms: 30_000,
      source: "related",
      unseen: true,
      basis: "PULUMI_PROTON_POLL_EXPECTED_DEPLOYMENT_SECONDS",
    });
    expect(expectationFor("Service:update", {}, memory, stated)).toMatchObject({ ms: 30_000 });
    // Registrations and deletions are not deployments; anything measured says more than what is stated.
    expect(expectationFor("EnvironmentTemplateVersion:create", {}, memory, stated)).toMatchObject({
      ms: TYPICAL_MS["EnvironmentTemplateVersion:create"] / 60,
    });
    expect(expectationFor("Environment:delete", {}, memory, stated)).toEqual({
      ms: TYPICAL_MS["Environment:delete"] / 60,
      source: "prior",
      unseen: true,
      basis: "Proton's typical",
    });
    expect(expectationFor("Environment:create", { create: 20_000 }, memory, stated)).toMatchObject({
      ms: 20_000,
    });
    expect(
      expectationFor("Environment:create", {}, memory, {
        ...stated,
        account: { "Environment:create": 25_000 },
      }),
    ).toMatchObject({ ms: 25_000 });
    memory.record("Environment:create", 10_000, TYPICAL_MS["Environment:create"] / 60);
    expect(expectationFor("Service:create", {}, memory, stated)).toEqual({
      ms: (TYPICAL_MS["Service:create"] / 60) * (10_000 / (TYPICAL_MS["Environment:create"] / 60)),
      source: "related",
      alsoAtMs: 10_000,
      basis: "typical, at this run's deployment speed",
    });
  });

  it("has no expectation for work Proton answers at once", () => {
    expect(expectationFor("EnvironmentTemplate:create", {}, new DurationMemory())).toBeUndefined();
  });
});

describe("observed durations", () => {
  it("takes Proton's record of the work when it ended by the poll that saw it done, else the midpoint of two polls", () => {
    expect(observedMs(29_000, 20_000, 31_000)).toBe(29_000);
    // Request time and clocks: a record up to a second longer than the wait is still this work's.
    expect(observedMs(31_800, 20_000, 31_000)).toBe(31_800);
    // Longer than the wait: an earlier deployment's record (an update that started none).
    expect(observedMs(90_000, 0, 0)).toBe(0);
    expect(observedMs(90_000, 20_000, 31_000)).toBe(25_500);
    expect(observedMs(undefined, 20_000, 31_000)).toBe(25_500);
    expect(observedMs(undefined, 4_000, 4_000)).toBe(4_000);
  });
});

describe("poll settings", () => {
  it("defaults to the expected schedule; PULUMI_PROTON_POLL_* override it", () => {
    expect(pollSettings({})).toEqual({
      schedule: "expected",
      minGapMs: 1000,
      maxGapMs: 1_800_000,
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
    expect(pollSettings({ PULUMI_PROTON_POLL_EXPECTED_DEPLOYMENT_SECONDS: "1800" })).toMatchObject({
      statedDeploymentMs: 1_800_000,
    });
    for (const bad of ["0", "-5", "half an hour"])
      expect(pollSettings({ PULUMI_PROTON_POLL_EXPECTED_DEPLOYMENT_SECONDS: bad })).not.toHaveProperty(
        "statedDeploymentMs",
      );
  });
});

/**
 * The reference stack (examples/platform) on virtual time, through the real expectations and schedule: a
 * first `up` with no history (the environment template's version registers, then the service template's
 * alongside the two environments' deployments, then the service deploys), an update of the service, and a
 * `destroy` in a new provider process that has only the resources' own recorded durations. `context`: the
 * account's history and the stated deployment duration, as wait.ts passes them.
 */
function referenceStack(
  registrationMs: number,
  deploymentMs: number,
  deletionMs: number,
  timeScale: number,
  context: Omit<ExpectationContext, "timeScale"> = {},
  draw: () => number = () => 1,
) {
  // The provider's default gaps (pollSettings), divided by the time scale as it divides them.
  const lim = limits(2 * 3_600_000, 1000 / timeScale, 1_800_000 / timeScale);
  /**
   * One wave of waits started together, as wait.ts runs them: the first poll at the expected schedule, each
   * duration recorded when its wait ends. Waits of one wave see what the others record only afterwards,
   * except that work known only by its typical duration follows the first of its operation (cohort.ts): it
   * polls when that one is seen done, then expects what that one took.
   */
  const wave = (
    memory: DurationMemory,
    ops: { key: string; actualMs: number; own?: Record<string, number> }[],
    atOnce = false,
  ) => {
    const probes = new Map<string, { seenAt: number; ms: number }>();
    const done = ops.map(({ key, actualMs, own = {} }) => {
      let expected: Expectation = expectationFor(key, own, memory, { ...context, timeScale })!;
      const shared = !atOnce && expected.unseen;
      let at = atOnce ? 0 : nextPollAt(0, expected, lim)!;
      const probe = shared ? probes.get(key) : undefined;
      if (probe) [at, expected] = [probe.seenAt, { ms: probe.ms, source: "history" }];
      let previous = 0;
      let polls = 1;
      while (at < actualMs) {
        previous = at;
        at = nextPollAt(at, expected, lim)!;
        polls++;
      }
      // Deployments and registrations are timed by Proton's own timestamps; deletions between two polls.
      const exact = /:(create|update)$/.test(key);
      const ms = exact ? actualMs : polls > 1 ? (previous + at) / 2 : at;
      if (shared && !probes.has(key)) probes.set(key, { seenAt: at, ms });
      return { key, polls, seenAt: at, ms };
    });
    for (const w of done) memory.record(w.key, w.ms, TYPICAL_MS[w.key] / timeScale);
    return done;
  };
  const up = new DurationMemory();
  // The service template's version names the environment template's major version it is compatible with:
  // it registers once that one has, alongside the environments.
  const [envTemplate] = wave(up, [{ key: "EnvironmentTemplateVersion:create", actualMs: registrationMs }]);
  const [svcTemplate, ...envs] = wave(up, [
    { key: "ServiceTemplateVersion:create", actualMs: registrationMs },
    ...[1, 2].map(() => ({ key: "Environment:create", actualMs: deploymentMs * draw() })),
  ]);
  const [svc] = wave(up, [{ key: "Service:create", actualMs: deploymentMs * draw() }]);
  const upPolls = [envTemplate, svcTemplate, ...envs, svc].map((w) => w.polls);
  const envsSeenAt = Math.max(...envs.map((e) => e.seenAt));
  const upWall = envTemplate.seenAt + Math.max(envsSeenAt, svcTemplate.seenAt) + svc.seenAt;
  const upBound = registrationMs + Math.max(...envs.map((e) => e.ms)) + svc.ms;
  const [update] = wave(
    up,
    [{ key: "Service:update", actualMs: deploymentMs, own: { create: svc.ms } }],
    true,
  );
  const down = new DurationMemory();
  const [svcDelete] = wave(down, [{ key: "Service:delete", actualMs: deletionMs, own: { create: svc.ms } }]);
  const envDeletes = wave(
    down,
    envs.map((e) => ({ key: "Environment:delete", actualMs: deletionMs, own: { create: e.ms } })),
  );
  const destroyPolls = [svcDelete, ...envDeletes].map((w) => w.polls);
  if (process.env.SIM_DEBUG)
    console.log(JSON.stringify([envTemplate, svcTemplate, ...envs, svc, update, svcDelete, ...envDeletes]));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    up: {
      overshoot: upWall / upBound - 1,
      polls: mean(upPolls),
      max: Math.max(...upPolls),
    },
    update: { overshoot: update.seenAt / deploymentMs - 1, polls: update.polls },
    destroy: {
      overshoot: (svcDelete.seenAt + envDeletes[0].seenAt) / (2 * deletionMs) - 1,
      polls: mean(destroyPolls),
    },
  };
}

/** An account whose other stacks' environments and services deployed in `ms` (as Proton timed them). */
const accountDeploying = (ms: number) => ({
  "Environment:create": ms,
  "Environment:update": ms,
  "Service:create": ms,
  "Service:update": ms,
});

describe("the reference stack on virtual time", () => {
  // The last two figures bound the first `up` in a fresh account: polls per operation and overshoot of the
  // critical path. At 30 minutes its first environment walks the bare prior for 23 polls (20 % apart from
  // 36 s): a first deployment in an empty account may take 30 s or 30 minutes, and polling it sparser
  // would leave it later than the wall-time target allows at 6 minutes. The registrations (2 polls for
  // the first, 1 for the second, expected from it), the second environment (1) and the service (2) make up
  // for it.
  it.each([
    ["30 s deployments", 5000, 30_000, 15_000, 1, 1.4, 0.04],
    // A registration slower than typical leaves the first deployment's prior alone: first polled at 36 s (57 %
    // over when the registration's speed doubled the prior).
    ["30 s deployments after 20 s registrations", 20_000, 30_000, 15_000, 1, 2.2, 0.09],
    ["6-minute deployments run 12 times faster", 10_000 / 12, 30_000, 20_000, 12, 4, 0.04],
    ["10-minute deployments run 20 times faster", 10_000 / 20, 30_000, 20_000, 20, 4.6, 0.06],
    ["30-minute deployments run 60 times faster", 10_000 / 60, 30_000, 20_000, 60, 5.8, 0.06],
  ])(
    "%s: a first up, an update and a destroy",
    (_name, registrationMs, deploymentMs, deletionMs, scale, upPolls, upOvershoot) => {
      const r = referenceStack(registrationMs, deploymentMs, deletionMs, scale);
      if (process.env.SIM_DEBUG) console.log(_name, JSON.stringify(r));
      expect(r.up.overshoot).toBeLessThanOrEqual(upOvershoot);
      expect(r.update).toMatchObject({ overshoot: expect.any(Number), polls: expect.any(Number) });
      // The update expects what the create took, to the second (Proton's timestamps): seen on time.
      expect(r.update.overshoot).toBeLessThanOrEqual(0.01);
      expect(r.update.polls).toBeLessThanOrEqual(6);
      expect(r.destroy.overshoot).toBeLessThanOrEqual(0.1);
      expect(r.destroy.polls).toBeLessThanOrEqual(8);
      // The first `up` in a fresh account: the first environment walks the bare prior's schedule (14 polls
      // at 6 minutes) and the second follows it (1 poll).
      expect(r.up.polls).toBeLessThanOrEqual(upPolls);
    },
  );

  it("a first up in an empty account meets both targets at any deployment duration from 30 s to 30 minutes", () => {
    // Registrations at Proton's typical 10 s (the 30 s bench case registers in 5 s), run faster by the
    // same factor as the deployments. Nothing in an empty account says where in the range they fall: 120
    // durations spread evenly on a log scale, the worst overshoot 9.9 % (at 19 minutes), the most polls 5.8
    // (from 28 minutes).
    for (const minutes of Array.from({ length: 120 }, (_, i) => 0.5 * Math.pow(60, i / 119))) {
      const scale = minutes * 2;
      const r = referenceStack(10_000 / scale, 30_000, 20_000, scale);
      if (process.env.SIM_DEBUG) console.log(minutes, JSON.stringify(r.up));
      expect({ minutes, polls: r.up.polls <= 6, overshoot: r.up.overshoot <= 0.1 }).toEqual({
        minutes,
        polls: true,
        overshoot: true,
      });
    }
  });

  it.each([
    ["30 s deployments", 5000, 30_000, 15_000, 1],
    ["6-minute deployments run 12 times faster", 10_000 / 12, 30_000, 20_000, 12],
    ["30-minute deployments run 60 times faster", 10_000 / 60, 30_000, 20_000, 60],
  ])(
    "%s, in an account where another stack deployed the same way: a first up meets 6 polls per operation",
    (_name, registrationMs, deploymentMs, deletionMs, scale) => {
      const r = referenceStack(registrationMs, deploymentMs, deletionMs, scale, {
        account: accountDeploying(deploymentMs),
      });
      if (process.env.SIM_DEBUG) console.log(_name, JSON.stringify(r));
      // Every wait on the critical path expects its work to the second: the up ends on time.
      expect(r.up.overshoot).toBeLessThanOrEqual(0.01);
      expect(r.up.polls).toBeLessThanOrEqual(6);
      expect(r.up.max).toBeLessThanOrEqual(8);
    },
  );

  it.each([
    ["6-minute deployments run 12 times faster", 10_000 / 12, 12],
    ["30-minute deployments run 60 times faster", 10_000 / 60, 60],
  ])(
    "%s, in an empty account with the deployments' duration stated, half or double: a first up meets 6 polls per operation",
    (_name, registrationMs, scale) => {
      for (const stated of [0.5, 1, 2]) {
        // Stated in real time, as PULUMI_PROTON_POLL_EXPECTED_DEPLOYMENT_SECONDS is.
        const statedDeploymentMs = 30_000 * scale * stated;
        const r = referenceStack(registrationMs, 30_000, 20_000, scale, { statedDeploymentMs });
        if (process.env.SIM_DEBUG) console.log(_name, stated, JSON.stringify(r));
        expect(r.up.polls).toBeLessThanOrEqual(6);
        expect(r.up.overshoot).toBeLessThanOrEqual(0.08);
        // Stated right, the first environment is seen on time in 5 polls and the second follows it.
        if (stated === 1) expect(r.up).toMatchObject({ overshoot: expect.any(Number), max: 5 });
      }
    },
  );

  // The sweep above registers in Proton's typical 10 s. At 30 minutes its first environment's walk takes 23
  // polls, 20 % apart from 36 s, which leaves 7 for the four other operations; a sparser walk would leave
  // some first deployment more than 10 % late. Registrations off typical cost a poll or two (polls after the
  // typical end, or a bare prior shortened by fast registrations), or are seen a poll late. These are the
  // worst figures over the same 120 durations, and the first duration that misses a target (none at 5 s,
  // the bench's short case). The schedule before this one missed at 42–73 of the 120 durations at every
  // registration time, with up to 8.4 polls per operation and 12.6 % late.
  it.each([
    [5, 6.0, 0.099, Infinity],
    [6, 6.2, 0.133, 0.55],
    [8, 6.0, 0.106, 0.7],
    [12, 6.2, 0.103, 1.5],
    [15, 6.4, 0.111, 0.5],
    [20, 6.6, 0.1, 19.1],
  ])(
    "registrations of %i s: a first up in an empty account makes at most %f polls per operation and ends at most %f late",
    (registrationS, polls, overshoot, firstMissMinutes) => {
      let worst = { polls: 0, overshoot: 0 };
      let firstMiss = Infinity;
      for (const minutes of Array.from({ length: 120 }, (_, i) => 0.5 * Math.pow(60, i / 119))) {
        const scale = minutes * 2;
        const { up } = referenceStack((registrationS * 1000) / scale, 30_000, 20_000, scale);
        worst = {
          polls: Math.max(worst.polls, up.polls),
          overshoot: Math.max(worst.overshoot, up.overshoot),
        };
        if (up.polls > 6 || up.overshoot > 0.1) firstMiss = Math.min(firstMiss, minutes);
      }
      if (process.env.SIM_DEBUG) console.log(registrationS, JSON.stringify({ worst, firstMiss }));
      expect(worst.polls).toBeLessThanOrEqual(polls + 1e-9);
      expect(worst.overshoot).toBeLessThanOrEqual(overshoot);
      expect(firstMiss).toBeGreaterThanOrEqual(firstMissMinutes);
    },
  );

  /**
   * Durations drawn the way Proton's vary (lognormal, sigma 0.15 around the nominal, each deployment its
   * own), from a fixed seed so the figures repeat. The targets above hold for durations that repeat to the
   * second, as proton-local's do; these are what a real account can expect on average.
   */
  function spreadStack(
    registrationMs: number,
    scale: number,
    context: Omit<ExpectationContext, "timeScale">,
  ) {
    let seed = 20_261_130;
    const uniform = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
    const lognormal = () =>
      Math.exp(0.15 * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
    const runs = Array.from({ length: 400 }, () =>
      referenceStack(registrationMs, 30_000, 20_000, scale, context, lognormal),
    );
    const mean = (pick: (r: (typeof runs)[number]) => number) =>
      runs.reduce((a, r) => a + pick(r), 0) / runs.length;
    return { overshoot: mean((r) => r.up.overshoot), polls: mean((r) => r.up.polls) };
  }

  // Measured means: in a lived-in account both targets hold at every duration. In an empty one the first
  // up ends 8.7–9.3 % after its critical path (9.3–10.0 % with a single poll at the environments'
  // duration for the service); at 30 minutes its first environment's walk on the bare prior (23 polls),
  // and the second environment and the service taking longer than the first, make 6.1 polls per operation.
  it.each([
    ["30 s deployments", 5000, 1, 1.8, 0.09],
    ["6-minute deployments run 12 times faster", 10_000 / 12, 12, 4.4, 0.095],
    ["30-minute deployments run 60 times faster", 10_000 / 60, 60, 6.2, 0.095],
  ])(
    "%s that vary like Proton's: the first up's mean figures",
    (_name, registrationMs, scale, freshPolls, freshOvershoot) => {
      const lived = spreadStack(registrationMs, scale, { account: accountDeploying(30_000) });
      const fresh = spreadStack(registrationMs, scale, {});
      if (process.env.SIM_DEBUG) console.log(_name, JSON.stringify({ fresh, lived }));
      expect(lived.polls).toBeLessThanOrEqual(6);
      expect(lived.overshoot).toBeLessThanOrEqual(0.06);
      expect(fresh.polls).toBeLessThanOrEqual(freshPolls);
      expect(fresh.overshoot).toBeLessThanOrEqual(freshOvershoot);
    },
  );
});
