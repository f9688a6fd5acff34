"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CallLog = void 0;
const model_1 = require("../../common/model");
const TARGET_MEMBERS = [
    "name",
    "templateName",
    "majorVersion",
    "minorVersion",
    "serviceName",
    "serviceInstanceName",
    "environmentName",
    "id",
    "resourceArn",
    "clientToken",
    "deploymentType",
];
class CallLog {
    calls = [];
    seq = 0;
    record(operation, input, status, extra = {}) {
        const body = (input && typeof input === "object" ? input : {});
        const target = Object.fromEntries(TARGET_MEMBERS.filter((k) => typeof body[k] === "string").map((k) => [k, body[k]]));
        const call = {
            seq: ++this.seq,
            at: new Date().toISOString(),
            operation,
            mutating: !(0, model_1.isReadOnly)(operation),
            status,
            ...extra,
            ...(Object.keys(target).length ? { target } : {}),
        };
        this.calls.push(call);
        return call;
    }
    list(since = 0, operation) {
        return this.calls.filter((c) => c.seq > since && (!operation || c.operation === operation));
    }
    /** Per operation: calls answered, how many succeeded and how many failed. */
    counts(since = 0) {
        const out = {};
        for (const c of this.list(since)) {
            const entry = (out[c.operation] ??= { total: 0, ok: 0, failed: 0 });
            entry.total++;
            if (c.status < 300)
                entry.ok++;
            else
                entry.failed++;
        }
        return out;
    }
    get lastSeq() {
        return this.seq;
    }
    clear() {
        this.calls = [];
    }
}
exports.CallLog = CallLog;
