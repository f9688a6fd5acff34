"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.serviceSyncOps = void 0;
exports.syncServicesOnPush = syncServicesOnPush;
exports.progressServiceSyncs = progressServiceSyncs;
exports.blockingManualChanges = blockingManualChanges;
const node_util_1 = require("node:util");
const yaml_1 = require("yaml");
const git_1 = require("./git");
const idempotency_1 = require("./idempotency");
const render_1 = require("./render");
const repositories_1 = require("./repositories");
const services_1 = require("./services");
const specs_1 = require("./specs");
const sync_1 = require("./sync");
const state_1 = require("./state");
const errors_1 = require("../protocol/errors");
// Service sync, as the Proton user guide describes it: the service sync configuration names a proton-ops
// file on a branch; its `sync.services.<service>.<instance>` entries name the branch and spec file each
// instance syncs from. A push to one of those branches creates a missing instance or updates one whose
// spec inputs changed (CURRENT_VERSION), and an unchanged instance is left alone. A manual change through
// the API blocks sync: creating or updating an instance blocks that instance, removing an instance from the
// service blocks the whole service, until UpdateServiceSyncBlocker resolves the blocker.
const statusKey = (serviceName, instanceName) => `instance/${(0, state_1.instanceKey)(serviceName, instanceName)}`;
const renderConfig = (c) => ({
    serviceName: c.serviceName,
    repositoryProvider: c.repositoryProvider,
    repositoryName: c.repositoryName,
    branch: c.branch,
    filePath: c.filePath,
});
const renderBlocker = (x) => (0, render_1.clean)({
    id: x.id,
    type: x.type,
    status: x.status,
    createdReason: x.createdReason,
    createdAt: (0, render_1.seconds)(x.createdAt),
    contexts: x.contexts,
    resolvedReason: x.resolvedReason,
    resolvedAt: x.resolvedAt === undefined ? undefined : (0, render_1.seconds)(x.resolvedAt),
});
function getConfig(b, serviceName) {
    const c = b.state.serviceSyncConfigs[serviceName];
    if (!c)
        throw (0, errors_1.notFound)(`The service '${serviceName}' has no service sync configuration`);
    return c;
}
const activeBlocker = (b, serviceName, instanceName) => Object.values(b.state.syncBlockers).find((x) => x.status === "ACTIVE" && x.serviceName === serviceName && x.serviceInstanceName === instanceName);
/** Blocks sync of a service (no instance) or of one instance, unless that scope is blocked already. */
function block(b, serviceName, instanceName, reason) {
    if (!b.state.serviceSyncConfigs[serviceName] || activeBlocker(b, serviceName, instanceName))
        return;
    const id = b.uuid();
    b.state.syncBlockers[id] = {
        id,
        type: "AUTOMATED",
        status: "ACTIVE",
        createdReason: reason,
        createdAt: b.now(),
        contexts: [
            { key: "serviceName", value: serviceName },
            ...(instanceName ? [{ key: "serviceInstanceName", value: instanceName }] : []),
        ],
        serviceName,
        ...(instanceName ? { serviceInstanceName: instanceName } : {}),
    };
}
/** The entries the proton-ops file on the configuration's branch lists for its service. */
function opsEntries(b, c) {
    const head = (0, git_1.branchHead)(b, c.repositoryProvider, c.repositoryName, c.branch);
    const path = (0, git_1.normalizeDir)(c.filePath);
    const text = head?.files[path];
    if (text === undefined)
        return `The proton-ops file '${c.filePath}' is not on branch ${c.branch}`;
    let doc;
    try {
        doc = ((0, yaml_1.parse)(text) ?? {});
    }
    catch (e) {
        return `The proton-ops file '${c.filePath}' is not YAML: ${e.message}`;
    }
    const instances = doc.sync?.services?.[c.serviceName];
    if (!instances || typeof instances !== "object")
        return `The proton-ops file '${c.filePath}' has no sync.services.${c.serviceName}`;
    return Object.entries(instances).map(([instance, entry]) => ({
        instance,
        branch: String(entry?.branch ?? c.branch),
        spec: String(entry?.spec ?? ""),
    }));
}
function syncInstance(b, c, entry) {
    const base = { serviceName: c.serviceName, serviceInstanceName: entry.instance };
    if (activeBlocker(b, c.serviceName) || activeBlocker(b, c.serviceName, entry.instance))
        return { ...base, outcome: "BLOCKED" };
    const rec = (b.state.resourceSyncs[statusKey(c.serviceName, entry.instance)] ??= {});
    if (rec.latestSync?.status === "IN_PROGRESS") {
        rec.queued = true;
        return { ...base, outcome: "QUEUED" };
    }
    const head = (0, git_1.branchHead)(b, c.repositoryProvider, c.repositoryName, entry.branch);
    const specPath = (0, git_1.normalizeDir)(entry.spec);
    const revision = {
        repositoryName: c.repositoryName,
        repositoryProvider: c.repositoryProvider,
        sha: head?.commitId ?? "",
        directory: specPath.split("/").slice(0, -1).join("/") || "/",
        branch: entry.branch,
    };
    const text = head?.files[specPath];
    const current = b.state.instances[(0, state_1.instanceKey)(c.serviceName, entry.instance)];
    let wanted;
    let problem;
    try {
        if (text === undefined)
            problem = `The spec file '${entry.spec}' is not on branch ${entry.branch}`;
        else {
            wanted = (0, specs_1.parseServiceSpec)(text).instances.find((i) => i.name === entry.instance);
            if (!wanted)
                problem = `The spec file '${entry.spec}' has no instance '${entry.instance}'`;
        }
    }
    catch (e) {
        problem = e.message;
    }
    if (!problem && current && wanted) {
        const now = current.spec
            ? (0, specs_1.parseServiceSpec)(current.spec).instances.find((i) => i.name === entry.instance)
            : undefined;
        if (now && now.environment === wanted.environment && (0, node_util_1.isDeepStrictEqual)(now.inputs, wanted.inputs))
            return { ...base, outcome: "UNCHANGED" };
    }
    const attempt = (0, sync_1.startAttempt)(rec, entry.instance, revision, b.now(), [
        (0, sync_1.event)(b, "SYNC_STARTED", `Syncing ${entry.spec} at ${revision.sha} to service instance '${c.serviceName}/${entry.instance}'`, revision.sha),
    ]);
    const fail = (message) => {
        (0, sync_1.finishAttempt)(rec, attempt, false, [(0, sync_1.event)(b, "SYNC_FAILED", message)]);
        return { ...base, outcome: "FAILED", message };
    };
    if (problem)
        return fail(problem);
    try {
        if (current)
            services_1.serviceOps.UpdateServiceInstance(b, {
                serviceName: c.serviceName,
                name: entry.instance,
                deploymentType: "CURRENT_VERSION",
                spec: text,
            });
        else
            services_1.serviceOps.CreateServiceInstance(b, { serviceName: c.serviceName, name: entry.instance, spec: text });
    }
    catch (e) {
        if (!(e instanceof errors_1.ProtonError))
            throw e;
        // Busy with another deployment: the sync waits (INITIATED) and starts once the service is free.
        if (e.type === "ConflictException") {
            attempt.status = "INITIATED";
            attempt.events.push((0, sync_1.event)(b, "SYNC_WAITING", e.message));
            return { ...base, outcome: "WAITING", message: e.message };
        }
        return fail(`${e.type}: ${e.message}`);
    }
    const i = b.state.instances[(0, state_1.instanceKey)(c.serviceName, entry.instance)];
    attempt.events.push((0, sync_1.event)(b, "DEPLOYMENT_STARTED", `Deploying service instance '${c.serviceName}/${entry.instance}'`, i.lastAttemptedDeploymentId));
    attempt.waitsOn = { kind: "instance", key: (0, state_1.instanceKey)(c.serviceName, entry.instance) };
    return { ...base, outcome: current ? "UPDATED" : "CREATED" };
}
const isNew = (b, c, e) => !b.state.instances[(0, state_1.instanceKey)(c.serviceName, e.instance)];
/** Syncs the instances a configuration lists; `branch` limits it to those a push to that branch changes. */
function syncService(b, c, branch, only) {
    const entries = opsEntries(b, c);
    if (typeof entries === "string")
        return {
            results: [],
            events: branch === undefined || branch === c.branch ? [(0, sync_1.event)(b, "OPS_FILE_INVALID", entries)] : [],
        };
    const results = entries
        .filter((e) => branch === undefined || branch === c.branch || e.branch === branch)
        .filter((e) => only === undefined || e.instance === only)
        // New instances first: an update deploying elsewhere in the service would hold up a create.
        .sort((x, y) => Number(isNew(b, c, y)) - Number(isNew(b, c, x)))
        .map((e) => syncInstance(b, c, e));
    const events = results.map((r) => (0, sync_1.event)(b, `INSTANCE_${r.outcome}`, `${r.serviceName}/${r.serviceInstanceName}: ${r.outcome.toLowerCase()}${r.message ? `: ${r.message}` : ""}`));
    return { results, events };
}
/** After a push: syncs every service whose proton-ops file or instance specs live on the branch. */
function syncServicesOnPush(b, repository, branch, commitId) {
    const configs = Object.values(b.state.serviceSyncConfigs).filter((c) => c.repositoryProvider === repository.provider && c.repositoryName === repository.name);
    const events = [(0, sync_1.event)(b, "COMMIT_RECEIVED", `Received commit ${commitId} on ${branch}`, commitId)];
    const results = [];
    for (const c of configs) {
        const synced = syncService(b, c, branch);
        results.push(...synced.results);
        events.push(...synced.events);
    }
    if (events.length > 1)
        (0, sync_1.recordRepositorySync)(b, "SERVICE_SYNC", { repositoryProvider: repository.provider, repositoryName: repository.name, branch }, events);
    return results;
}
/** Ends instance syncs whose deployment settled; a batched commit then syncs. */
function progressServiceSyncs(b) {
    for (const [statusKeyOf, rec] of Object.entries(b.state.resourceSyncs)) {
        const attempt = rec.latestSync;
        if (attempt?.status === "INITIATED" && statusKeyOf.startsWith("instance/")) {
            const [serviceName, instanceName] = statusKeyOf.slice("instance/".length).split("/");
            const c = b.state.serviceSyncConfigs[serviceName];
            if (c)
                syncService(b, c, undefined, instanceName);
            continue;
        }
        if (attempt?.status !== "IN_PROGRESS" || attempt.waitsOn?.kind !== "instance")
            continue;
        const key = attempt.waitsOn.key;
        const i = b.state.instances[key];
        if (i && (i.deploymentStatus === "IN_PROGRESS" || i.deploymentStatus === "CANCELLING"))
            continue;
        const ok = i?.deploymentStatus === "SUCCEEDED";
        (0, sync_1.finishAttempt)(rec, attempt, ok, [
            ok
                ? (0, sync_1.event)(b, "DEPLOYMENT_SUCCEEDED", `Service instance '${key}' deployed`, i.lastSucceededDeploymentId)
                : (0, sync_1.event)(b, "DEPLOYMENT_FAILED", i
                    ? `${i.deploymentStatus}: ${i.deploymentStatusMessage ?? ""}`.trim()
                    : "The service instance is gone", i?.lastAttemptedDeploymentId),
            (0, sync_1.event)(b, ok ? "SYNC_SUCCEEDED" : "SYNC_FAILED", `Synced ${attempt.targetRevision.branch} at ${attempt.targetRevision.sha}`),
        ]);
        if (rec.queued) {
            delete rec.queued;
            const [serviceName, instanceName] = key.split("/");
            const c = b.state.serviceSyncConfigs[serviceName];
            if (c)
                syncService(b, c, undefined, instanceName);
        }
    }
}
/**
 * The API's own instance changes, which block sync of what they touch: the operations wrapped here are
 * the ones a user calls; service sync itself calls the unwrapped ones.
 */
function blockingManualChanges(ops) {
    return {
        CreateServiceInstance: (b, input) => {
            const out = ops.CreateServiceInstance(b, input);
            block(b, input.serviceName, input.name, `Service instance '${input.name}' was created manually`);
            return out;
        },
        UpdateServiceInstance: (b, input) => {
            const out = ops.UpdateServiceInstance(b, input);
            block(b, input.serviceName, input.name, `Service instance '${input.name}' was updated manually`);
            return out;
        },
        UpdateService: (b, input) => {
            const before = Object.values(b.state.instances)
                .filter((i) => i.serviceName === input.name && i.deploymentStatus !== "DELETE_IN_PROGRESS")
                .map((i) => i.name);
            const out = ops.UpdateService(b, input);
            const gone = before.filter((n) => b.state.instances[(0, state_1.instanceKey)(input.name, n)]?.deploymentStatus === "DELETE_IN_PROGRESS");
            if (gone.length)
                block(b, input.name, undefined, `Service instance${gone.length > 1 ? "s" : ""} ${gone.map((n) => `'${n}'`).join(", ")} deleted manually`);
            return out;
        },
    };
}
function configFrom(b, input, createHash, modified) {
    (0, repositories_1.linkedRepository)(b, input.repositoryProvider, input.repositoryName, "repositoryName");
    return {
        serviceName: input.serviceName,
        repositoryProvider: input.repositoryProvider,
        repositoryName: input.repositoryName,
        branch: input.branch,
        filePath: input.filePath,
        createHash,
        modified,
    };
}
exports.serviceSyncOps = {
    CreateServiceSyncConfig: (b, input) => {
        const existing = b.state.serviceSyncConfigs[input.serviceName];
        const { hash, existing: retry } = (0, idempotency_1.nameKeyedCreate)(existing, input, `The service sync configuration of service '${input.serviceName}'`);
        if (retry)
            return { serviceSyncConfig: renderConfig(existing) };
        if (!b.state.services[input.serviceName])
            throw (0, errors_1.validation)(`serviceName: the service '${input.serviceName}' does not exist`);
        const c = configFrom(b, input, hash, false);
        b.state.serviceSyncConfigs[c.serviceName] = c;
        delete b.state.tombstones[`service-sync/${c.serviceName}`];
        syncService(b, c);
        return { serviceSyncConfig: renderConfig(c) };
    },
    GetServiceSyncConfig: (b, input) => ({
        serviceSyncConfig: renderConfig(getConfig(b, input.serviceName)),
    }),
    UpdateServiceSyncConfig: (b, input) => {
        const old = getConfig(b, input.serviceName);
        const c = configFrom(b, input, old.createHash, true);
        b.state.serviceSyncConfigs[c.serviceName] = c;
        syncService(b, c);
        return { serviceSyncConfig: renderConfig(c) };
    },
    DeleteServiceSyncConfig: (b, input) => {
        const c = b.state.serviceSyncConfigs[input.serviceName];
        if (!c) {
            if (b.state.tombstones[`service-sync/${input.serviceName}`])
                return {};
            throw (0, errors_1.notFound)(`The service '${input.serviceName}' has no service sync configuration`);
        }
        // The instances stay: deleting the configuration only stops syncing.
        delete b.state.serviceSyncConfigs[c.serviceName];
        b.state.tombstones[`service-sync/${c.serviceName}`] = b.now();
        return { serviceSyncConfig: renderConfig(c) };
    },
    GetServiceInstanceSyncStatus: (b, input) => {
        // An instance service sync is still creating (waiting, or failed) has a sync status before it exists.
        const rec = b.state.resourceSyncs[statusKey(input.serviceName, input.serviceInstanceName)];
        if (!rec && !b.state.instances[(0, state_1.instanceKey)(input.serviceName, input.serviceInstanceName)])
            throw (0, errors_1.notFound)(`The service instance '${input.serviceName}/${input.serviceInstanceName}' does not exist`);
        return (0, sync_1.renderSyncStatus)(rec);
    },
    GetServiceSyncBlockerSummary: (b, input) => {
        (0, services_1.getService)(b, input.serviceName);
        const scope = Object.values(b.state.syncBlockers)
            .filter((x) => x.serviceName === input.serviceName && x.serviceInstanceName === input.serviceInstanceName)
            .sort((x, y) => y.createdAt - x.createdAt);
        const active = scope.filter((x) => x.status === "ACTIVE");
        const lastResolved = scope
            .filter((x) => x.status === "RESOLVED")
            .sort((x, y) => (y.resolvedAt ?? 0) - (x.resolvedAt ?? 0))[0];
        return {
            serviceSyncBlockerSummary: (0, render_1.clean)({
                serviceName: input.serviceName,
                serviceInstanceName: input.serviceInstanceName,
                latestBlockers: [...active, ...(lastResolved ? [lastResolved] : [])].map(renderBlocker),
            }),
        };
    },
    UpdateServiceSyncBlocker: (b, input) => {
        const x = b.state.syncBlockers[input.id];
        if (!x)
            throw (0, errors_1.notFound)(`The service sync blocker '${input.id}' does not exist`);
        if (x.status === "RESOLVED")
            throw (0, errors_1.conflict)(`The service sync blocker '${x.id}' is already resolved`);
        x.status = "RESOLVED";
        x.resolvedReason = input.resolvedReason;
        x.resolvedAt = b.now();
        // Sync resumes from the branch heads, so the Git side wins again over the manual change.
        const c = b.state.serviceSyncConfigs[x.serviceName];
        if (c)
            syncService(b, c, undefined, x.serviceInstanceName);
        return (0, render_1.clean)({
            serviceName: x.serviceName,
            serviceInstanceName: x.serviceInstanceName,
            serviceSyncBlocker: renderBlocker(x),
        });
    },
};
