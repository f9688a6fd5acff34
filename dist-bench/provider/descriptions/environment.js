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
exports.environment = void 0;
const P = __importStar(require("@aws-sdk/client-proton"));
const common_fields_1 = require("../engine/common-fields");
const description_1 = require("../engine/description");
const values_1 = require("../engine/values");
const check_1 = require("../spec/check");
const semantic_1 = require("../spec/semantic");
const deployment_1 = require("./deployment");
// Environment: name-keyed create that deploys; spec and template version change in place with the
// matching deploymentType; asynchronous delete.
const METADATA = [
    "description",
    "protonServiceRoleArn",
    "environmentAccountConnectionId",
    "componentRoleArn",
    "codebuildRoleArn",
    "provisioningRepository",
];
exports.environment = {
    type: "Environment",
    label: "environment",
    idempotency: "name-keyed",
    deleteKind: "async",
    createOperation: "CreateEnvironment",
    fields: {
        name: { replace: true },
        templateName: { replace: true },
        templateMajorVersion: {},
        templateMinorVersion: { serverDefault: true },
        spec: { same: semantic_1.sameSpec },
        description: {},
        protonServiceRoleArn: {},
        environmentAccountConnectionId: {},
        componentRoleArn: {},
        codebuildRoleArn: {},
        provisioningRepository: {},
        templateSchema: { local: true },
    },
    nameOf: (inputs) => (0, values_1.shown)(inputs.name),
    idFromInputs: (inputs) => String(inputs.name),
    check(inputs) {
        const failures = (0, check_1.checkEnvironmentSpec)(inputs.spec, inputs.templateSchema);
        (0, check_1.digestSchema)(inputs);
        return failures;
    },
    createInput: (i) => ({
        name: i.name,
        templateName: i.templateName,
        templateMajorVersion: i.templateMajorVersion,
        templateMinorVersion: i.templateMinorVersion,
        description: i.description,
        spec: i.spec,
        protonServiceRoleArn: i.protonServiceRoleArn,
        environmentAccountConnectionId: i.environmentAccountConnectionId,
        provisioningRepository: i.provisioningRepository,
        componentRoleArn: i.componentRoleArn,
        codebuildRoleArn: i.codebuildRoleArn,
    }),
    async create(ctx, inputs) {
        await (0, description_1.send)(ctx, new P.CreateEnvironmentCommand({ ...this.createInput(inputs), tags: (0, common_fields_1.tagList)(inputs.tags) }));
        return String(inputs.name);
    },
    read: async (ctx, id) => (await (0, description_1.send)(ctx, new P.GetEnvironmentCommand({ name: id }))).environment,
    health: (live) => (0, deployment_1.deploymentHealth)(live, ""),
    liveInputs: (live, prior) => ({
        name: live.name,
        templateName: live.templateName,
        templateMajorVersion: live.templateMajorVersion,
        templateMinorVersion: prior.templateMinorVersion === undefined ? undefined : live.templateMinorVersion,
        spec: (0, semantic_1.sameSpec)(prior.spec, live.spec) ? prior.spec : live.spec,
        description: live.description,
        protonServiceRoleArn: live.protonServiceRoleArn,
        environmentAccountConnectionId: live.environmentAccountConnectionId,
        componentRoleArn: live.componentRoleArn,
        codebuildRoleArn: live.codebuildRoleArn,
        provisioningRepository: live.provisioningRepository
            ? {
                provider: live.provisioningRepository.provider,
                name: live.provisioningRepository.name,
                branch: live.provisioningRepository.branch,
            }
            : undefined,
    }),
    outputs: (live) => ({
        arn: live.arn,
        deploymentStatus: live.deploymentStatus,
        deploymentStatusMessage: live.deploymentStatusMessage ?? "",
        templateMajorVersion: live.templateMajorVersion,
        templateMinorVersion: live.templateMinorVersion,
        environmentAccountId: live.environmentAccountId ?? "",
        createdAt: (0, values_1.isoTime)(live.createdAt),
        lastDeploymentAttemptedAt: (0, values_1.isoTime)(live.lastDeploymentAttemptedAt),
        lastDeploymentSucceededAt: (0, values_1.isoTime)(live.lastDeploymentSucceededAt),
        lastAttemptedDeploymentId: live.lastAttemptedDeploymentId ?? "",
        lastSucceededDeploymentId: live.lastSucceededDeploymentId ?? "",
    }),
    async update(ctx, id, olds, news, changed) {
        const metadata = (fields) => Object.fromEntries(fields
            .filter((f) => changed.includes(f))
            .map((f) => [f, news[f] ?? (f === "description" ? "" : undefined)]));
        // Proton takes one of the role and the connection per call.
        if (changed.includes("protonServiceRoleArn") && changed.includes("environmentAccountConnectionId")) {
            await (0, description_1.send)(ctx, new P.UpdateEnvironmentCommand({
                name: id,
                deploymentType: "NONE",
                ...metadata(["environmentAccountConnectionId"]),
            }));
            changed = changed.filter((f) => f !== "environmentAccountConnectionId");
        }
        const type = (0, deployment_1.deploymentType)(olds, news, changed.includes("spec"));
        await (0, description_1.send)(ctx, new P.UpdateEnvironmentCommand({
            name: id,
            deploymentType: type,
            ...(type === "NONE" ? {} : { spec: news.spec }),
            ...(0, deployment_1.versionMembers)(type, news),
            ...metadata(METADATA),
        }));
    },
    async recover(ctx, id, inputs) {
        await (0, description_1.send)(ctx, new P.UpdateEnvironmentCommand({
            name: id,
            deploymentType: "CURRENT_VERSION",
            spec: inputs.spec,
        }));
    },
    async delete(ctx, id) {
        await (0, description_1.send)(ctx, new P.DeleteEnvironmentCommand({ name: id }));
    },
};
