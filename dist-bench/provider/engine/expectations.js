"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DurationMemory = exports.TYPICAL_MS = void 0;
exports.expectationFor = expectationFor;
// How long an asynchronous Proton operation is expected to take, in order of trust: this resource's own last
// run of it (kept in its outputs), a resource of the same type that finished the same operation in this
// provider process (one process serves the whole stack), then a typical duration scaled by how fast this
// Proton has been so far in this process.
/** Typical durations of Proton's asynchronous work (template registration, CloudFormation-backed deployments). */
exports.TYPICAL_MS = {
    "EnvironmentTemplateVersion:create": 10_000,
    "ServiceTemplateVersion:create": 10_000,
    "Environment:create": 4 * 60_000,
    "Environment:update": 3 * 60_000,
    "Environment:delete": 3 * 60_000,
    "Service:create": 6 * 60_000,
    "Service:update": 5 * 60_000,
    "Service:delete": 4 * 60_000,
};
/** What this process has seen: the last duration per operation, and observed ÷ typical for each. */
class DurationMemory {
    last = new Map();
    speeds = [];
    record(key, ms, typicalMs) {
        this.last.set(key, ms);
        if (typicalMs)
            this.speeds.push(ms / typicalMs);
    }
    lastOf(key) {
        return this.last.get(key);
    }
    /** The median of observed ÷ typical so far (1 when nothing finished yet). */
    speed() {
        if (!this.speeds.length)
            return 1;
        const sorted = [...this.speeds].sort((a, b) => a - b);
        return sorted[Math.floor(sorted.length / 2)];
    }
}
exports.DurationMemory = DurationMemory;
/**
 * The expectation for operation `key` ("Environment:create"); undefined when Proton usually answers such
 * work at once (templates, connections), which is then polled right away. `timeScale` divides typical
 * durations, for rehearsals against proton-local running Proton's durations faster by the same factor.
 */
function expectationFor(key, own, memory, timeScale = 1) {
    if (own !== undefined && own > 0)
        return { ms: own, source: "history" };
    const sibling = memory.lastOf(key);
    if (sibling !== undefined)
        return { ms: sibling, source: "history" };
    const typical = exports.TYPICAL_MS[key];
    if (typical === undefined)
        return undefined;
    return { ms: (typical / timeScale) * memory.speed(), source: "prior" };
}
