"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ProtonLocalControl = void 0;
/** A client for proton-local's control plane, for tests, benchmarks and scripts. */
class ProtonLocalControl {
    base;
    constructor(endpoint) {
        this.base = `${endpoint.replace(/\/+$/, "")}/_proton-local`;
    }
    async call(method, path, body) {
        const res = await fetch(`${this.base}${path}`, {
            method,
            headers: body === undefined ? {} : { "content-type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const json = (await res.json());
        if (!res.ok)
            throw new Error(`proton-local control ${method} ${path}: ${json.error ?? res.status}`);
        return json;
    }
    health() {
        return this.call("GET", "/health");
    }
    reset() {
        return this.call("POST", "/reset");
    }
    state() {
        return this.call("GET", "/state");
    }
    calls(options = {}) {
        const q = new URLSearchParams();
        if (options.since)
            q.set("since", String(options.since));
        if (options.operation)
            q.set("operation", options.operation);
        const qs = q.toString();
        return this.call("GET", `/calls${qs ? `?${qs}` : ""}`);
    }
    clearCalls() {
        return this.call("DELETE", "/calls");
    }
    addFault(spec) {
        return this.call("POST", "/faults", spec);
    }
    faults() {
        return this.call("GET", "/faults");
    }
    removeFault(id) {
        return this.call("DELETE", `/faults/${encodeURIComponent(id)}`);
    }
    clearFaults() {
        return this.call("DELETE", "/faults");
    }
    addLimit(spec) {
        return this.call("POST", "/limits", spec);
    }
    limits() {
        return this.call("GET", "/limits");
    }
    clearLimits() {
        return this.call("DELETE", "/limits");
    }
    freeze(phases) {
        return this.call("POST", "/freeze", { phases });
    }
    thaw(phases) {
        return this.call("POST", "/thaw", { phases });
    }
    clock() {
        return this.call("GET", "/clock");
    }
    advanceClock(advance) {
        return this.call("POST", "/clock", { advance });
    }
    durations() {
        return this.call("GET", "/durations");
    }
    /** Plays the Git provider: `commitId` on `branch` of `repository`, with its whole tree (`files` or `folder`). */
    gitPush(push) {
        return this.call("POST", "/git/push", push);
    }
    setDurations(durations) {
        return this.call("PUT", "/durations", durations);
    }
    /** What a deployment rendered: by `deployment` id, or the latest of `environment`, `component`, `service`+`instance` or `service`+`pipeline: "true"`. */
    rendered(query) {
        return this.call("GET", `/rendered?${new URLSearchParams(query).toString()}`);
    }
}
exports.ProtonLocalControl = ProtonLocalControl;
