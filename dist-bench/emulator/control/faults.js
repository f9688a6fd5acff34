"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Faults = void 0;
exports.seeded = seeded;
const errors_1 = require("../protocol/errors");
const backend_1 = require("../service/backend");
const OUTCOME_PHASE = {
    "fail-registration": "registration",
    "fail-deployment": "deployment",
    "fail-deletion": "deletion",
};
const REQUEST_KINDS = new Set(["throttle", "internal", "reset", "latency", "error", "lose-response"]);
/** Small seeded PRNG (mulberry32) so probabilistic faults are reproducible. */
function seeded(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
class Faults {
    seed;
    now;
    faults = [];
    limits = [];
    frozen = new Set();
    nextId = 1;
    random;
    constructor(seed = 1, now = Date.now) {
        this.seed = seed;
        this.now = now;
        this.random = seeded(seed);
    }
    addLimit(spec) {
        if (!(typeof spec.tps === "number" && spec.tps > 0))
            throw new Error("tps must be a number above 0");
        if (spec.burst !== undefined && !(typeof spec.burst === "number" && spec.burst >= 1))
            throw new Error("burst must be a number of at least 1");
        if (spec.operation !== undefined && typeof spec.operation !== "string")
            throw new Error('operation must be an operation name or "*"');
        const limit = { ...spec, id: `limit-${this.nextId++}`, throttled: 0 };
        this.limits.push({ limit, buckets: new Map() });
        return { ...limit };
    }
    listLimits() {
        return this.limits.map((l) => ({ ...l.limit }));
    }
    clearLimits() {
        this.limits = [];
    }
    /** The limit `operation` is over right now, if any; otherwise takes a token from every limit covering it. */
    overLimit(operation) {
        const now = this.now();
        const covering = this.limits.filter((l) => !l.limit.operation || l.limit.operation === "*" || l.limit.operation === operation);
        const buckets = covering.map(({ limit, buckets }) => {
            const capacity = limit.burst ?? limit.tps;
            const bucket = buckets.get(operation) ?? { tokens: capacity, updated: now };
            bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updated) / 1000) * limit.tps);
            bucket.updated = now;
            buckets.set(operation, bucket);
            return { limit, bucket };
        });
        const over = buckets.find((b) => b.bucket.tokens < 1);
        if (over) {
            over.limit.throttled++;
            return over.limit;
        }
        for (const b of buckets)
            b.bucket.tokens -= 1;
        return undefined;
    }
    add(spec) {
        const valid = REQUEST_KINDS.has(spec.kind) || spec.kind in OUTCOME_PHASE;
        if (!valid)
            throw new Error(`unknown fault kind '${spec.kind}'`);
        if (spec.probability !== undefined && !(spec.probability >= 0 && spec.probability <= 1))
            throw new Error("probability must be between 0 and 1");
        if (spec.kind === "error" && (!spec.errorType || !(spec.errorType in errors_1.ERROR_STATUS)))
            throw new Error(`kind 'error' needs an errorType, one of ${Object.keys(errors_1.ERROR_STATUS).join(", ")}`);
        if (spec.kind === "latency" && !(Number(spec.latencyMs) > 0))
            throw new Error("kind 'latency' needs latencyMs > 0");
        const fault = { ...spec, id: String(this.nextId++), hits: 0 };
        if (fault.kind in OUTCOME_PHASE && fault.count === undefined)
            fault.count = 1;
        this.faults.push(fault);
        return fault;
    }
    list() {
        return this.faults.map((f) => ({ ...f }));
    }
    remove(id) {
        const before = this.faults.length;
        this.faults = this.faults.filter((f) => f.id !== id);
        return this.faults.length !== before;
    }
    clear() {
        this.faults = [];
        this.frozen.clear();
        this.random = seeded(this.seed);
    }
    freeze(phases = backend_1.PHASES) {
        for (const p of phases)
            this.frozen.add(p);
    }
    thaw(phases = backend_1.PHASES) {
        for (const p of phases)
            this.frozen.delete(p);
    }
    frozenPhases() {
        return [...this.frozen];
    }
    isFrozen(phase) {
        return this.frozen.has(phase);
    }
    hit(f) {
        if (f.probability !== undefined && this.random() >= f.probability)
            return false;
        f.hits++;
        if (f.count !== undefined && f.hits >= f.count)
            this.remove(f.id);
        return true;
    }
    /** Decides what happens to one API call before it runs. */
    onRequest(operation) {
        const limited = this.overLimit(operation);
        if (limited)
            return {
                action: "error",
                delayMs: 0,
                type: "ThrottlingException",
                message: "Rate exceeded",
                fault: `rate-limit#${limited.id}`,
            };
        let delayMs = 0;
        const delayedBy = [];
        for (const f of [...this.faults]) {
            if (!REQUEST_KINDS.has(f.kind))
                continue;
            if (f.operation && f.operation !== "*" && f.operation !== operation)
                continue;
            if (!this.hit(f))
                continue;
            const fault = `${f.kind}#${f.id}`;
            switch (f.kind) {
                case "latency":
                    delayMs += f.latencyMs ?? 0;
                    delayedBy.push(fault);
                    continue;
                case "reset":
                    return { action: "reset", delayMs, fault };
                case "lose-response":
                    return { action: "continue", delayMs, fault: [...delayedBy, fault].join(","), loseResponse: true };
                case "throttle":
                    return {
                        action: "error",
                        delayMs,
                        type: "ThrottlingException",
                        message: f.message ?? "Rate exceeded",
                        fault,
                    };
                case "internal":
                    return {
                        action: "error",
                        delayMs,
                        type: "InternalServerException",
                        message: f.message ?? "Internal service error",
                        fault,
                    };
                case "error":
                    return {
                        action: "error",
                        delayMs,
                        type: f.errorType,
                        message: f.message ?? `Injected ${f.errorType}`,
                        fault,
                    };
            }
        }
        return { action: "continue", delayMs, ...(delayedBy.length ? { fault: delayedBy.join(",") } : {}) };
    }
    takeFailure(phase, resource) {
        for (const f of [...this.faults]) {
            if (!(f.kind in OUTCOME_PHASE) || OUTCOME_PHASE[f.kind] !== phase)
                continue;
            if (f.resource && f.resource !== resource)
                continue;
            if (!this.hit(f))
                continue;
            return f.message ?? `Injected ${phase} failure`;
        }
        return undefined;
    }
}
exports.Faults = Faults;
