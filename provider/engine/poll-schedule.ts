// When to poll an operation Proton runs asynchronously, as pure functions of the time waited so far and how
// long the operation is expected to take. Measured on the reference stack, exponential backoff either
// overshoots the end of a deployment by a third (2 s → 20 s) or polls 20+ times in a 5-minute one; polling
// around an expected end makes about 5 polls with about 5 % overshoot whatever the duration.

/** How long an operation is expected to take, and how much that guess is worth. */
export interface Expectation {
  ms: number;
  /**
   * "history": this resource's own last run of the same operation, or a sibling of the same type that just
   * finished in this process — tight, so polls gather close around the end. "related": a typical duration
   * scaled by the same kind of work seen here (this resource's create for its delete, an environment's
   * deployment for a service's) — off by up to about half or double. "prior": a typical duration with no
   * evidence of its kind — a 30 s deployment may meet a 4-minute prior, so hedge polls start far earlier.
   */
  source: "history" | "related" | "prior";
  /**
   * No work of this operation has been seen yet: the duration is Proton's typical one or the one stated in
   * the settings. Waits of the same operation started together share one probe (cohort.ts) instead of each
   * hedging on its own.
   */
  unseen?: boolean;
  /**
   * Work of seconds on a path of minutes (a template version's registration, which the deployments wait
   * for): polled on BRIEF_FRACTIONS whatever the source, since a late poll costs seconds.
   */
  brief?: boolean;
  /**
   * What the closest measured work took (ms; the environments' deployment, for a service deployed on
   * them): polled at ANCHORED_FRACTIONS of it too, in case this work takes about the same rather than what
   * `ms` scaled it to.
   */
  alsoAtMs?: number;
}

export interface ScheduleLimits {
  /** Never poll sooner than this after the previous poll. */
  minGapMs: number;
  /** Never wait longer than this between polls. */
  maxGapMs: number;
  /** The operation's remaining `timeouts` budget, from the start of the wait: the last poll is exactly here. */
  deadlineMs: number;
}

/**
 * Fractions of the expected duration at which to poll: sparse early, dense around the end, with one poll
 * exactly at it. Proton's own timestamps give the expected duration to the second, so work that takes what
 * it took last time is seen on time, and ±20 % either way at most 10 % late, in 4–5 polls on average.
 */
export const HISTORY_FRACTIONS = [0.75, 0.88, 0.96, 1.0, 1.06, 1.15, 1.27];
/**
 * A related duration (a delete from its create, another stack's deployment) can be off by half or double:
 * polls from half of it, 5–40 % apart, densest around the expected end. An operation that takes what was
 * expected is seen at the 5th poll, on time; half as long, at the 1st; twice as long, at the 11th.
 */
export const RELATED_FRACTIONS = [0.5, 0.7, 0.85, 0.95, 1.0, 1.05, 1.15, 1.27];
/**
 * A bare prior can be 8 times too long (a 30 s first deployment against a 4-minute typical one): polls from
 * 0.15 of it, 20 % apart. Simulated on the reference stack (poll-schedule.test.ts), starting later or spacing
 * wider overshoots a 30 s first deployment by 3–10 s; denser costs more polls at realistic durations.
 */
export const PRIOR_FRACTIONS = [0.15];
/**
 * A registration takes seconds and deployments of minutes follow it: polls at half and at the end, then
 * 20 % further each time. The hedging polls around the end that a deployment needs would save a second or
 * two here, and at 30-minute deployments they made a first `up` in an empty account 1.2 polls per operation
 * dearer (poll-schedule.test.ts).
 */
export const BRIEF_FRACTIONS = [0.5, 1.0];
/** A registration expected from one measured in this run, to the second: one poll at its end. */
export const MEASURED_BRIEF_FRACTIONS = [1.0];
/**
 * Polls around `alsoAtMs`: at it, and 15 % after it in place of the main schedule's polls between the two.
 * Deployments of the same CloudFormation in the same account vary by 10–20 %: with a poll at it alone, a
 * service 6 % slower than its environments was seen at the next poll of its scaled expectation, 27 % after
 * them; now at 15 %, in one poll fewer.
 */
export const ANCHORED_FRACTIONS = { at: 1.0, after: 1.15 };
/** A main poll this little after the second anchored one stands for it. */
const ANCHORED_MERGE = 0.04;
/** Past the last fraction the guess was wrong: polls spread out geometrically, 20 % of the time waited. */
export const TAIL_GROWTH = 1.2;

const FRACTIONS: Record<Expectation["source"], number[]> = {
  history: HISTORY_FRACTIONS,
  related: RELATED_FRACTIONS,
  prior: PRIOR_FRACTIONS,
};

/** The ideal poll time following `elapsedMs` (ms since the operation started) for this expectation. */
export function idealNext(elapsedMs: number, expected: Expectation): number {
  const main = nextOnFractions(elapsedMs, expected);
  if (expected.alsoAtMs === undefined) return main;
  const at = expected.alsoAtMs * ANCHORED_FRACTIONS.at;
  const after = expected.alsoAtMs * ANCHORED_FRACTIONS.after;
  // The main schedule's first poll past the anchored window, where its polls inside the window give way.
  const mainAfter = nextOnFractions(after, expected);
  const next = [main > at && main < after ? mainAfter : main];
  if (at > elapsedMs) next.push(at);
  if (after > elapsedMs && mainAfter > after * (1 + ANCHORED_MERGE)) next.push(after);
  return Math.min(...next);
}

function nextOnFractions(elapsedMs: number, expected: Expectation): number {
  const fractions = !expected.brief
    ? FRACTIONS[expected.source]
    : expected.source === "history"
      ? MEASURED_BRIEF_FRACTIONS
      : BRIEF_FRACTIONS;
  // Work seen to finish at once (a sibling, or a speed, measured as 0 ms) must not stop the tail from
  // growing: at least 1 ms keeps every poll ahead of the previous one.
  const ms = expected.ms >= 1 ? expected.ms : 1;
  for (const f of fractions) {
    const at = f * ms;
    if (at > elapsedMs) return at;
  }
  let at = fractions[fractions.length - 1] * ms;
  while (at <= elapsedMs) at *= TAIL_GROWTH;
  return at;
}

/**
 * When to poll next (ms since the start of the wait), given the time of the previous poll; undefined once the
 * deadline has been polled. The gap is kept within [minGapMs, maxGapMs] and no poll lands past the deadline.
 */
export function nextPollAt(
  previousMs: number,
  expected: Expectation,
  limits: ScheduleLimits,
): number | undefined {
  if (previousMs >= limits.deadlineMs) return undefined;
  const ideal = idealNext(previousMs, expected);
  const gap = Math.min(Math.max(ideal - previousMs, limits.minGapMs), limits.maxGapMs);
  return Math.min(previousMs + Math.max(gap, 1), limits.deadlineMs);
}

/** Every poll time for an operation that never finishes (the whole schedule up to the deadline). */
export function pollTimes(expected: Expectation, limits: ScheduleLimits, firstAt = 0): number[] {
  const times = [firstAt];
  for (let t = nextPollAt(firstAt, expected, limits); t !== undefined; t = nextPollAt(t, expected, limits))
    times.push(t);
  return times;
}

/** How many polls an operation that takes `actualMs` needs before one sees it done, and when that poll is. */
export function pollsUntilDone(
  actualMs: number,
  expected: Expectation,
  limits: ScheduleLimits,
  firstAt = 0,
): { polls: number; seenAt: number | undefined } {
  let polls = 0;
  for (let t: number | undefined = firstAt; t !== undefined; t = nextPollAt(t, expected, limits)) {
    polls++;
    if (t >= actualMs) return { polls, seenAt: t };
  }
  return { polls, seenAt: undefined };
}
