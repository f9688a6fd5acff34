"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.syncStatusOps = exports.repositorySyncKey = exports.renderSyncStatus = exports.event = void 0;
exports.startAttempt = startAttempt;
exports.finishAttempt = finishAttempt;
exports.recordRepositorySync = recordRepositorySync;
const render_1 = require("./render");
const state_1 = require("./state");
const errors_1 = require("../protocol/errors");
const event = (b, type, text, externalId) => ({
    type,
    event: text,
    time: b.now(),
    ...(externalId !== undefined ? { externalId } : {}),
});
exports.event = event;
const renderEvent = (e) => (0, render_1.clean)({ type: e.type, event: e.event, time: (0, render_1.seconds)(e.time), externalId: e.externalId });
const renderRevision = (r) => ({
    repositoryName: r.repositoryName,
    repositoryProvider: r.repositoryProvider,
    sha: r.sha,
    directory: r.directory,
    branch: r.branch,
});
const renderAttempt = (a) => ({
    initialRevision: renderRevision(a.initialRevision),
    targetRevision: renderRevision(a.targetRevision),
    target: a.target,
    startedAt: (0, render_1.seconds)(a.startedAt),
    status: a.status,
    events: a.events.map(renderEvent),
});
/** GetTemplateSyncStatus / GetServiceInstanceSyncStatus: every member is absent until a sync happened. */
const renderSyncStatus = (rec) => (0, render_1.clean)({
    latestSync: rec?.latestSync && renderAttempt(rec.latestSync),
    latestSuccessfulSync: rec?.latestSuccessfulSync && renderAttempt(rec.latestSuccessfulSync),
    desiredState: rec?.desiredState && renderRevision(rec.desiredState),
});
exports.renderSyncStatus = renderSyncStatus;
/** Starts a resource sync attempt: the new desired state, started from the last successful one. */
function startAttempt(rec, target, targetRevision, startedAt, events) {
    const attempt = {
        initialRevision: rec.latestSuccessfulSync?.targetRevision ?? targetRevision,
        targetRevision,
        target,
        startedAt,
        status: "IN_PROGRESS",
        events,
    };
    rec.latestSync = attempt;
    rec.desiredState = targetRevision;
    return attempt;
}
/** Ends an attempt; a success becomes the latest successful sync. */
function finishAttempt(rec, attempt, ok, events) {
    attempt.status = ok ? "SUCCEEDED" : "FAILED";
    attempt.events.push(...events);
    delete attempt.waitsOn;
    if (ok)
        rec.latestSuccessfulSync = attempt;
}
const repositorySyncKey = (syncType, provider, name, branch) => `${syncType}/${(0, state_1.branchKey)(provider, name, branch)}`;
exports.repositorySyncKey = repositorySyncKey;
/** Records the repository side of a push: the commit was read and its syncs dispatched. */
function recordRepositorySync(b, syncType, revision, events, status = "SUCCEEDED") {
    const record = { startedAt: b.now(), status, events };
    b.state.repositorySyncs[(0, exports.repositorySyncKey)(syncType, revision.repositoryProvider, revision.repositoryName, revision.branch)] = record;
}
exports.syncStatusOps = {
    GetRepositorySyncStatus: (b, input) => {
        if (!b.state.repositories[(0, state_1.repositoryKey)(input.repositoryProvider, input.repositoryName)])
            throw (0, errors_1.notFound)(`The repository '${input.repositoryName}' (${input.repositoryProvider}) is not linked`);
        const latest = b.state.repositorySyncs[(0, exports.repositorySyncKey)(input.syncType, input.repositoryProvider, input.repositoryName, input.branch)];
        return (0, render_1.clean)({
            latestSync: latest && {
                startedAt: (0, render_1.seconds)(latest.startedAt),
                status: latest.status,
                events: latest.events.map(renderEvent),
            },
        });
    },
    ListRepositorySyncDefinitions: (b, input) => {
        if (input.syncType !== "TEMPLATE_SYNC")
            throw (0, errors_1.validation)("syncType: ListRepositorySyncDefinitions supports only TEMPLATE_SYNC");
        const syncDefinitions = Object.values(b.state.templateSyncConfigs)
            .filter((c) => c.repositoryProvider === input.repositoryProvider && c.repositoryName === input.repositoryName)
            .sort((x, y) => x.templateName.localeCompare(y.templateName) || x.templateType.localeCompare(y.templateType))
            .map((c) => ({
            target: c.templateName,
            parent: c.repositoryName,
            branch: c.branch,
            directory: c.subdirectory ?? "/",
        }));
        return { syncDefinitions };
    },
};
