"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.versionKey = versionKey;
exports.templateVersionDescription = templateVersionDescription;
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const P = __importStar(require("@aws-sdk/client-proton"));
const common_fields_1 = require("../engine/common-fields");
const description_1 = require("../engine/description");
const errors_1 = require("../engine/errors");
const token_1 = require("../engine/token");
const wait_1 = require("../engine/wait");
const values_1 = require("../engine/values");
const semantic_1 = require("../spec/semantic");
const spec_1 = require("../../common/spec");
const versionOrder_1 = require("./versionOrder");
// EnvironmentTemplateVersion and ServiceTemplateVersion: client-token creates whose major/minor numbers
// Proton assigns; registered asynchronously, then published unless `publish: false`.
const API = {
    Environment: {
        create: P.CreateEnvironmentTemplateVersionCommand,
        get: P.GetEnvironmentTemplateVersionCommand,
        update: P.UpdateEnvironmentTemplateVersionCommand,
        delete: P.DeleteEnvironmentTemplateVersionCommand,
        out: "environmentTemplateVersion",
    },
    Service: {
        create: P.CreateServiceTemplateVersionCommand,
        get: P.GetServiceTemplateVersionCommand,
        update: P.UpdateServiceTemplateVersionCommand,
        delete: P.DeleteServiceTemplateVersionCommand,
        out: "serviceTemplateVersion",
    },
};
/** "vpc:1.0" -> key members of the Get/Update/Delete calls. */
function versionKey(id) {
    const m = /^(.+):(\d+)\.(\d+)$/.exec(id);
    if (!m)
        throw new Error(`'${id}' is not a template version id (template:major.minor)`);
    return { templateName: m[1], majorVersion: m[2], minorVersion: m[3] };
}
/**
 * Reads `schema/schema.yaml` from a local bundle folder, for preview-time checks and diffs, and judges it
 * by the rules registration applies (common/spec.ts), so a bundle Proton would refuse fails at preview.
 */
function readLocalSchema(dir, kind) {
    const file = (0, node_path_1.join)(dir, "schema", "schema.yaml");
    if (!(0, node_fs_1.existsSync)(file))
        return { problem: `bundleDir '${dir}' has no schema/schema.yaml` };
    const text = (0, node_fs_1.readFileSync)(file, "utf8");
    const hasPipeline = kind === "Service" && (0, node_fs_1.existsSync)((0, node_path_1.join)(dir, "pipeline_infrastructure"));
    const problem = (0, spec_1.bundleSchemaProblem)(text, kind === "Environment" ? "ENVIRONMENT" : "SERVICE", hasPipeline);
    return problem ? { problem: `bundleDir '${dir}': ${problem}` } : { schema: text };
}
function templateVersionDescription(kind) {
    const api = API[kind];
    const service = kind === "Service";
    const serviceFields = service
        ? { compatibleEnvironmentTemplates: {}, supportedComponentSources: { serverDefault: true } }
        : {};
    return {
        type: `${kind}TemplateVersion`,
        label: `${kind.toLowerCase()} template version`,
        idempotency: "client-token",
        deleteKind: "sync",
        createOperation: `Create${kind}TemplateVersion`,
        fields: {
            templateName: { replace: true },
            majorVersion: { replace: true, serverDefault: true },
            source: { replace: true },
            /** A changed schema in the local bundle means a new version: versions are immutable. */
            schema: { replace: true, serverDefault: true, same: semantic_1.sameSpec },
            description: {},
            /** Publishing is one-way: unpublishing needs a new version. */
            publish: {
                same: (a, b) => (a ?? true) === (b ?? true),
                replaceWhen: (a, b) => (a ?? true) && b === false,
            },
            bundleDir: { local: true },
            ...serviceFields,
        },
        nameOf: (inputs, id) => id ?? `${(0, values_1.shown)(inputs.templateName)}:${inputs.majorVersion ?? "new major"}`,
        check(inputs) {
            const failures = [];
            if (inputs.publish !== undefined && !(0, values_1.hasUnknown)(inputs.publish) && typeof inputs.publish !== "boolean")
                failures.push({ property: "publish", reason: "publish must be true or false" });
            if (typeof inputs.bundleDir === "string" && !(0, values_1.hasUnknown)(inputs.bundleDir)) {
                const { schema, problem } = readLocalSchema(inputs.bundleDir, kind);
                if (problem)
                    failures.push({ property: "bundleDir", reason: problem });
                else
                    inputs.schema = schema;
            }
            return failures;
        },
        createInput: (i) => ({
            templateName: i.templateName,
            description: i.description,
            majorVersion: i.majorVersion,
            source: i.source,
            ...(service
                ? {
                    compatibleEnvironmentTemplates: i.compatibleEnvironmentTemplates,
                    supportedComponentSources: i.supportedComponentSources,
                }
                : {}),
        }),
        async create(ctx, inputs, token) {
            const idOf = (v) => `${v.templateName}:${v.majorVersion}.${v.minorVersion}`;
            const v = await (0, token_1.createPastFailedAttempts)(token, async (clientToken) => (await (0, description_1.send)(ctx, new api.create({
                ...this.createInput(inputs),
                tags: (0, common_fields_1.tagList)(inputs.tags),
                clientToken,
            })))[api.out], 
            // A new version starts REGISTRATION_IN_PROGRESS: a failed one is the attempt being replaced.
            (answer) => (answer.status === "REGISTRATION_FAILED" ? idOf(answer) : undefined));
            return idOf(v);
        },
        async read(ctx, id) {
            return (await (0, description_1.send)(ctx, new api.get(versionKey(id))))[api.out];
        },
        health: (live) => live.status === "REGISTRATION_IN_PROGRESS"
            ? { state: "busy", status: String(live.status) }
            : live.status === "REGISTRATION_FAILED"
                ? {
                    state: "failed",
                    status: "REGISTRATION_FAILED",
                    message: String(live.statusMessage ?? "registration failed"),
                }
                : { state: "stable" },
        liveInputs: (live, prior) => ({
            templateName: live.templateName,
            majorVersion: prior.majorVersion === undefined ? undefined : live.majorVersion,
            source: prior.source,
            schema: prior.schema === undefined || (0, semantic_1.sameSpec)(prior.schema, live.schema) ? prior.schema : live.schema,
            description: live.description,
            publish: live.status === "PUBLISHED"
                ? (prior.publish ?? true)
                : live.status === "DRAFT"
                    ? false
                    : prior.publish,
            ...(service
                ? {
                    compatibleEnvironmentTemplates: live.compatibleEnvironmentTemplates,
                    supportedComponentSources: prior.supportedComponentSources === undefined ? undefined : live.supportedComponentSources,
                }
                : {}),
        }),
        outputs: (live) => ({
            majorVersion: live.majorVersion,
            minorVersion: live.minorVersion,
            version: `${live.majorVersion}.${live.minorVersion}`,
            status: live.status,
            statusMessage: live.statusMessage ?? "",
            recommendedMinorVersion: live.recommendedMinorVersion ?? "",
            arn: live.arn,
            schema: live.schema ?? "",
            createdAt: (0, values_1.isoTime)(live.createdAt),
            lastModifiedAt: (0, values_1.isoTime)(live.lastModifiedAt),
        }),
        needsReplacement: (olds) => (olds.status === "REGISTRATION_FAILED" ? "status" : undefined),
        async update(ctx, id, _olds, news, changed) {
            const fields = ["description", "compatibleEnvironmentTemplates", "supportedComponentSources"].filter((f) => changed.includes(f));
            if (!fields.length)
                return;
            await (0, description_1.send)(ctx, new api.update({
                ...versionKey(id),
                ...(changed.includes("description") ? { description: news.description ?? "" } : {}),
                ...(service && changed.includes("compatibleEnvironmentTemplates")
                    ? { compatibleEnvironmentTemplates: news.compatibleEnvironmentTemplates }
                    : {}),
                ...(service && changed.includes("supportedComponentSources")
                    ? { supportedComponentSources: news.supportedComponentSources ?? [] }
                    : {}),
            }));
        },
        async converge(ctx, id, inputs, live) {
            if (inputs.publish === false || live.status !== "DRAFT")
                return false;
            await (0, description_1.send)(ctx, new api.update({ ...versionKey(id), status: "PUBLISHED" }));
            return true;
        },
        async delete(ctx, id) {
            const key = versionKey(id);
            const version = `${key.majorVersion}.${key.minorVersion}`;
            // Why: Proton deletes a major's recommended minor (and the template's recommended version) last. A
            // refusal by that rule is retried only while the versions blocking it are going away (siblings
            // deleted in the same run); otherwise it is final at once, with the reason and the fix, instead of
            // a conflict retried until the delete timeout.
            let blockedBy;
            await (0, wait_1.waitFor)(ctx.client, ctx.what, "the versions Proton deletes first", ctx.timeoutMs, async () => {
                try {
                    await (0, description_1.send)(ctx, new api.delete(key));
                    return { state: "done", value: undefined };
                }
                catch (e) {
                    if (!(0, errors_1.isConflict)(e))
                        throw e;
                    const all = await (0, versionOrder_1.templateVersions)(ctx.client, kind, key.templateName);
                    const refusal = (0, versionOrder_1.deleteRefusal)(all, key.majorVersion, key.minorVersion);
                    if (!refusal)
                        throw e;
                    const blockers = refusal.blockers.join(", ");
                    if (blockers === blockedBy)
                        throw new errors_1.Explained(`${ctx.what}: ${(0, versionOrder_1.refusalMessage)(key.templateName, version, refusal)}`);
                    blockedBy = blockers;
                    return { state: "pending", status: `waiting for ${blockers} to be deleted first` };
                }
            });
        },
    };
}
