"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.lifecycle = lifecycle;
const client_proton_1 = require("@aws-sdk/client-proton");
const duration_1 = require("../../common/duration");
const model_1 = require("../../common/model");
const client_1 = require("./client");
const common_fields_1 = require("./common-fields");
const errors_1 = require("./errors");
const spec_1 = require("../../common/spec");
const token_1 = require("./token");
const values_1 = require("./values");
const wait_1 = require("./wait");
const OBSERVED = "observedSeconds";
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** Arguments that must be maps (key to value), each with an example for the message when one is not. */
const MAP_ARGS = { tags: '{ team: "platform" }', timeouts: '{ create: "30m" }' };
const isHttpUrl = (v) => {
    try {
        return typeof v === "string" && ["http:", "https:"].includes(new URL(v).protocol);
    }
    catch {
        return false;
    }
};
function lifecycle(d) {
    const fields = {
        ...d.fields,
        ...common_fields_1.COMMON_FIELDS,
        ...(d.idempotency === "name-keyed" ? common_fields_1.NAME_KEYED_FIELDS : {}),
    };
    const nameFor = (inputs, id) => {
        const name = d.nameOf(inputs, id);
        return (0, values_1.hasUnknown)(name) ? "(known after apply)" : name;
    };
    const title = (inputs, id) => `${d.label} '${nameFor(inputs, id)}'`;
    /** `state` holds the stored outputs (update, delete, read), whose observed durations carry over. */
    function ctxFor(inputs, op, id, state) {
        const target = (0, client_1.resolveTarget)(inputs);
        const observed = (0, spec_1.isMap)(state?.[OBSERVED]) ? { ...state[OBSERVED] } : {};
        const ctx = {
            client: (0, client_1.protonClient)(target),
            target,
            what: title(inputs, id),
            timeoutMs: (0, common_fields_1.timeoutFor)(inputs, op),
            op,
            observed,
            settle: (goal) => {
                if (id === undefined)
                    throw new Error(`${ctx.what}: no id to wait on`);
                return settleOk(ctx, id, goal, inputs, true);
            },
        };
        return ctx;
    }
    /** The wait for `ctx`'s operation: expected from its own last run (an update expects what a create took). */
    function planFor(ctx, justStarted) {
        const own = ctx.observed[ctx.op] ?? (ctx.op === "update" ? ctx.observed.create : undefined);
        return {
            key: `${d.type}:${ctx.op}`,
            ownMs: own === undefined ? undefined : own * 1000,
            justStarted,
            pollAtOnce: ctx.op === "update",
            observe: (ms) => (ctx.observed[ctx.op] = Math.round(ms / 100) / 10),
        };
    }
    /** Stored state: the inputs (user text kept) plus computed outputs, region, endpoint and observed durations. */
    function stateOf(inputs, live, target, observed = {}) {
        return (0, values_1.cleanJson)({
            ...inputs,
            ...(live ? d.outputs(live) : {}),
            region: target.region,
            endpoint: target.endpoint,
            ...(Object.keys(observed).length ? { [OBSERVED]: observed } : {}),
        });
    }
    /** The program's inputs as stored in outputs (computed members dropped), for read's `inputs`. */
    const inputsOf = (state) => Object.fromEntries(Object.keys(fields)
        .filter((k) => state[k] !== undefined)
        .map((k) => [k, state[k]]));
    /** The live resource; its tags only when asked (a poll needs the status alone). */
    async function readLive(ctx, id, prior, withTags = true) {
        try {
            const live = await d.read(ctx, id, prior);
            if (withTags && live && typeof live.arn === "string") {
                const tags = await ctx.client.send(new client_proton_1.ListTagsForResourceCommand({ resourceArn: live.arn }));
                live.tags = (0, common_fields_1.tagMap)(tags.tags);
            }
            return live;
        }
        catch (e) {
            if ((0, errors_1.isNotFound)(e))
                return undefined;
            throw (0, errors_1.describeAwsError)(e, ctx.what, "read it");
        }
    }
    /**
     * Waits until the resource is no longer busy; returns it (failed or not), without tags. `justStarted`: the
     * operation was just requested, so the first poll waits for its expected end instead of going at once.
     */
    function settle(ctx, id, goal, prior, justStarted = false) {
        const poll = async () => {
            const live = await readLive(ctx, id, prior, false);
            if (!live)
                throw new Error(`${ctx.what} disappeared while waiting for ${goal}`);
            const health = d.health(live);
            return health.state === "busy"
                ? { state: "pending", status: health.status }
                : { state: "done", value: live };
        };
        return (0, wait_1.waitFor)(ctx.client, ctx.what, goal, ctx.timeoutMs, poll, planFor(ctx, justStarted));
    }
    /** Settles, then fails with Proton's status message if the last attempt failed. */
    async function settleOk(ctx, id, goal, prior, justStarted = false) {
        const live = await settle(ctx, id, goal, prior, justStarted);
        const health = d.health(live);
        if (health.state === "failed")
            throw new wait_1.WaitFailed(`${ctx.what}: ${health.status}: ${health.message}`);
        return live;
    }
    async function syncTags(client, arn, olds, news) {
        const before = (olds ?? {});
        const after = (news ?? {});
        const removed = Object.keys(before).filter((k) => !(k in after));
        const changed = Object.entries(after).filter(([k, v]) => before[k] !== v);
        if (removed.length)
            await client.send(new client_proton_1.UntagResourceCommand({ resourceArn: arn, tagKeys: removed }));
        if (changed.length)
            await client.send(new client_proton_1.TagResourceCommand({ resourceArn: arn, tags: (0, common_fields_1.tagList)(Object.fromEntries(changed)) }));
    }
    /** Fields of `rules` whose value differs between `before` and `after` (local ones and left-out server defaults never do). */
    const changedFields = (rules, before, after) => Object.entries(rules)
        .filter(([k, rule]) => !rule.local && !(after[k] === undefined && rule.serverDefault))
        .filter(([k, rule]) => !(rule.same ?? model_1.deepEqual)(before[k], after[k]))
        .map(([k]) => k);
    /** Fields whose live value differs from the program (for adopting an existing resource). */
    function differences(live, inputs) {
        // Why no region: Proton does not report it, and the client is already in the program's region.
        const current = { ...d.liveInputs(live, inputs), tags: live.tags };
        return changedFields(fields, current, inputs).filter((k) => k !== "region");
    }
    async function converge(ctx, id, inputs, live) {
        if (d.converge && (await d.converge(ctx, id, inputs, live)))
            return settleOk(ctx, id, "the requested state");
        return live;
    }
    return {
        async check(_olds, news) {
            const failures = [];
            const what = `${d.type} '${nameFor(news)}'`;
            // Why: tags given as a string were silently dropped and as a list turned into numbered tags; a string
            // as timeouts failed once per character.
            const notMaps = Object.keys(MAP_ARGS).filter((k) => news[k] != null && !(0, values_1.hasUnknown)(news[k]) && !(0, spec_1.isMap)(news[k]));
            for (const k of notMaps)
                failures.push({ property: k, reason: `${what}: ${k} must be a map, such as ${MAP_ARGS[k]}` });
            const tags = notMaps.includes("tags") ? undefined : (0, common_fields_1.tagList)(news.tags);
            const apiInput = { ...d.createInput(news), tags };
            for (const v of (0, model_1.violations)(model_1.OPERATION_INPUTS[d.createOperation], apiInput, values_1.hasUnknown)) {
                failures.push({ property: v.path.split(".")[0], reason: `${what}: ${v.path} must ${v.rule}` });
            }
            const timeouts = news.timeouts;
            if (timeouts != null && !(0, values_1.hasUnknown)(timeouts) && !notMaps.includes("timeouts")) {
                for (const [op, value] of Object.entries(timeouts)) {
                    if (!["create", "update", "delete"].includes(op))
                        failures.push({
                            property: "timeouts",
                            reason: `${what}: timeouts.${op} is not one of create, update, delete`,
                        });
                    else if (typeof value !== "string" || (0, duration_1.parseDuration)(value) === undefined)
                        failures.push({
                            property: "timeouts",
                            reason: `${what}: timeouts.${op} must be a duration such as "30m" or "1h30m"`,
                        });
                }
            }
            if (typeof news.region === "string" && !(0, values_1.hasUnknown)(news.region) && !REGION.test(news.region))
                failures.push({
                    property: "region",
                    reason: `${what}: region must look like us-east-1, got '${news.region}'`,
                });
            if (news.endpoint != null && !(0, values_1.hasUnknown)(news.endpoint) && !isHttpUrl(news.endpoint))
                failures.push({
                    property: "endpoint",
                    reason: `${what}: endpoint must be an http:// or https:// URL, got '${String(news.endpoint)}'`,
                });
            for (const flag of ["adoptExisting"]) {
                if (news[flag] !== undefined && !(0, values_1.hasUnknown)(news[flag]) && typeof news[flag] !== "boolean")
                    failures.push({ property: flag, reason: `${what}: ${flag} must be true or false` });
            }
            for (const f of d.check?.(news) ?? [])
                failures.push({ property: f.property, reason: `${what}: ${f.reason}` });
            return { inputs: news, failures };
        },
        async diff(_id, olds, news) {
            const replaces = [];
            const changed = [];
            const forced = d.needsReplacement?.(olds);
            if (forced)
                replaces.push(forced);
            for (const [field, rule] of Object.entries(fields)) {
                const next = news[field];
                if ((0, values_1.hasUnknown)(next)) {
                    changed.push(field);
                    if (rule.replace)
                        replaces.push(field);
                    continue;
                }
                if (next === undefined && rule.serverDefault)
                    continue;
                if ((rule.same ?? model_1.deepEqual)(olds[field], next))
                    continue;
                changed.push(field);
                if (rule.replace || rule.replaceWhen?.(olds[field], next))
                    replaces.push(field);
            }
            return {
                changes: changed.length > 0 || replaces.length > 0,
                replaces,
                deleteBeforeReplace: replaces.length > 0 && d.idempotency === "name-keyed",
            };
        },
        async create(inputs) {
            const ctx = ctxFor(inputs, "create");
            let id;
            let adoptChanges = [];
            let adopted;
            if (d.idempotency === "name-keyed") {
                id = d.idFromInputs(inputs);
                adopted = await readLive(ctx, id);
                if (adopted) {
                    adoptChanges = differences(adopted, inputs);
                    if (adoptChanges.length && inputs.adoptExisting !== true)
                        throw new Error(`${ctx.what} already exists in Proton and differs from the program in: ${adoptChanges.join(", ")}. ` +
                            "Set `adoptExisting: true` to take it over and update it, or choose another name.");
                    console.log(`${ctx.what}: already exists${adoptChanges.length ? `; adopting and updating ${adoptChanges.join(", ")}` : "; taking it over"}`);
                }
                else {
                    try {
                        id = await d.create(ctx, inputs);
                    }
                    catch (e) {
                        throw (0, errors_1.describeAwsError)(e, ctx.what, "create it");
                    }
                }
            }
            else {
                // Why: the tags are sent with the create, so they are create parameters too. Left out, a retry with
                // other tags sent the same token with other parameters: IdempotentParameterMismatch for 8 hours.
                const params = { ...d.createInput(inputs), tags: (0, common_fields_1.tagList)(inputs.tags) };
                const token = (0, token_1.clientToken)(d.type, String(inputs.logicalId ?? ""), params);
                try {
                    id = await d.create(ctx, inputs, token);
                }
                catch (e) {
                    throw (0, errors_1.describeAwsError)(e, ctx.what, "create it");
                }
            }
            // From here the resource exists: any failure is reported as a partial create carrying its id.
            const created = ctxFor(inputs, "create", id);
            try {
                const updating = adopted !== undefined && adoptChanges.length > 0;
                // An adopted resource about to be updated may be in a failed state the update mends.
                let live = await (updating ? settle : settleOk)(created, id, "creation", undefined, !adopted);
                if (updating) {
                    const olds = { ...d.liveInputs(live, {}), tags: adopted.tags };
                    await d.update(created, id, olds, inputs, adoptChanges.filter((k) => k !== "tags"), live);
                    if (adoptChanges.includes("tags"))
                        await syncTags(created.client, String(live.arn), adopted.tags, inputs.tags);
                    live = await settleOk(created, id, "the update", undefined, true);
                }
                live = await converge(created, id, inputs, live);
                return { id, outs: stateOf(inputs, live, created.target, created.observed) };
            }
            catch (e) {
                const live = await readLive(created, id).catch(() => undefined);
                const message = (0, errors_1.failureMessage)(e, created.what, "finish creating it");
                throw new errors_1.PartialFailure(message, id, stateOf(inputs, live, created.target, created.observed));
            }
        },
        async read(id, props) {
            const state = props;
            const ctx = ctxFor(state, "update", id, state);
            const live = await readLive(ctx, id, state);
            if (!live)
                return { id: "" };
            const inputs = { ...inputsOf(state), ...d.liveInputs(live, state), tags: live.tags ?? state.tags };
            if (state.tags === undefined && (0, model_1.deepEqual)(live.tags, {}))
                delete inputs.tags;
            // Why: the state merges inputs and outputs, so a region, endpoint or template minor/major version the
            // provider filled in looks declared here. Returned as inputs, they made every later `preview --diff`
            // of the resource list them as removed ("- region", "- endpoint"). Server-default fields never diff
            // when the program leaves them out, and diff() compares against the stored state, so dropping them
            // from the refreshed inputs loses nothing.
            const declared = Object.fromEntries(Object.entries(inputs).filter(([k]) => !fields[k]?.serverDefault));
            return { id, props: stateOf(inputs, live, ctx.target, ctx.observed), inputs: (0, values_1.cleanJson)(declared) };
        },
        async update(id, olds, news) {
            const ctx = ctxFor({ ...news, region: news.region ?? olds.region, endpoint: news.endpoint ?? olds.endpoint }, "update", id, olds);
            let sent = false;
            try {
                let live = await settle(ctx, id, "the previous operation", olds);
                if (d.health(live).state === "failed" && d.recover) {
                    console.log(`${ctx.what}: last attempt ${d.health(live).status}; retrying`);
                    await d.recover(ctx, id, news, live);
                    live = await settle(ctx, id, "the retry", olds, true);
                }
                const changed = changedFields(d.fields, olds, news);
                if (changed.length)
                    await d.update(ctx, id, olds, news, changed, live);
                if (!(0, model_1.deepEqual)(olds.tags ?? {}, news.tags ?? {}))
                    await syncTags(ctx.client, String(live.arn), olds.tags, news.tags);
                sent = true;
                live = await settleOk(ctx, id, "the update", olds, changed.length > 0);
                live = await converge(ctx, id, news, live);
                return { outs: stateOf(news, live, ctx.target, ctx.observed) };
            }
            catch (e) {
                const live = await readLive(ctx, id, olds).catch(() => undefined);
                const message = (0, errors_1.failureMessage)(e, ctx.what, "update it");
                // Why: until the changes were sent, Proton still holds the old inputs (e.g. an update refused for bad
                // credentials). Recording the new ones as applied made the next `up` find nothing to change.
                if (!sent)
                    throw new errors_1.PartialFailure(message, id, live ? stateOf(inputsOf(olds), live, ctx.target, ctx.observed) : olds);
                throw new errors_1.PartialFailure(message, id, stateOf(news, live, ctx.target, ctx.observed));
            }
        },
        async delete(id, props) {
            const state = props;
            const ctx = ctxFor(state, "delete", id, state);
            const deadline = Date.now() + ctx.timeoutMs;
            // A deployment in progress or a dependant still going away answers ConflictException: retried on the
            // same waiter machinery as every other wait; past the deadline, the conflict itself is the error.
            let conflict;
            const alreadyGone = await (0, wait_1.waitFor)(ctx.client, ctx.what, "a chance to delete", ctx.timeoutMs, async () => {
                try {
                    await d.delete(ctx, id, state);
                    return { state: "done", value: false };
                }
                catch (e) {
                    if ((0, errors_1.isNotFound)(e))
                        return { state: "done", value: true };
                    if (!(0, errors_1.isConflict)(e))
                        throw (0, errors_1.describeAwsError)(e, ctx.what, "delete it");
                    conflict = e;
                    return { state: "pending", status: `can't delete yet (${e.message})` };
                }
            }).catch((e) => {
                throw e instanceof wait_1.WaitTimeout && conflict ? (0, errors_1.describeAwsError)(conflict, ctx.what, "delete it") : e;
            });
            if (alreadyGone || d.deleteKind === "sync")
                return;
            ctx.timeoutMs = Math.max(1000, deadline - Date.now());
            const deletion = async () => {
                const live = await readLive(ctx, id, state, false);
                if (!live)
                    return { state: "done", value: undefined };
                const health = d.health(live);
                if (health.state === "failed")
                    return { state: "failed", value: undefined, message: `${health.status}: ${health.message}` };
                return { state: "pending", status: health.state === "busy" ? health.status : "deleting" };
            };
            await (0, wait_1.waitFor)(ctx.client, ctx.what, "deletion", ctx.timeoutMs, deletion, planFor(ctx, true));
        },
    };
}
