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
exports.connection = void 0;
const P = __importStar(require("@aws-sdk/client-proton"));
const common_fields_1 = require("../engine/common-fields");
const description_1 = require("../engine/description");
const token_1 = require("../engine/token");
const values_1 = require("../engine/values");
// EnvironmentAccountConnection: requested from the environment account with a client token (so a
// retried create never makes a second connection); optionally accepted from the management side.
const ROLES = ["roleArn", "componentRoleArn", "codebuildRoleArn"];
exports.connection = {
    type: "EnvironmentAccountConnection",
    label: "environment account connection",
    idempotency: "client-token",
    deleteKind: "sync",
    createOperation: "CreateEnvironmentAccountConnection",
    fields: {
        managementAccountId: { replace: true },
        environmentName: { replace: true },
        roleArn: {},
        componentRoleArn: {},
        codebuildRoleArn: {},
        accept: { same: (a, b) => Boolean(a) === Boolean(b) },
    },
    nameOf: (inputs, id) => `${(0, values_1.shown)(inputs.environmentName)} -> ${(0, values_1.shown)(inputs.managementAccountId)}${id ? ` (${id})` : ""}`,
    check: (inputs) => inputs.accept !== undefined && !(0, values_1.hasUnknown)(inputs.accept) && typeof inputs.accept !== "boolean"
        ? [{ property: "accept", reason: "accept must be true or false" }]
        : [],
    createInput: (i) => ({
        managementAccountId: i.managementAccountId,
        roleArn: i.roleArn,
        environmentName: i.environmentName,
        componentRoleArn: i.componentRoleArn,
        codebuildRoleArn: i.codebuildRoleArn,
    }),
    async create(ctx, inputs, token) {
        const connection = await (0, token_1.createPastFailedAttempts)(token, async (clientToken) => (await (0, description_1.send)(ctx, new P.CreateEnvironmentAccountConnectionCommand({
            ...this.createInput(inputs),
            tags: (0, common_fields_1.tagList)(inputs.tags),
            clientToken,
        }))).environmentAccountConnection, 
        // A new connection starts PENDING: a rejected one is the connection being replaced.
        (answer) => (answer.status === "REJECTED" ? String(answer.id) : undefined));
        return String(connection.id);
    },
    read: async (ctx, id) => (await (0, description_1.send)(ctx, new P.GetEnvironmentAccountConnectionCommand({ id }))).environmentAccountConnection,
    health: () => ({ state: "stable" }),
    liveInputs: (live, prior) => ({
        managementAccountId: live.managementAccountId,
        environmentName: live.environmentName,
        roleArn: live.roleArn,
        componentRoleArn: live.componentRoleArn,
        codebuildRoleArn: live.codebuildRoleArn,
        accept: live.status === "CONNECTED"
            ? (prior.accept ?? undefined)
            : live.status === "PENDING"
                ? undefined
                : prior.accept,
    }),
    outputs: (live) => ({
        connectionId: live.id,
        arn: live.arn,
        status: live.status,
        environmentAccountId: live.environmentAccountId,
        requestedAt: (0, values_1.isoTime)(live.requestedAt),
        lastModifiedAt: (0, values_1.isoTime)(live.lastModifiedAt),
    }),
    needsReplacement: (olds) => (olds.status === "REJECTED" ? "status" : undefined),
    async update(ctx, id, _olds, news, changed) {
        const roles = ROLES.filter((f) => changed.includes(f) && news[f] !== undefined);
        if (roles.length)
            await (0, description_1.send)(ctx, new P.UpdateEnvironmentAccountConnectionCommand({
                id,
                ...Object.fromEntries(roles.map((f) => [f, news[f]])),
            }));
    },
    async converge(ctx, id, inputs, live) {
        if (inputs.accept !== true || live.status !== "PENDING")
            return false;
        await (0, description_1.send)(ctx, new P.AcceptEnvironmentAccountConnectionCommand({ id }));
        return true;
    },
    async delete(ctx, id) {
        await (0, description_1.send)(ctx, new P.DeleteEnvironmentAccountConnectionCommand({ id }));
    },
};
