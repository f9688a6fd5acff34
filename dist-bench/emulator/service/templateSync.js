"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.templateSyncOps = void 0;
exports.syncTemplatesOnPush = syncTemplatesOnPush;
exports.progressTemplateSyncs = progressTemplateSyncs;
const node_crypto_1 = require("node:crypto");
const yaml_1 = require("yaml");
const git_1 = require("./git");
const idempotency_1 = require("./idempotency");
const render_1 = require("./render");
const repositories_1 = require("./repositories");
const sync_1 = require("./sync");
const state_1 = require("./state");
const templates_1 = require("./templates");
const errors_1 = require("../protocol/errors");
// Template sync, as the Proton user guide describes it: on a push to the tracked branch, Proton looks for
// the template's directory (`<subdirectory>/.../<templateName>/`), and in it for major version directories
// `v<N>`. Each major version directory whose contents differ from the last successful sync (or whose last
// synced minor version was deleted) is registered as a new minor version of major N (major N is created
// when it doesn't exist); an unchanged directory makes no version. New versions are DRAFT. Syncs to one
// major version run one at a time; commits pushed meanwhile are batched into one sync after it.
const configKey = (type, name) => (0, state_1.templateKey)(type, name);
const statusKey = (type, name, major) => `${(0, state_1.templateKey)(type, name)}/${major}`;
const MAJOR_DIR = /^v(0|[1-9]\d*)$/;
const renderConfig = (c) => (0, render_1.clean)({
    templateName: c.templateName,
    templateType: c.templateType,
    repositoryProvider: c.repositoryProvider,
    repositoryName: c.repositoryName,
    branch: c.branch,
    subdirectory: c.subdirectory,
});
function getConfig(b, type, name) {
    const c = b.state.templateSyncConfigs[configKey(type, name)];
    if (!c)
        throw (0, errors_1.notFound)(`The ${(0, templates_1.label)(type)} '${name}' has no template sync configuration`);
    return c;
}
/** The first directory named after the template, at or under the subdirectory (shallowest, then by name). */
function templateDirectory(files, c) {
    const root = (0, git_1.normalizeDir)(c.subdirectory);
    return (0, git_1.directoriesOf)(files).find((d) => (d === root || root === "" || d.startsWith(`${root}/`)) && d.split("/").pop() === c.templateName);
}
const contentHash = (files) => (0, node_crypto_1.createHash)("sha256")
    .update(JSON.stringify(Object.entries(files).sort(([x], [y]) => x.localeCompare(y))))
    .digest("hex");
/** A service template version's registration details, from `.template-registration.yaml` (or `.compatible-envs`). */
function registrationOf(b, files) {
    let compatible;
    let sources;
    if (files[".template-registration.yaml"] !== undefined) {
        const doc = (0, yaml_1.parse)(files[".template-registration.yaml"]);
        compatible = doc?.compatible_environments;
        sources = doc?.supported_component_sources;
    }
    else if (files[".compatible-envs"] !== undefined) {
        compatible = files[".compatible-envs"].split(/\s+/).filter(Boolean);
    }
    if (!Array.isArray(compatible) || compatible.length === 0)
        throw new Error("A service template version needs .template-registration.yaml in its major version directory, listing compatible_environments as <environment-template>:<major-version>");
    const compatibleEnvironmentTemplates = compatible.map((entry) => {
        const m = /^([0-9A-Za-z][0-9A-Za-z_-]*):(0|[1-9]\d*)$/.exec(String(entry));
        if (!m)
            throw new Error(`compatible_environments: '${String(entry)}' is not <environment-template>:<major-version>`);
        if (!b.state.templates[(0, state_1.templateKey)("ENVIRONMENT", m[1])])
            throw new Error(`compatible_environments: environment template '${m[1]}' does not exist`);
        return { templateName: m[1], majorVersion: m[2] };
    });
    if (sources !== undefined && (!Array.isArray(sources) || sources.some((s) => s !== "DIRECTLY_DEFINED")))
        throw new Error("supported_component_sources: the only supported value is DIRECTLY_DEFINED");
    return {
        compatibleEnvironmentTemplates,
        ...(sources ? { supportedComponentSources: sources } : {}),
    };
}
/** Syncs one major version directory of a template from the branch head. */
function syncMajor(b, c, dir, major, commitId, files) {
    const kind = c.templateType;
    const base = { templateName: c.templateName, templateType: kind, majorVersion: String(major) };
    const key = statusKey(kind, c.templateName, major);
    const rec = (b.state.resourceSyncs[key] ??= {});
    if (rec.latestSync?.status === "IN_PROGRESS") {
        rec.queued = true;
        return { ...base, outcome: "QUEUED" };
    }
    const hash = contentHash(files);
    if (rec.syncedHash === hash && rec.syncedVersionKey && b.state.versions[rec.syncedVersionKey])
        return { ...base, outcome: "UNCHANGED" };
    const revision = {
        repositoryName: c.repositoryName,
        repositoryProvider: c.repositoryProvider,
        sha: commitId,
        directory: dir,
        branch: c.branch,
    };
    const attempt = (0, sync_1.startAttempt)(rec, c.templateName, revision, b.now(), [
        (0, sync_1.event)(b, "SYNC_STARTED", `Syncing ${dir}/ at ${commitId} to ${(0, templates_1.label)(kind)} '${c.templateName}' major version ${major}`, commitId),
    ]);
    attempt.contentHash = hash;
    const fail = (message) => {
        (0, sync_1.finishAttempt)(rec, attempt, false, [(0, sync_1.event)(b, "SYNC_FAILED", message)]);
        return { ...base, outcome: "FAILED", message };
    };
    if (!b.state.templates[(0, state_1.templateKey)(kind, c.templateName)])
        return fail(`The ${(0, templates_1.label)(kind)} '${c.templateName}' does not exist; template sync creates versions, not templates`);
    let registration = {};
    try {
        if (kind === "SERVICE")
            registration = registrationOf(b, files);
    }
    catch (e) {
        return fail(e.message);
    }
    const sameMajor = (0, templates_1.versionsOf)(b, kind, c.templateName).filter((v) => v.major === major);
    const minor = sameMajor.length ? Math.max(...sameMajor.map((v) => v.minor)) + 1 : 0;
    const vkey = (0, state_1.versionKey)(kind, c.templateName, major, minor);
    const now = b.now();
    const v = {
        kind,
        templateName: c.templateName,
        major,
        minor,
        status: "REGISTRATION_IN_PROGRESS",
        arn: b.arn(`${(0, templates_1.arnPart)(kind)}/${c.templateName}:${major}.${minor}`),
        createdAt: now,
        lastModifiedAt: now,
        // Never read: the bundle is the commit's folder, kept in syncedBundles.
        source: { s3: { bucket: "proton-template-sync", key: `${c.repositoryName}/${commitId}/${dir}` } },
        ...registration,
        tags: [],
        pending: b.schedule("register", "registration", c.templateName),
    };
    b.state.versions[vkey] = v;
    b.state.syncedBundles[vkey] = files;
    delete b.state.tombstones[vkey];
    attempt.events.push((0, sync_1.event)(b, "VERSION_CREATED", `Created ${(0, templates_1.label)(kind)} version ${major}.${minor}`, v.arn));
    attempt.waitsOn = { kind: "version", key: vkey };
    return { ...base, outcome: "VERSION_CREATED", version: `${major}.${minor}` };
}
/** Syncs a template from the head of its configured branch, if the branch was pushed. */
function syncTemplate(b, c) {
    const head = (0, git_1.branchHead)(b, c.repositoryProvider, c.repositoryName, c.branch);
    if (!head)
        return { results: [], events: [] };
    const dir = templateDirectory(head.files, c);
    if (dir === undefined)
        return {
            results: [],
            events: [
                (0, sync_1.event)(b, "TEMPLATE_NOT_FOUND", `No directory named '${c.templateName}' under '/${(0, git_1.normalizeDir)(c.subdirectory)}'`),
            ],
        };
    const results = (0, git_1.directoriesOf)((0, git_1.filesUnder)(head.files, dir))
        .filter((d) => MAJOR_DIR.test(d))
        .map((d) => syncMajor(b, c, dir ? `${dir}/${d}` : d, Number(d.slice(1)), head.commitId, (0, git_1.filesUnder)(head.files, dir ? `${dir}/${d}` : d)));
    const events = results.map((r) => (0, sync_1.event)(b, `TEMPLATE_${r.outcome}`, `${r.templateName} major version ${r.majorVersion}: ${r.outcome.toLowerCase().replace(/_/g, " ")}${r.version ? ` ${r.version}` : ""}${r.message ? `: ${r.message}` : ""}`));
    return { results, events };
}
/** After a push: syncs every template tracking the branch and records the repository's sync attempt. */
function syncTemplatesOnPush(b, repository, branch, commitId) {
    const configs = Object.values(b.state.templateSyncConfigs).filter((c) => c.repositoryProvider === repository.provider &&
        c.repositoryName === repository.name &&
        c.branch === branch);
    if (!configs.length)
        return [];
    const events = [(0, sync_1.event)(b, "COMMIT_RECEIVED", `Received commit ${commitId} on ${branch}`, commitId)];
    const results = [];
    for (const c of configs) {
        const synced = syncTemplate(b, c);
        results.push(...synced.results);
        events.push(...synced.events);
    }
    (0, sync_1.recordRepositorySync)(b, "TEMPLATE_SYNC", { repositoryProvider: repository.provider, repositoryName: repository.name, branch }, events);
    return results;
}
/** Ends template syncs whose version finished registering; a batched commit then syncs. */
function progressTemplateSyncs(b) {
    for (const [key, rec] of Object.entries(b.state.resourceSyncs)) {
        const attempt = rec.latestSync;
        if (attempt?.status !== "IN_PROGRESS" || attempt.waitsOn?.kind !== "version")
            continue;
        const v = b.state.versions[attempt.waitsOn.key];
        if (v?.status === "REGISTRATION_IN_PROGRESS")
            continue;
        const versionKeyOfAttempt = attempt.waitsOn.key;
        if (v && (v.status === "DRAFT" || v.status === "PUBLISHED")) {
            rec.syncedHash = attempt.contentHash;
            rec.syncedVersionKey = versionKeyOfAttempt;
            (0, sync_1.finishAttempt)(rec, attempt, true, [
                (0, sync_1.event)(b, "VERSION_REGISTERED", `Version ${v.major}.${v.minor} registered as ${v.status}`, v.arn),
                (0, sync_1.event)(b, "SYNC_SUCCEEDED", `Synced ${attempt.targetRevision.directory}/ at ${attempt.targetRevision.sha}`),
            ]);
        }
        else {
            (0, sync_1.finishAttempt)(rec, attempt, false, [
                (0, sync_1.event)(b, "REGISTRATION_FAILED", v ? (v.statusMessage ?? "Registration failed") : "The version was deleted while registering", v?.arn),
                (0, sync_1.event)(b, "SYNC_FAILED", `Could not sync ${attempt.targetRevision.directory}/ at ${attempt.targetRevision.sha}`),
            ]);
        }
        if (rec.queued) {
            delete rec.queued;
            const [type, name] = key.split("/");
            const c = b.state.templateSyncConfigs[configKey(type, name)];
            if (c)
                syncFromHead(b, c);
        }
    }
}
/** Syncs the branch a configuration tracks from its head, when it was ever pushed. */
function syncFromHead(b, c) {
    const head = (0, git_1.branchHead)(b, c.repositoryProvider, c.repositoryName, c.branch);
    if (head)
        syncTemplatesOnPush(b, { provider: c.repositoryProvider, name: c.repositoryName }, c.branch, head.commitId);
}
function configFrom(b, input, createHash, modified) {
    (0, repositories_1.linkedRepository)(b, input.repositoryProvider, input.repositoryName, "repositoryName");
    return {
        templateName: input.templateName,
        templateType: input.templateType,
        repositoryProvider: input.repositoryProvider,
        repositoryName: input.repositoryName,
        branch: input.branch,
        subdirectory: input.subdirectory,
        createHash,
        modified,
    };
}
exports.templateSyncOps = {
    CreateTemplateSyncConfig: (b, input) => {
        const key = configKey(input.templateType, input.templateName);
        const existing = b.state.templateSyncConfigs[key];
        const what = `The template sync configuration of ${(0, templates_1.label)(input.templateType)} '${input.templateName}'`;
        const { hash, existing: retry } = (0, idempotency_1.nameKeyedCreate)(existing, input, what);
        if (retry)
            return { templateSyncConfig: renderConfig(existing) };
        if (!b.state.templates[(0, state_1.templateKey)(input.templateType, input.templateName)])
            throw (0, errors_1.validation)(`templateName: the ${(0, templates_1.label)(input.templateType)} '${input.templateName}' does not exist; template sync adds versions to an existing template`);
        const c = configFrom(b, input, hash, false);
        b.state.templateSyncConfigs[key] = c;
        delete b.state.tombstones[`template-sync/${key}`];
        // The branch may already hold the template's bundles: they sync now, as after a push.
        syncFromHead(b, c);
        return { templateSyncConfig: renderConfig(c) };
    },
    GetTemplateSyncConfig: (b, input) => ({
        templateSyncConfig: renderConfig(getConfig(b, input.templateType, input.templateName)),
    }),
    UpdateTemplateSyncConfig: (b, input) => {
        const old = getConfig(b, input.templateType, input.templateName);
        const c = configFrom(b, input, old.createHash, true);
        b.state.templateSyncConfigs[configKey(input.templateType, input.templateName)] = c;
        syncFromHead(b, c);
        return { templateSyncConfig: renderConfig(c) };
    },
    DeleteTemplateSyncConfig: (b, input) => {
        const key = configKey(input.templateType, input.templateName);
        const c = b.state.templateSyncConfigs[key];
        if (!c) {
            if (b.state.tombstones[`template-sync/${key}`])
                return {};
            throw (0, errors_1.notFound)(`The ${(0, templates_1.label)(input.templateType)} '${input.templateName}' has no template sync configuration`);
        }
        if (Object.entries(b.state.resourceSyncs).some(([k, r]) => k.startsWith(`${key}/`) && r.latestSync?.status === "IN_PROGRESS"))
            throw (0, errors_1.conflict)(`A template sync of ${(0, templates_1.label)(c.templateType)} '${c.templateName}' is in progress`);
        delete b.state.templateSyncConfigs[key];
        b.state.tombstones[`template-sync/${key}`] = b.now();
        return { templateSyncConfig: renderConfig(c) };
    },
    GetTemplateSyncStatus: (b, input) => {
        getConfig(b, input.templateType, input.templateName);
        return (0, sync_1.renderSyncStatus)(b.state.resourceSyncs[statusKey(input.templateType, input.templateName, input.templateVersion)]);
    },
};
