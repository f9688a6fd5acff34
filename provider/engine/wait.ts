import { createWaiter, WaiterState } from "@smithy/util-waiter";
import type { ProtonClient } from "@aws-sdk/client-proton";
import { formatDuration } from "../../common/duration";
import { isThrottled } from "./errors";
import { progress } from "./log";
import { accountHistory, type AccountDurations } from "./account-history";
import { Cohorts } from "./cohort";
import { DurationMemory, expectationFor, needsAccountHistory, TYPICAL_MS } from "./expectations";
import { nextPollAt, type Expectation } from "./poll-schedule";
import { positiveSetting } from "./settings";

// Waiting for Proton's async work, with one progress line per poll because dynamic providers get no engine
// timeouts. By default polls are placed around the operation's expected end (poll-schedule.ts); the SDK's
// waiter (@smithy/util-waiter) computes its own exponential delays with no way to plug in another delay
// function, so it serves only the `exponential` schedule kept for comparison and as an override.

export type Settled<T> =
  | { state: "done"; value: T }
  | { state: "failed"; value: T; message: string }
  | { state: "pending"; status: string };

/**
 * Settings from the environment: PULUMI_PROTON_POLL_SCHEDULE, _MIN_SECONDS, _MAX_SECONDS, _TIME_SCALE,
 * _EXPECTED_DEPLOYMENT_SECONDS.
 */
export interface PollSettings {
  schedule: "expected" | "exponential";
  /** Shortest gap between polls (expected) or the first delay (exponential), in ms. */
  minGapMs: number;
  /** Longest gap between polls, in ms. */
  maxGapMs: number;
  /** Divides typical and stated durations and default gaps: proton-local running Proton's N times faster. */
  timeScale: number;
  /** What a deployment nothing else tells about is expected to take, in ms (undefined: Proton's typical ones). */
  statedDeploymentMs?: number;
}

export function pollSettings(env: NodeJS.ProcessEnv = process.env): PollSettings {
  const schedule = env.PULUMI_PROTON_POLL_SCHEDULE === "exponential" ? "exponential" : "expected";
  const timeScale = positiveSetting(env.PULUMI_PROTON_POLL_TIME_SCALE) ?? 1;
  // Defaults: the expected schedule never polls more often than every second nor less often than every 30 minutes;
  // the exponential one is the AWS SDK waiters' (5 s doubling up to 120 s).
  const [minDefault, maxDefault] = schedule === "expected" ? [1, 1800] : [5, 120];
  const min = positiveSetting(env.PULUMI_PROTON_POLL_MIN_SECONDS) ?? minDefault / timeScale;
  const max = positiveSetting(env.PULUMI_PROTON_POLL_MAX_SECONDS) ?? maxDefault / timeScale;
  const stated = positiveSetting(env.PULUMI_PROTON_POLL_EXPECTED_DEPLOYMENT_SECONDS);
  return {
    schedule,
    minGapMs: min * 1000,
    maxGapMs: Math.max(min, max) * 1000,
    timeScale,
    ...(stated === undefined ? {} : { statedDeploymentMs: stated * 1000 }),
  };
}

/** Durations this provider process has observed, shared by every resource it serves. */
export const observedDurations = new DurationMemory();
/** First work of each operation in flight in this process, deployments and registrations (cohort.ts). */
export const firstOfKind = new Cohorts();

/** What a wait knows about the work it waits for. */
export interface WaitPlan<T = unknown> {
  /** The operation, as "<type>:<create|update|delete>", whose duration to expect and to record. */
  key?: string;
  /** This resource's own last duration of each operation ("create", "update", "delete"), in ms. */
  own?: Partial<Record<string, number>>;
  /** The operation was just requested: the wait measures its duration. */
  justStarted?: boolean;
  /** Poll at once even so (an update may have started no async work at all). */
  pollAtOnce?: boolean;
  /** Receives the observed duration when the wait ends with the work done. */
  observe?: (ms: number) => void;
  /** The duration Proton recorded for the work, read from the done value (exact, unlike two polls' midpoint). */
  tookMs?: (value: T) => number | undefined;
}

/**
 * What the work took: Proton's record when it is about this wait's work (it ended by the poll that saw it
 * done, give or take a second of clock and request time), else the midpoint between the last two polls.
 */
export function observedMs(recordedMs: number | undefined, previousPollMs: number, seenAtMs: number): number {
  if (recordedMs !== undefined && recordedMs > 0 && recordedMs <= seenAtMs + 1000) return recordedMs;
  return previousPollMs < seenAtMs ? (previousPollMs + seenAtMs) / 2 : seenAtMs;
}

export class WaitTimeout extends Error {}
export class WaitFailed extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Settles when `event` does or after `ms`, whichever comes first, leaving no timer behind. */
async function until(event: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([event, new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))))]);
  clearTimeout(timer);
}

/**
 * Polls `poll` until it reports done or failed, or `timeoutMs` passes. Returns the done value; throws
 * WaitFailed (with Proton's status message) or WaitTimeout (with the last status seen).
 */
export async function waitFor<T>(
  client: ProtonClient,
  what: string,
  goal: string,
  timeoutMs: number,
  poll: () => Promise<Settled<T>>,
  plan: WaitPlan<T> = {},
): Promise<T> {
  const started = Date.now();
  const settings = pollSettings();
  const pendingLine = (status: string) =>
    `${what}: ${status}, waiting for ${goal} (${formatDuration(Date.now() - started)})`;
  let last: Settled<T> | undefined;
  let polls = 0;
  let previousPoll = 0;
  const check = async (): Promise<Settled<T>> => {
    const at = Date.now() - started;
    last = await poll().catch((e: unknown): Settled<T> => {
      // Throttled past the SDK's retries: the work goes on in Proton, so the wait polls again on its
      // schedule until its deadline instead of failing the resource.
      if (!isThrottled(e)) throw e;
      return { state: "pending", status: "throttled" };
    });
    polls++;
    if (last.state !== "pending" && plan.key && plan.justStarted) {
      // The work ended between the previous poll and this one.
      const recorded = last.state === "done" ? plan.tookMs?.(last.value) : undefined;
      const ms = observedMs(recorded, polls > 1 ? previousPoll : at, at);
      const typical = TYPICAL_MS[plan.key];
      observedDurations.record(plan.key, ms, typical && typical / settings.timeScale, last.state === "done");
      if (last.state === "done") plan.observe?.(ms);
    }
    previousPoll = at;
    return last;
  };

  if (settings.schedule === "exponential") {
    const minDelay = settings.minGapMs / 1000;
    await createWaiter(
      {
        client,
        maxWaitTime: Math.max(timeoutMs / 1000, minDelay + 0.001),
        minDelay,
        maxDelay: settings.maxGapMs / 1000,
      },
      undefined,
      async () => {
        const s = await check();
        if (s.state === "pending") progress(pendingLine(s.status));
        return {
          state:
            s.state === "done"
              ? WaiterState.SUCCESS
              : s.state === "failed"
                ? WaiterState.FAILURE
                : WaiterState.RETRY,
        };
      },
    );
  } else {
    const expectation = (account?: AccountDurations) =>
      plan.key
        ? expectationFor(plan.key, plan.own ?? {}, observedDurations, {
            timeScale: settings.timeScale,
            account,
            statedDeploymentMs: settings.statedDeploymentMs,
          })
        : undefined;
    // Nothing closer than Proton's typical duration or another kind of work in this process: the account's
    // recent deployments of this kind are a far better guess, for one call per process.
    const account =
      plan.key && needsAccountHistory(plan.key, plan.own ?? {}, observedDurations)
        ? await accountHistory(client)
        : undefined;
    const expected = (): Expectation =>
      expectation(account) ?? {
        // Work usually done at once: a short backoff after the immediate poll.
        ms: 2000 / settings.timeScale,
        source: "prior",
      };
    const limits = { minGapMs: settings.minGapMs, maxGapMs: settings.maxGapMs, deadlineMs: timeoutMs };
    // Why no jitter: under fan-out the slowest branch sets the wall time, and the shared request budget
    // (client.ts) already spreads bursts of polls.
    const known = expectation(account);
    let at: number | undefined =
      plan.justStarted && !plan.pollAtOnce && known ? nextPollAt(0, known, limits) : 0;
    // No work of this operation seen yet: the same operation started before this one's first poll is
    // probed once for all of them.
    const cohort =
      plan.key && at !== undefined && at > 0 && known?.unseen ? firstOfKind.join(plan.key, at) : undefined;
    // Said once a wait starts and after each poll, so a quiet stretch of minutes reads as planned.
    const nextCheck = (next: number | undefined) =>
      next === undefined ? "" : `; next check in ${formatDuration(Math.max(0, started + next - Date.now()))}`;
    try {
      if (cohort?.follow) {
        progress(`${what}: waiting for ${goal}, polled when the first of its kind started with it ends`);
        await until(cohort.follow, timeoutMs - (Date.now() - started));
        at = Math.min(Date.now() - started, timeoutMs);
      } else if (known && at !== undefined && at > 0) {
        progress(
          `${what}: waiting for ${goal}, expected to take about ${formatDuration(known.ms)} ` +
            `(${known.basis})${nextCheck(at)}`,
        );
      }
      while (at !== undefined) {
        await sleep(Math.max(0, started + at - Date.now()));
        const seen = await check();
        if (seen.state !== "pending") break;
        at = nextPollAt(Math.max(at, Date.now() - started), expected(), limits);
        progress(`${pendingLine(seen.status)}${nextCheck(at)}`);
      }
    } finally {
      cohort?.end();
    }
  }
  if (last?.state === "done") return last.value;
  if (last?.state === "failed") throw new WaitFailed(`${what}: ${last.message}`);
  throw new WaitTimeout(
    `${what}: timed out after ${formatDuration(Date.now() - started)} waiting for ${goal} ` +
      `(last status ${last?.state === "pending" ? last.status : "unknown"}). ` +
      "Raise the resource's `timeouts` argument if Proton needs longer.",
  );
}
