"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ControlError = exports.CONTROL_PREFIX = void 0;
exports.handleControl = handleControl;
const duration_1 = require("../../common/duration");
const backend_1 = require("../service/backend");
const git_1 = require("../service/git");
const deployment_history_1 = require("../service/deployment-history");
const index_1 = require("../service/index");
const push_1 = require("../service/push");
// The control plane, served under CONTROL_PREFIX on the API port. JSON in, JSON out.
//   GET  /health                       liveness and the endpoint
//   POST /reset                        empty state, call log, faults, frozen phases and clock offset
//   GET  /state                        the whole state (after applying due async work)
//   GET  /calls?since=N&operation=Op   the call log and per-operation counts; DELETE clears it
//   GET|POST|DELETE /faults            list, add (FaultSpec) or clear faults (which re-seeds probabilistic
//                                      faults); DELETE /faults/<id> removes one
//   GET|POST|DELETE /limits            list, add ({operation?, tps, burst?}: a per-operation request rate, over
//                                      which calls are throttled) or clear rate limits
//   POST /freeze, /thaw                {phases?: ["registration","deployment","deletion","cancellation"]}
//   GET|POST /clock                    read, or {advance: "8h" | ms}
//   GET|PUT /durations                 async durations in ms (registrationMs, deploymentMs, deletionMs, cancellationMs)
//   POST /git/push                     a commit on a branch of a repository (see emulator/service/git.ts), then
//                                      the template syncs tracking that branch
//   GET  /rendered?environment=E | ?service=S&instance=I | ?service=S&pipeline=true | ?component=C
//        | ?deployment=ID              what a deployment rendered (the resource's latest unless an id is
//                                      given): files (Terraform: the provisioning-repository files), outputs
//                                      and provisioned resources
exports.CONTROL_PREFIX = "/_proton-local";
class ControlError extends Error {
    status;
    constructor(status, message) {
        super(message);
        this.status = status;
    }
}
exports.ControlError = ControlError;
/** Reads a duration member; a typo must be an error, never a silent no-op. */
function durationOf(body, key, example) {
    const raw = body[key];
    const ms = typeof raw === "string" || typeof raw === "number" ? (0, duration_1.parseDuration)(raw) : undefined;
    if (ms === undefined)
        throw new ControlError(400, `${key} must be a duration such as ${example} or milliseconds`);
    return ms;
}
function phasesOf(body) {
    const { phases } = body;
    if (phases === undefined)
        return undefined;
    if (!Array.isArray(phases) || !phases.every((p) => backend_1.PHASES.includes(p)))
        throw new ControlError(400, `phases must be a list of ${backend_1.PHASES.join(", ")}`);
    return phases;
}
function handleControl(ctx, method, url, body) {
    const path = url.pathname.slice(exports.CONTROL_PREFIX.length).replace(/\/+$/, "") || "/";
    const route = `${method} ${path}`;
    const { backend, calls, faults } = ctx;
    switch (route) {
        case "GET /health":
            return { ok: true, endpoint: ctx.endpoint() };
        case "POST /reset":
            backend.reset();
            backend.clock.offsetMs = 0;
            calls.clear();
            faults.clear();
            faults.clearLimits();
            ctx.persist();
            return { ok: true };
        case "GET /state":
            (0, index_1.progress)(backend);
            return { clock: { now: backend.now(), offsetMs: backend.clock.offsetMs }, state: backend.state };
        case "GET /calls": {
            const since = Number(url.searchParams.get("since") ?? 0);
            const operation = url.searchParams.get("operation") ?? undefined;
            return { lastSeq: calls.lastSeq, calls: calls.list(since, operation), counts: calls.counts(since) };
        }
        case "DELETE /calls":
            calls.clear();
            return { ok: true };
        case "GET /faults":
            return { faults: faults.list(), frozen: faults.frozenPhases() };
        case "POST /faults":
            try {
                return faults.add(body);
            }
            catch (e) {
                throw new ControlError(400, e.message);
            }
        case "DELETE /faults":
            faults.clear();
            return { ok: true };
        case "GET /limits":
            return { limits: faults.listLimits() };
        case "POST /limits":
            try {
                return faults.addLimit(body);
            }
            catch (e) {
                throw new ControlError(400, e.message);
            }
        case "DELETE /limits":
            faults.clearLimits();
            return { ok: true };
        case "POST /freeze":
            faults.freeze(phasesOf(body));
            return { frozen: faults.frozenPhases() };
        case "POST /thaw":
            faults.thaw(phasesOf(body));
            return { frozen: faults.frozenPhases() };
        case "GET /clock":
            return { now: backend.now(), offsetMs: backend.clock.offsetMs };
        case "POST /clock": {
            backend.clock.advance(durationOf(body, "advance", '"8h"'));
            ctx.persist();
            return { now: backend.now(), offsetMs: backend.clock.offsetMs };
        }
        case "POST /git/push": {
            (0, index_1.progress)(backend);
            let result;
            try {
                result = (0, push_1.receivePush)(backend, body);
            }
            catch (e) {
                if (e instanceof git_1.PushError)
                    throw new ControlError(400, e.message);
                throw e;
            }
            ctx.persist();
            return result;
        }
        case "GET /rendered":
            (0, index_1.progress)(backend);
            try {
                return (0, deployment_history_1.renderedFiles)(backend, Object.fromEntries(url.searchParams));
            }
            catch (e) {
                throw new ControlError(404, e.message);
            }
        case "GET /durations":
            return backend.options.durations;
        case "PUT /durations": {
            const durations = backend.options.durations;
            const unknown = Object.keys(body).filter((k) => !(k in durations));
            if (unknown.length)
                throw new ControlError(400, `unknown durations ${unknown.join(", ")}; known: ${Object.keys(durations).join(", ")}`);
            const next = { ...durations };
            for (const key of Object.keys(body))
                next[key] = durationOf(body, key, '"2s"');
            Object.assign(durations, next);
            return durations;
        }
    }
    if (method === "DELETE" && path.startsWith("/faults/")) {
        if (!faults.remove(path.slice("/faults/".length)))
            throw new ControlError(404, "no such fault");
        return { ok: true };
    }
    throw new ControlError(404, `no control route ${route}`);
}
