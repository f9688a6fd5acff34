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
exports.templateDescription = templateDescription;
const P = __importStar(require("@aws-sdk/client-proton"));
const description_1 = require("../engine/description");
const common_fields_1 = require("../engine/common-fields");
const errors_1 = require("../engine/errors");
const log_1 = require("../engine/log");
const values_1 = require("../engine/values");
const versionOrder_1 = require("./versionOrder");
// EnvironmentTemplate and ServiceTemplate: name-keyed, updated in place through Update*Template.
const API = {
    Environment: {
        create: P.CreateEnvironmentTemplateCommand,
        get: P.GetEnvironmentTemplateCommand,
        update: P.UpdateEnvironmentTemplateCommand,
        delete: P.DeleteEnvironmentTemplateCommand,
        out: "environmentTemplate",
        provisioning: "provisioning",
    },
    Service: {
        create: P.CreateServiceTemplateCommand,
        get: P.GetServiceTemplateCommand,
        update: P.UpdateServiceTemplateCommand,
        delete: P.DeleteServiceTemplateCommand,
        out: "serviceTemplate",
        provisioning: "pipelineProvisioning",
    },
};
const versionApi = {
    Environment: P.DeleteEnvironmentTemplateVersionCommand,
    Service: P.DeleteServiceTemplateVersionCommand,
};
function templateDescription(kind) {
    const api = API[kind];
    const provisioning = api.provisioning;
    return {
        type: `${kind}Template`,
        label: `${kind.toLowerCase()} template`,
        idempotency: "name-keyed",
        deleteKind: "sync",
        createOperation: `Create${kind}Template`,
        fields: {
            name: { replace: true },
            displayName: {},
            description: {},
            encryptionKey: { replace: true },
            [provisioning]: { replace: true },
        },
        nameOf: (inputs) => (0, values_1.shown)(inputs.name),
        idFromInputs: (inputs) => String(inputs.name),
        createInput: (i) => ({
            name: i.name,
            displayName: i.displayName,
            description: i.description,
            encryptionKey: i.encryptionKey,
            [provisioning]: i[provisioning],
        }),
        async create(ctx, inputs) {
            await (0, description_1.send)(ctx, new api.create({ ...this.createInput(inputs), tags: (0, common_fields_1.tagList)(inputs.tags) }));
            return String(inputs.name);
        },
        async read(ctx, id) {
            const out = await (0, description_1.send)(ctx, new api.get({ name: id }));
            return out[api.out];
        },
        health: () => ({ state: "stable" }),
        liveInputs: (live) => ({
            name: live.name,
            displayName: live.displayName,
            description: live.description,
            encryptionKey: live.encryptionKey,
            [provisioning]: live[provisioning],
        }),
        outputs: (live) => ({
            arn: live.arn,
            recommendedVersion: live.recommendedVersion ?? "",
            createdAt: (0, values_1.isoTime)(live.createdAt),
            lastModifiedAt: (0, values_1.isoTime)(live.lastModifiedAt),
        }),
        async update(ctx, id, _olds, news, changed) {
            if (!changed.some((f) => f === "displayName" || f === "description"))
                return;
            // An absent description is cleared with "", which the API accepts (displayName can't be emptied).
            await (0, description_1.send)(ctx, new api.update({
                name: id,
                displayName: news.displayName,
                description: news.description ?? "",
            }));
        },
        async delete(ctx, id) {
            // Proton deletes a template only once its versions are gone. Versions given `template:` are deleted
            // with it (Pulumi's deletedWith), so the ones left go here, in the order Proton allows.
            const left = await (0, versionOrder_1.templateVersions)(ctx.client, kind, id).catch((e) => {
                if ((0, errors_1.isNotFound)(e))
                    return { versions: [] };
                throw e;
            });
            for (const v of (0, versionOrder_1.deletionOrder)(left)) {
                (0, log_1.progress)(ctx, `${ctx.what}: deleting its version ${v.majorVersion}.${v.minorVersion}`);
                await (0, description_1.send)(ctx, new versionApi[kind]({
                    templateName: id,
                    majorVersion: v.majorVersion,
                    minorVersion: v.minorVersion,
                })).catch((e) => {
                    if (!(0, errors_1.isNotFound)(e))
                        throw e;
                });
            }
            await (0, description_1.send)(ctx, new api.delete({ name: id }));
        },
    };
}
