"use strict";
// One request budget per provider process for Proton reads (status polls, tag lists, lookups): a token
// bucket per read operation that every resource of the stack draws from (AWS rate quotas are per
// operation), so hundreds of resources waiting at once stay under Proton's request rates instead of being
// throttled and backing off one by one.
Object.defineProperty(exports, "__esModule", { value: true });
exports.isRead = exports.ReadBudget = exports.TokenBucket = void 0;
exports.readsPerSecond = readsPerSecond;
/** A token bucket that hands out send times: a call that finds it empty is told how long to wait. */
class TokenBucket {
    ratePerSecond;
    capacity;
    now;
    tokens;
    updated;
    constructor(ratePerSecond, capacity, now = Date.now) {
        this.ratePerSecond = ratePerSecond;
        this.capacity = capacity;
        this.now = now;
        this.tokens = capacity;
        this.updated = now();
    }
    /** Takes a token and returns the ms to wait before using it (0 when one was there). Reservations queue. */
    reserve() {
        const now = this.now();
        this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updated) / 1000) * this.ratePerSecond);
        this.updated = now;
        this.tokens -= 1;
        return this.tokens >= 0 ? 0 : (-this.tokens / this.ratePerSecond) * 1000;
    }
}
exports.TokenBucket = TokenBucket;
/** The process's read budget: `ratePerSecond` calls per second for each read operation. */
class ReadBudget {
    ratePerSecond;
    now;
    buckets = new Map();
    constructor(ratePerSecond, now = Date.now) {
        this.ratePerSecond = ratePerSecond;
        this.now = now;
    }
    /** The ms to wait before sending one `operation` call (0 for calls that do not read). */
    reserve(operation) {
        if (!(0, exports.isRead)(operation))
            return 0;
        let bucket = this.buckets.get(operation);
        if (!bucket)
            this.buckets.set(operation, (bucket = new TokenBucket(this.ratePerSecond, this.ratePerSecond, this.now)));
        return bucket.reserve();
    }
}
exports.ReadBudget = ReadBudget;
/** Proton operations that only read. */
const isRead = (operation) => /^(Get|List)/.test(operation);
exports.isRead = isRead;
/**
 * Calls per second per read operation for the whole process: PULUMI_PROTON_READS_PER_SECOND, default 8.
 * Proton's quota page lists resource counts only, no request rates; AWS control planes commonly allow
 * 10–20 calls per second per read operation and account, so 8 stays below them with room for other clients.
 */
function readsPerSecond(env = process.env) {
    const n = Number(env.PULUMI_PROTON_READS_PER_SECOND);
    return Number.isFinite(n) && n > 0 ? n : 8;
}
