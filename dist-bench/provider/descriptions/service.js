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
exports.service = exports.sameServiceSpec = void 0;
const P = __importStar(require("@aws-sdk/client-proton"));
const spec_1 = require("../../common/spec");
const common_fields_1 = require("../engine/common-fields");
const description_1 = require("../engine/description");
const errors_1 = require("../engine/errors");
const token_1 = require("../engine/token");
const model_1 = require("../../common/model");
const values_1 = require("../engine/values");
const check_1 = require("../spec/check");
const deployment_1 = require("./deployment");
// Service: one resource for the service, its instances and its pipeline, all declared by the spec.
// A spec change is split into the calls Proton requires: UpdateService adds and removes instances,
// UpdateServiceInstance changes an instance's inputs or version, UpdateServicePipeline the pipeline's.
const SERVICE_BUSY = /_IN_PROGRESS$/;
const SERVICE_FAILED = /FAILED/;
/** The spec as a comparable value: instances by name, inputs and environment, and the pipeline's inputs. */
function normalised(spec) {
    return {
        instances: [...spec.instances].sort((a, b) => a.name.localeCompare(b.name)),
        pipeline: spec.pipeline ?? null,
    };
}
function tryParse(text) {
    try {
        return typeof text === "string" ? (0, spec_1.parseServiceSpec)(text) : undefined;
    }
    catch {
        return undefined;
    }
}
const sameServiceSpec = (a, b) => {
    if (a === b)
        return true;
    const pa = tryParse(a);
    const pb = tryParse(b);
    return pa !== undefined && pb !== undefined && (0, model_1.deepEqual)(normalised(pa), normalised(pb));
};
exports.sameServiceSpec = sameServiceSpec;
/** What the service runs now, read back from its instances and pipeline. */
function liveSpec(live) {
    const instances = live.instances.map((i) => {
        const entry = tryParse(i.spec)?.instances.find((e) => e.name === i.name);
        return { name: String(i.name), environment: String(i.environmentName), inputs: entry?.inputs ?? {} };
    });
    const pipeline = live.pipeline ? (tryParse(live.pipeline.spec)?.pipeline ?? {}) : undefined;
    return { instances, ...(pipeline ? { pipeline } : {}) };
}
/** The version the service runs: its pipeline's, else its first instance's. */
const deployedVersion = (live) => {
    const source = live.pipeline ?? live.instances[0];
    return { major: source?.templateMajorVersion, minor: source?.templateMinorVersion };
};
async function instanceUpdates(ctx, id, olds, news, live, versionChanged) {
    const desired = (0, spec_1.parseServiceSpec)(String(news.spec));
    const current = liveSpec(live);
    const type = versionChanged ? (0, deployment_1.deploymentType)(olds, news, true) : "CURRENT_VERSION";
    const updates = [];
    for (const instance of desired.instances) {
        const now = current.instances.find((i) => i.name === instance.name);
        if (!now || (!versionChanged && (0, model_1.deepEqual)(now.inputs, instance.inputs)))
            continue;
        const params = {
            name: instance.name,
            serviceName: id,
            deploymentType: type,
            spec: String(news.spec),
            ...(0, deployment_1.versionMembers)(type, news),
        };
        // A deterministic token: an update retried after a crash is the same deployment request, not a second one.
        const token = (0, token_1.clientToken)("ServiceInstanceUpdate", String(news.logicalId ?? ""), params);
        updates.push((0, description_1.send)(ctx, new P.UpdateServiceInstanceCommand({ ...params, clientToken: token })));
    }
    if (live.pipeline && (versionChanged || !(0, model_1.deepEqual)(current.pipeline ?? {}, desired.pipeline ?? {})))
        updates.push((0, description_1.send)(ctx, new P.UpdateServicePipelineCommand({
            serviceName: id,
            deploymentType: type,
            spec: String(news.spec),
            ...(0, deployment_1.versionMembers)(type, news),
        })));
    await Promise.all(updates);
}
exports.service = {
    type: "Service",
    label: "service",
    idempotency: "name-keyed",
    deleteKind: "async",
    createOperation: "CreateService",
    fields: {
        name: { replace: true },
        templateName: { replace: true },
        templateMajorVersion: {},
        templateMinorVersion: { serverDefault: true },
        spec: { same: exports.sameServiceSpec },
        description: {},
        repositoryConnectionArn: { replace: true },
        repositoryId: { replace: true },
        branchName: { replace: true },
        templateSchema: { local: true },
    },
    nameOf: (inputs) => (0, values_1.shown)(inputs.name),
    idFromInputs: (inputs) => String(inputs.name),
    check(inputs) {
        const failures = (0, check_1.checkServiceSpec)(inputs.spec, inputs.templateSchema);
        (0, check_1.digestSchema)(inputs);
        return failures;
    },
    createInput: (i) => ({
        name: i.name,
        description: i.description,
        templateName: i.templateName,
        templateMajorVersion: i.templateMajorVersion,
        templateMinorVersion: i.templateMinorVersion,
        spec: i.spec,
        repositoryConnectionArn: i.repositoryConnectionArn,
        repositoryId: i.repositoryId,
        branchName: i.branchName,
    }),
    async create(ctx, inputs) {
        await (0, description_1.send)(ctx, new P.CreateServiceCommand({ ...this.createInput(inputs), tags: (0, common_fields_1.tagList)(inputs.tags) }));
        return String(inputs.name);
    },
    async read(ctx, id) {
        const svc = (await (0, description_1.send)(ctx, new P.GetServiceCommand({ name: id }))).service;
        if (!svc)
            return undefined;
        const instances = [];
        for await (const page of P.paginateListServiceInstances({ client: ctx.client }, { serviceName: id })) {
            for (const summary of page.serviceInstances ?? []) {
                // Why: an instance listed a moment ago can be gone by now (an instance removal or the service's
                // own deletion finishing). Its not-found must not read as the *service* being gone, which made a
                // deletion poll stop early and a refresh drop a service that still exists.
                const full = await (0, description_1.send)(ctx, new P.GetServiceInstanceCommand({ name: summary.name, serviceName: id })).catch((e) => {
                    if ((0, errors_1.isNotFound)(e))
                        return undefined;
                    throw e;
                });
                if (full)
                    instances.push(full.serviceInstance);
            }
        }
        return { ...svc, instances };
    },
    health(live) {
        const status = String(live.status);
        if (SERVICE_BUSY.test(status))
            return { state: "busy", status };
        for (const i of live.instances) {
            const h = (0, deployment_1.deploymentHealth)(i, `instance '${i.name}'`);
            if (h.state === "busy")
                return h;
        }
        const pipeline = (0, deployment_1.deploymentHealth)(live.pipeline, "pipeline");
        if (pipeline.state === "busy")
            return pipeline;
        if (SERVICE_FAILED.test(status))
            return { state: "failed", status, message: String(live.statusMessage ?? "no status message") };
        for (const i of live.instances) {
            const h = (0, deployment_1.deploymentHealth)(i, `instance '${i.name}'`);
            if (h.state === "failed")
                return h;
        }
        return pipeline;
    },
    liveInputs(live, prior) {
        const spec = liveSpec(live);
        const version = deployedVersion(live);
        return {
            name: live.name,
            templateName: live.templateName,
            templateMajorVersion: version.major ?? prior.templateMajorVersion,
            templateMinorVersion: prior.templateMinorVersion === undefined ? undefined : (version.minor ?? prior.templateMinorVersion),
            spec: (0, exports.sameServiceSpec)(prior.spec, (0, spec_1.renderServiceSpec)(spec)) ? prior.spec : (0, spec_1.renderServiceSpec)(spec),
            description: live.description,
            repositoryConnectionArn: live.repositoryConnectionArn,
            repositoryId: live.repositoryId,
            branchName: live.branchName,
        };
    },
    outputs(live) {
        const version = deployedVersion(live);
        return {
            arn: live.arn,
            status: live.status,
            statusMessage: live.statusMessage ?? "",
            templateMajorVersion: version.major,
            templateMinorVersion: version.minor,
            createdAt: (0, values_1.isoTime)(live.createdAt),
            lastModifiedAt: (0, values_1.isoTime)(live.lastModifiedAt),
            pipeline: live.pipeline
                ? {
                    arn: live.pipeline.arn,
                    deploymentStatus: live.pipeline.deploymentStatus,
                    deploymentStatusMessage: live.pipeline.deploymentStatusMessage ?? "",
                    templateMajorVersion: live.pipeline.templateMajorVersion,
                    templateMinorVersion: live.pipeline.templateMinorVersion,
                }
                : null,
            instances: live.instances.map((i) => ({
                name: i.name,
                environmentName: i.environmentName,
                arn: i.arn,
                deploymentStatus: i.deploymentStatus,
                deploymentStatusMessage: i.deploymentStatusMessage ?? "",
                templateMajorVersion: i.templateMajorVersion,
                templateMinorVersion: i.templateMinorVersion,
            })),
        };
    },
    needsReplacement: (olds) => (/^CREATE_FAILED/.test(String(olds.status ?? "")) ? "status" : undefined),
    async update(ctx, id, olds, news, changed, live) {
        const desired = (0, spec_1.parseServiceSpec)(String(news.spec));
        const current = liveSpec(live);
        const names = (s) => s.instances.map((i) => i.name).sort();
        const instanceSetChanged = !(0, model_1.deepEqual)(names(desired), names(current));
        if (changed.includes("description") || instanceSetChanged) {
            // UpdateService may only add and drop instances: existing ones keep their current inputs here.
            const transitional = {
                instances: desired.instances.map((i) => current.instances.find((c) => c.name === i.name) ?? i),
                ...(current.pipeline ? { pipeline: current.pipeline } : {}),
            };
            await (0, description_1.send)(ctx, new P.UpdateServiceCommand({
                name: id,
                ...(changed.includes("description") ? { description: news.description ?? "" } : {}),
                ...(instanceSetChanged ? { spec: (0, spec_1.renderServiceSpec)(transitional) } : {}),
            }));
            live = await ctx.settle("the instance changes");
        }
        const versionChanged = news.templateMajorVersion !== olds.templateMajorVersion ||
            (news.templateMinorVersion !== undefined && news.templateMinorVersion !== olds.templateMinorVersion);
        if (changed.includes("spec") || versionChanged)
            await instanceUpdates(ctx, id, olds, news, live, versionChanged);
    },
    async recover(ctx, id, inputs, live) {
        const spec = String(inputs.spec);
        const failed = (d) => d && (0, deployment_1.deploymentHealth)(d, "").state === "failed";
        const retries = live.instances.filter(failed).map((i) => {
            const params = { name: i.name, serviceName: id, deploymentType: "CURRENT_VERSION", spec };
            // Why: the token of the update that failed would be answered with that failed deployment. One derived
            // from the failed deployment's id asks for a new one, and a retried recovery still asks only once.
            const token = (0, token_1.clientToken)("ServiceInstanceRecovery", String(inputs.logicalId ?? ""), {
                ...params,
                failedDeployment: i.lastAttemptedDeploymentId,
            });
            return (0, description_1.send)(ctx, new P.UpdateServiceInstanceCommand({ ...params, clientToken: token }));
        });
        if (failed(live.pipeline))
            retries.push((0, description_1.send)(ctx, new P.UpdateServicePipelineCommand({ serviceName: id, deploymentType: "CURRENT_VERSION", spec })));
        await Promise.all(retries);
    },
    async delete(ctx, id) {
        await (0, description_1.send)(ctx, new P.DeleteServiceCommand({ name: id }));
    },
};
