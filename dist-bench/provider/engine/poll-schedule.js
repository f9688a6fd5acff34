"use strict";
// When to poll an operation Proton runs asynchronously, as pure functions of the time waited so far and how
// long the operation is expected to take. Measured on the reference stack, exponential backoff either
// overshoots the end of a deployment by a third (2 s → 20 s) or polls 20+ times in a 5-minute one; polling
// around an expected end makes about 5 polls with about 5 % overshoot whatever the duration.
Object.defineProperty(exports, "__esModule", { value: true });
exports.TAIL_GROWTH = exports.PRIOR_FRACTIONS = exports.HISTORY_FRACTIONS = void 0;
exports.idealNext = idealNext;
exports.nextPollAt = nextPollAt;
exports.pollTimes = pollTimes;
exports.pollsUntilDone = pollsUntilDone;
/** Fractions of the expected duration at which to poll: sparse early, dense around the end. */
exports.HISTORY_FRACTIONS = [0.75, 0.88, 0.96, 1.03, 1.1, 1.18, 1.27];
/** A typical duration can be off by half or double: two hedge polls before the dense part. */
exports.PRIOR_FRACTIONS = [0.35, 0.55, ...exports.HISTORY_FRACTIONS];
/** Past the last fraction the guess was wrong: polls spread out geometrically, 20 % of the time waited. */
exports.TAIL_GROWTH = 1.2;
/** The ideal poll time following `elapsedMs` (ms since the operation started) for this expectation. */
function idealNext(elapsedMs, expected) {
    const fractions = expected.source === "history" ? exports.HISTORY_FRACTIONS : exports.PRIOR_FRACTIONS;
    for (const f of fractions) {
        const at = f * expected.ms;
        if (at > elapsedMs)
            return at;
    }
    let at = fractions[fractions.length - 1] * expected.ms;
    while (at <= elapsedMs)
        at *= exports.TAIL_GROWTH;
    return at;
}
/**
 * When to poll next (ms since the start of the wait), given the time of the previous poll; undefined once the
 * deadline has been polled. The gap is kept within [minGapMs, maxGapMs] and no poll lands past the deadline.
 */
function nextPollAt(previousMs, expected, limits) {
    if (previousMs >= limits.deadlineMs)
        return undefined;
    const ideal = idealNext(previousMs, expected);
    const gap = Math.min(Math.max(ideal - previousMs, limits.minGapMs), limits.maxGapMs);
    return Math.min(previousMs + Math.max(gap, 1), limits.deadlineMs);
}
/** Every poll time for an operation that never finishes (the whole schedule up to the deadline). */
function pollTimes(expected, limits, firstAt = 0) {
    const times = [firstAt];
    for (let t = nextPollAt(firstAt, expected, limits); t !== undefined; t = nextPollAt(t, expected, limits))
        times.push(t);
    return times;
}
/** How many polls an operation that takes `actualMs` needs before one sees it done, and when that poll is. */
function pollsUntilDone(actualMs, expected, limits, firstAt = 0) {
    let polls = 0;
    for (let t = firstAt; t !== undefined; t = nextPollAt(t, expected, limits)) {
        polls++;
        if (t >= actualMs)
            return { polls, seenAt: t };
    }
    return { polls, seenAt: undefined };
}
