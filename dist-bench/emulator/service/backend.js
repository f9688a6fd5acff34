"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.copyTags = exports.Backend = exports.DEFAULT_DURATIONS = exports.PHASES = void 0;
exports.paramsHash = paramsHash;
const node_crypto_1 = require("node:crypto");
const model_1 = require("../../common/model");
const clock_1 = require("./clock");
const state_1 = require("./state");
exports.PHASES = ["registration", "deployment", "deletion", "cancellation"];
exports.DEFAULT_DURATIONS = {
    registrationMs: 1000,
    deploymentMs: 2000,
    deletionMs: 1000,
    cancellationMs: 500,
};
const noOutcomes = { takeFailure: () => undefined, isFrozen: () => false };
/** The Proton service model: state plus the clock, identity and timing every operation shares. */
class Backend {
    options;
    state = (0, state_1.emptyState)();
    clock = new clock_1.Clock();
    outcomes = noOutcomes;
    constructor(options) {
        this.options = options;
    }
    now() {
        return this.clock.now();
    }
    arn(resource) {
        const { partition = "aws", region, accountId } = this.options;
        return `arn:${partition}:proton:${region}:${accountId}:${resource}`;
    }
    uuid() {
        return (0, node_crypto_1.randomUUID)();
    }
    /** Schedules async work of the given phase; a failure injected for `resource` is decided now. */
    schedule(kind, phase, resource) {
        const ms = {
            registration: this.options.durations.registrationMs,
            deployment: this.options.durations.deploymentMs,
            deletion: this.options.durations.deletionMs,
            cancellation: this.options.durations.cancellationMs,
        }[phase];
        const failWith = this.outcomes.takeFailure(phase, resource);
        return { kind, dueAt: this.now() + ms, ...(failWith !== undefined ? { failWith } : {}) };
    }
    isDue(pending, phase, now) {
        return pending !== undefined && pending.dueAt <= now && !this.outcomes.isFrozen(phase);
    }
    reset() {
        this.state = (0, state_1.emptyState)();
    }
}
exports.Backend = Backend;
/** Stable hash of request parameters (key order does not matter), for idempotency checks. */
function paramsHash(params, ignore = []) {
    const picked = Object.fromEntries(Object.entries(params).filter(([k]) => !ignore.includes(k)));
    return (0, node_crypto_1.createHash)("sha256").update((0, model_1.canonicalJson)(picked)).digest("hex");
}
const copyTags = (tags) => (tags ?? []).map((t) => ({ key: t.key, value: t.value }));
exports.copyTags = copyTags;
