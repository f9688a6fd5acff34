"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.arnPart = exports.label = void 0;
exports.getTemplate = getTemplate;
exports.versionsOf = versionsOf;
exports.getVersion = getVersion;
exports.recommendedMinor = recommendedMinor;
exports.recommendedVersion = recommendedVersion;
exports.resolveDeployableVersion = resolveDeployableVersion;
exports.templateOps = templateOps;
exports.progressRegistrations = progressRegistrations;
const backend_1 = require("./backend");
const idempotency_1 = require("./idempotency");
const pagination_1 = require("./pagination");
const render_1 = require("./render");
const specs_1 = require("./specs");
const state_1 = require("./state");
const errors_1 = require("../protocol/errors");
const label = (kind) => kind === "ENVIRONMENT" ? "environment template" : "service template";
exports.label = label;
const arnPart = (kind) => kind === "ENVIRONMENT" ? "environment-template" : "service-template";
exports.arnPart = arnPart;
function getTemplate(b, kind, name) {
    const t = b.state.templates[(0, state_1.templateKey)(kind, name)];
    if (!t)
        throw (0, errors_1.notFound)(`The ${(0, exports.label)(kind)} '${name}' does not exist`);
    return t;
}
function versionsOf(b, kind, name) {
    return Object.values(b.state.versions)
        .filter((v) => v.kind === kind && v.templateName === name)
        .sort((x, y) => x.major - y.major || x.minor - y.minor);
}
function getVersion(b, kind, name, major, minor) {
    const v = b.state.versions[(0, state_1.versionKey)(kind, name, major, minor)];
    if (!v)
        throw (0, errors_1.notFound)(`The ${(0, exports.label)(kind)} version '${name}:${major}.${minor}' does not exist`);
    return v;
}
/** The recommended minor of a major: its highest published minor. */
function recommendedMinor(b, kind, name, major) {
    const published = versionsOf(b, kind, name).filter((v) => v.major === major && v.status === "PUBLISHED");
    return published.length ? published[published.length - 1].minor : undefined;
}
/** The template's recommended version: the recommended minor of its highest major that has one. */
function recommendedVersion(b, kind, name) {
    const published = versionsOf(b, kind, name).filter((v) => v.status === "PUBLISHED");
    if (!published.length)
        return undefined;
    const major = published[published.length - 1].major;
    return { major, minor: recommendedMinor(b, kind, name, major) };
}
const renderT = (b, t) => {
    const rec = recommendedVersion(b, t.kind, t.name);
    return (0, render_1.renderTemplate)(t, rec ? `${rec.major}.${rec.minor}` : undefined);
};
const renderV = (b, v, summary = false) => {
    const rec = recommendedMinor(b, v.kind, v.templateName, v.major);
    return (0, render_1.renderVersion)(v, rec === undefined ? undefined : String(rec), summary);
};
/**
 * Resolves the version a deployment asks for: the given minor, or the recommended minor of the major.
 * Only published versions can be deployed.
 */
function resolveDeployableVersion(b, kind, name, major, minor) {
    getTemplate(b, kind, name);
    if (minor === undefined) {
        const rec = recommendedMinor(b, kind, name, Number(major));
        if (rec === undefined)
            throw (0, errors_1.validation)(`The ${(0, exports.label)(kind)} '${name}' has no published version in major version ${major}`);
        minor = String(rec);
    }
    const v = getVersion(b, kind, name, major, minor);
    if (v.status !== "PUBLISHED")
        throw (0, errors_1.validation)(`The ${(0, exports.label)(kind)} version '${name}:${major}.${minor}' is ${v.status}; only published versions can be deployed`);
    return v;
}
function templateOps(kind) {
    const prefix = kind === "ENVIRONMENT" ? "Environment" : "Service";
    const outKey = kind === "ENVIRONMENT" ? "environmentTemplate" : "serviceTemplate";
    const versionOutKey = kind === "ENVIRONMENT" ? "environmentTemplateVersion" : "serviceTemplateVersion";
    const provisioningField = kind === "ENVIRONMENT" ? "provisioning" : "pipelineProvisioning";
    const inUse = (b, v) => {
        const matches = (d) => d.templateName === v.templateName &&
            d.templateMajorVersion === String(v.major) &&
            d.templateMinorVersion === String(v.minor);
        if (kind === "ENVIRONMENT") {
            const env = Object.values(b.state.environments).find(matches);
            return env && `environment '${env.name}'`;
        }
        const inst = Object.values(b.state.instances).find(matches);
        if (inst)
            return `service instance '${inst.serviceName}/${inst.name}'`;
        const svc = Object.values(b.state.services).find((s) => s.pipeline && matches(s.pipeline));
        return svc && `the pipeline of service '${svc.name}'`;
    };
    return {
        [`Create${prefix}Template`]: (b, input) => {
            const key = (0, state_1.templateKey)(kind, input.name);
            const existing = b.state.templates[key];
            const { hash, existing: retry } = (0, idempotency_1.nameKeyedCreate)(existing, input, `The ${(0, exports.label)(kind)} '${input.name}'`);
            if (retry)
                return { [outKey]: renderT(b, existing) };
            const now = b.now();
            const t = {
                kind,
                name: input.name,
                arn: b.arn(`${(0, exports.arnPart)(kind)}/${input.name}`),
                createdAt: now,
                lastModifiedAt: now,
                displayName: input.displayName,
                description: input.description,
                encryptionKey: input.encryptionKey,
                provisioning: input[provisioningField],
                tags: (0, backend_1.copyTags)(input.tags),
                createHash: hash,
                modified: false,
            };
            b.state.templates[key] = t;
            delete b.state.tombstones[key];
            return { [outKey]: renderT(b, t) };
        },
        [`Get${prefix}Template`]: (b, input) => ({
            [outKey]: renderT(b, getTemplate(b, kind, input.name)),
        }),
        [`Update${prefix}Template`]: (b, input) => {
            const t = getTemplate(b, kind, input.name);
            if (input.displayName !== undefined)
                t.displayName = input.displayName;
            if (input.description !== undefined)
                t.description = input.description;
            t.lastModifiedAt = b.now();
            t.modified = true;
            return { [outKey]: renderT(b, t) };
        },
        [`Delete${prefix}Template`]: (b, input) => {
            const key = (0, state_1.templateKey)(kind, input.name);
            const t = b.state.templates[key];
            if (!t) {
                if (b.state.tombstones[key])
                    return {};
                throw (0, errors_1.notFound)(`The ${(0, exports.label)(kind)} '${input.name}' does not exist`);
            }
            if (versionsOf(b, kind, input.name).length > 0)
                throw (0, errors_1.conflict)(`The ${(0, exports.label)(kind)} '${input.name}' still has versions; delete them first`);
            const out = renderT(b, t);
            delete b.state.templates[key];
            b.state.tombstones[key] = b.now();
            return { [outKey]: out };
        },
        [`List${prefix}Templates`]: (b, input) => {
            const all = Object.values(b.state.templates)
                .filter((t) => t.kind === kind)
                .sort((x, y) => x.name.localeCompare(y.name));
            const { page, nextToken } = (0, pagination_1.paginate)(`List${prefix}Templates`, all, input);
            return {
                templates: page.map((t) => {
                    const { encryptionKey: _omit, ...summary } = renderT(b, t);
                    return summary;
                }),
                ...(nextToken ? { nextToken } : {}),
            };
        },
        [`Create${prefix}TemplateVersion`]: (b, input) => (0, idempotency_1.clientTokenCreate)(b, `Create${prefix}TemplateVersion`, input, (key) => {
            const v = b.state.versions[key];
            return v && { [versionOutKey]: renderV(b, v) };
        }, () => {
            getTemplate(b, kind, input.templateName);
            const versions = versionsOf(b, kind, input.templateName);
            let major;
            let minor;
            if (input.majorVersion === undefined) {
                major = versions.length ? Math.max(...versions.map((v) => v.major)) + 1 : 1;
                minor = 0;
            }
            else {
                major = Number(input.majorVersion);
                const sameMajor = versions.filter((v) => v.major === major);
                if (!sameMajor.length)
                    throw (0, errors_1.validation)(`The ${(0, exports.label)(kind)} '${input.templateName}' has no major version ${major}; leave majorVersion out to start a new major version`);
                minor = Math.max(...sameMajor.map((v) => v.minor)) + 1;
            }
            if (kind === "SERVICE") {
                for (const c of input.compatibleEnvironmentTemplates ?? []) {
                    if (!b.state.templates[(0, state_1.templateKey)("ENVIRONMENT", c.templateName)])
                        throw (0, errors_1.validation)(`Compatible environment template '${c.templateName}' does not exist`);
                }
            }
            const now = b.now();
            const key = (0, state_1.versionKey)(kind, input.templateName, major, minor);
            const v = {
                kind,
                templateName: input.templateName,
                major,
                minor,
                status: "REGISTRATION_IN_PROGRESS",
                description: input.description,
                arn: b.arn(`${(0, exports.arnPart)(kind)}/${input.templateName}:${major}.${minor}`),
                createdAt: now,
                lastModifiedAt: now,
                source: { s3: { bucket: input.source.s3.bucket, key: input.source.s3.key } },
                compatibleEnvironmentTemplates: input.compatibleEnvironmentTemplates?.map((c) => ({
                    templateName: c.templateName,
                    majorVersion: c.majorVersion,
                })),
                supportedComponentSources: input.supportedComponentSources,
                tags: (0, backend_1.copyTags)(input.tags),
                pending: b.schedule("register", "registration", input.templateName),
            };
            b.state.versions[key] = v;
            delete b.state.tombstones[key];
            return { key, result: { [versionOutKey]: renderV(b, v) } };
        }),
        [`Get${prefix}TemplateVersion`]: (b, input) => ({
            [versionOutKey]: renderV(b, getVersion(b, kind, input.templateName, input.majorVersion, input.minorVersion)),
        }),
        [`Update${prefix}TemplateVersion`]: (b, input) => {
            const v = getVersion(b, kind, input.templateName, input.majorVersion, input.minorVersion);
            if (v.status === "REGISTRATION_IN_PROGRESS")
                throw (0, errors_1.conflict)(`The ${(0, exports.label)(kind)} version '${input.templateName}:${v.major}.${v.minor}' is still registering`);
            if (input.status !== undefined && input.status !== v.status) {
                const allowed = v.status === "DRAFT" && input.status === "PUBLISHED";
                if (!allowed)
                    throw (0, errors_1.validation)(`A ${(0, exports.label)(kind)} version can't move from ${v.status} to ${input.status}; only DRAFT -> PUBLISHED is allowed`);
                v.status = input.status;
            }
            if (input.description !== undefined)
                v.description = input.description;
            if (input.compatibleEnvironmentTemplates !== undefined) {
                for (const c of input.compatibleEnvironmentTemplates) {
                    if (!b.state.templates[(0, state_1.templateKey)("ENVIRONMENT", c.templateName)])
                        throw (0, errors_1.validation)(`Compatible environment template '${c.templateName}' does not exist`);
                }
                v.compatibleEnvironmentTemplates = input.compatibleEnvironmentTemplates;
            }
            if (input.supportedComponentSources !== undefined)
                v.supportedComponentSources = input.supportedComponentSources;
            v.lastModifiedAt = b.now();
            return { [versionOutKey]: renderV(b, v) };
        },
        [`Delete${prefix}TemplateVersion`]: (b, input) => {
            const key = (0, state_1.versionKey)(kind, input.templateName, input.majorVersion, input.minorVersion);
            const v = b.state.versions[key];
            if (!v) {
                if (b.state.tombstones[key])
                    return {};
                throw (0, errors_1.notFound)(`The ${(0, exports.label)(kind)} version '${input.templateName}:${input.majorVersion}.${input.minorVersion}' does not exist`);
            }
            const user = inUse(b, v);
            if (user)
                throw (0, errors_1.conflict)(`The ${(0, exports.label)(kind)} version '${v.templateName}:${v.major}.${v.minor}' is in use by ${user}`);
            const all = versionsOf(b, kind, v.templateName);
            const rec = recommendedVersion(b, kind, v.templateName);
            if (rec && rec.major === v.major && rec.minor === v.minor && all.length > 1)
                throw (0, errors_1.conflict)(`'${v.templateName}:${v.major}.${v.minor}' is the recommended version; delete it last`);
            const recMinor = recommendedMinor(b, kind, v.templateName, v.major);
            if (recMinor === v.minor && all.filter((x) => x.major === v.major).length > 1)
                throw (0, errors_1.conflict)(`'${v.templateName}:${v.major}.${v.minor}' is the recommended minor version of major ${v.major}; delete it last in its major`);
            const out = renderV(b, v);
            delete b.state.versions[key];
            delete b.state.syncedBundles[key];
            b.state.tombstones[key] = b.now();
            return { [versionOutKey]: out };
        },
        [`List${prefix}TemplateVersions`]: (b, input) => {
            getTemplate(b, kind, input.templateName);
            let all = versionsOf(b, kind, input.templateName);
            if (input.majorVersion !== undefined) {
                all = all.filter((v) => v.major === Number(input.majorVersion));
            }
            else {
                // Without a major version, one entry per major: its recommended minor, else its latest minor.
                const byMajor = new Map();
                for (const v of all) {
                    const rec = recommendedMinor(b, kind, v.templateName, v.major);
                    if (rec === undefined ? true : v.minor === rec)
                        byMajor.set(v.major, v);
                }
                all = [...byMajor.values()];
            }
            const { page, nextToken } = (0, pagination_1.paginate)(`List${prefix}TemplateVersions`, all, input);
            return { templateVersions: page.map((v) => renderV(b, v, true)), ...(nextToken ? { nextToken } : {}) };
        },
    };
}
/** Completes due registrations: DRAFT when the bundle is found and valid, else REGISTRATION_FAILED. */
function progressRegistrations(b, now) {
    for (const v of Object.values(b.state.versions)) {
        if (!b.isDue(v.pending, "registration", now))
            continue;
        const { failWith } = v.pending;
        delete v.pending;
        v.lastModifiedAt = now;
        if (failWith !== undefined) {
            v.status = "REGISTRATION_FAILED";
            v.statusMessage = failWith;
            continue;
        }
        try {
            const synced = b.state.syncedBundles[(0, state_1.versionKey)(v.kind, v.templateName, v.major, v.minor)];
            const bundle = synced
                ? (0, specs_1.readSyncedBundle)(synced, v.kind)
                : (0, specs_1.readBundle)(b.options.bundleRoot, v.source.s3, v.kind);
            v.schema = bundle.schema;
            v.hasPipeline = bundle.hasPipeline;
            v.status = "DRAFT";
        }
        catch (e) {
            v.status = "REGISTRATION_FAILED";
            v.statusMessage = e.message;
        }
    }
}
