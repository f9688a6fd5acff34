"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.WaitFailed = exports.WaitTimeout = exports.observedDurations = void 0;
exports.pollSettings = pollSettings;
exports.waitFor = waitFor;
const util_waiter_1 = require("@smithy/util-waiter");
const duration_1 = require("../../common/duration");
const expectations_1 = require("./expectations");
const poll_schedule_1 = require("./poll-schedule");
const positive = (raw) => {
    const n = Number(raw);
    return raw !== undefined && raw !== "" && Number.isFinite(n) && n > 0 ? n : undefined;
};
function pollSettings(env = process.env) {
    const schedule = env.PULUMI_PROTON_POLL_SCHEDULE === "exponential" ? "exponential" : "expected";
    const timeScale = positive(env.PULUMI_PROTON_POLL_TIME_SCALE) ?? 1;
    // Defaults: the expected schedule never polls more often than every second nor less often than every 20 minutes;
    // the exponential one is the AWS SDK waiters' (5 s doubling up to 120 s).
    const [minDefault, maxDefault] = schedule === "expected" ? [1, 1200] : [5, 120];
    const min = positive(env.PULUMI_PROTON_POLL_MIN_SECONDS) ?? minDefault / timeScale;
    const max = positive(env.PULUMI_PROTON_POLL_MAX_SECONDS) ?? maxDefault / timeScale;
    return { schedule, minGapMs: min * 1000, maxGapMs: Math.max(min, max) * 1000, timeScale };
}
/** Durations this provider process has observed, shared by every resource it serves. */
exports.observedDurations = new expectations_1.DurationMemory();
class WaitTimeout extends Error {
}
exports.WaitTimeout = WaitTimeout;
class WaitFailed extends Error {
}
exports.WaitFailed = WaitFailed;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Polls `poll` until it reports done or failed, or `timeoutMs` passes. Returns the done value; throws
 * WaitFailed (with Proton's status message) or WaitTimeout (with the last status seen).
 */
async function waitFor(client, what, goal, timeoutMs, poll, plan = {}) {
    const started = Date.now();
    const settings = pollSettings();
    let last;
    let polls = 0;
    let previousPoll = 0;
    const check = async () => {
        const at = Date.now() - started;
        last = await poll();
        polls++;
        if (last.state === "pending" && polls > 1)
            console.log(`${what}: ${last.status}, waiting for ${goal} (${(0, duration_1.formatDuration)(Date.now() - started)})`);
        if (last.state !== "pending" && plan.key && plan.justStarted) {
            // The work ended between the previous poll and this one.
            const ms = polls > 1 ? (previousPoll + at) / 2 : at;
            const typical = expectations_1.TYPICAL_MS[plan.key];
            exports.observedDurations.record(plan.key, ms, typical && typical / settings.timeScale);
            if (last.state === "done")
                plan.observe?.(ms);
        }
        previousPoll = at;
        return last;
    };
    if (settings.schedule === "exponential") {
        const minDelay = settings.minGapMs / 1000;
        await (0, util_waiter_1.createWaiter)({
            client,
            maxWaitTime: Math.max(timeoutMs / 1000, minDelay + 0.001),
            minDelay,
            maxDelay: settings.maxGapMs / 1000,
        }, undefined, async () => {
            const s = await check();
            return {
                state: s.state === "done"
                    ? util_waiter_1.WaiterState.SUCCESS
                    : s.state === "failed"
                        ? util_waiter_1.WaiterState.FAILURE
                        : util_waiter_1.WaiterState.RETRY,
            };
        });
    }
    else {
        const expected = () => (plan.key && (0, expectations_1.expectationFor)(plan.key, plan.ownMs, exports.observedDurations, settings.timeScale)) || {
            // Work usually done at once: a short backoff after the immediate poll.
            ms: 2000 / settings.timeScale,
            source: "prior",
        };
        const limits = { minGapMs: settings.minGapMs, maxGapMs: settings.maxGapMs, deadlineMs: timeoutMs };
        // Why no jitter: under fan-out the slowest branch sets the wall time, and the shared read budget
        // (client.ts) already spreads bursts of polls.
        const known = plan.key && (0, expectations_1.expectationFor)(plan.key, plan.ownMs, exports.observedDurations, settings.timeScale);
        let at = plan.justStarted && !plan.pollAtOnce && known ? (0, poll_schedule_1.nextPollAt)(0, known, limits) : 0;
        while (at !== undefined) {
            await sleep(Math.max(0, started + at - Date.now()));
            if ((await check()).state !== "pending")
                break;
            at = (0, poll_schedule_1.nextPollAt)(Math.max(at, Date.now() - started), expected(), limits);
        }
    }
    if (last?.state === "done")
        return last.value;
    if (last?.state === "failed")
        throw new WaitFailed(`${what}: ${last.message}`);
    throw new WaitTimeout(`${what}: timed out after ${(0, duration_1.formatDuration)(Date.now() - started)} waiting for ${goal} ` +
        `(last status ${last?.state === "pending" ? last.status : "unknown"}). ` +
        "Raise the resource's `timeouts` argument if Proton needs longer.");
}
