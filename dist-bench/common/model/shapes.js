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
exports.OutputsList = exports.ListServiceInstancesFilterList = exports.EnvironmentTemplateFilterList = exports.RepositoryBranchInput = exports.CompatibleEnvironmentTemplateInputList = exports.TemplateVersionSourceInput = exports.TagKeyList = exports.TagList = exports.E = exports.S = exports.token = exports.opt = exports.req = exports.union = exports.struct = exports.listOf = void 0;
const Sdk = __importStar(require("@aws-sdk/client-proton"));
const str = (min, max, pattern, sensitive) => ({
    kind: "string",
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
    ...(pattern ? { pattern } : {}),
    ...(sensitive ? { sensitive } : {}),
});
const sensitive = (min, max) => str(min, max, undefined, true);
/**
 * An enum in the Smithy model's order (AWS lists the values in that order in its messages). The values are
 * typed against the SDK's enum, and model.test.ts proves none is missing.
 */
function enumOf(_sdk, ...values) {
    return { kind: "enum", values };
}
const listOf = (member, min, max) => ({
    kind: "list",
    member,
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
});
exports.listOf = listOf;
const struct = (members) => ({ kind: "structure", members });
exports.struct = struct;
/** Exactly one member set (Smithy's union). */
const union = (members) => ({ kind: "structure", members, union: true });
exports.union = union;
const req = (shape) => ({ shape, required: true });
exports.req = req;
const opt = (shape) => ({ shape });
exports.opt = opt;
const token = (shape) => ({ shape, idempotencyToken: true });
exports.token = token;
const NAME = /^[0-9A-Za-z]+[0-9A-Za-z_-]*$/;
const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role\/([\w+=,.@-]{1,512}[/:])*([\w+=,.@-]{1,64})$/;
/** Scalar shapes, named after the Smithy model's. */
exports.S = {
    ResourceName: str(1, 100, NAME),
    ResourceNameOrEmpty: str(0, 100, new RegExp(`(^$)|${NAME.source}`)),
    TemplateVersionPart: str(1, 20, /^(0|([1-9]{1}\d*))$/),
    Description: sensitive(0, 500),
    DisplayName: sensitive(1, 100),
    SpecContents: sensitive(1, 51200),
    TemplateFileContents: sensitive(1, 51200),
    TemplateManifestContents: sensitive(1, 1024),
    StatusMessage: sensitive(0, 5000),
    Arn: str(1, 200, /^arn:(aws|aws-cn|aws-us-gov):[a-zA-Z0-9-]+:[a-zA-Z0-9-]*:\d{12}:([\w+=,.@-]+[/:])*[\w+=,.@-]+$/),
    RoleArn: str(1, 2048, ROLE_ARN),
    RoleArnOrEmptyString: str(0, 2048, new RegExp(`(^$)|(${ROLE_ARN.source})`)),
    AwsAccountId: str(undefined, undefined, /^\d{12}$/),
    Uuid: str(undefined, undefined, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
    ClientToken: str(0, 64, /^[!-~]*$/),
    NextToken: str(undefined, undefined, /^[A-Za-z0-9+=/]+$/),
    EmptyNextToken: str(0, 0),
    String: str(),
    MaxPageResults: { kind: "integer", min: 1, max: 100 },
    Boolean: { kind: "boolean" },
    RepositoryName: str(1, 100, /[A-Za-z0-9_.-].*\/[A-Za-z0-9_.-].*/),
    RepositoryId: str(1, 200),
    GitBranchName: str(1, 200),
    OpsFilePath: str(1, 4096),
    Subdirectory: str(1, 4096),
    S3Bucket: str(3, 63, /^[a-z0-9]+[a-z0-9-.]+[a-z0-9]+$/),
    S3Key: str(1, 1024),
    TagKey: str(1, 128),
    TagValue: str(0, 256),
    OutputKey: str(1, 1024),
    OutputValue: str(1, 1024),
};
/** Enums, in the Smithy model's order. */
exports.E = {
    Provisioning: enumOf(Sdk.Provisioning, "CUSTOMER_MANAGED"),
    TemplateVersionStatus: enumOf(Sdk.TemplateVersionStatus, "REGISTRATION_IN_PROGRESS", "REGISTRATION_FAILED", "DRAFT", "PUBLISHED"),
    DeploymentUpdateType: enumOf(Sdk.DeploymentUpdateType, "NONE", "CURRENT_VERSION", "MINOR_VERSION", "MAJOR_VERSION"),
    ComponentDeploymentUpdateType: enumOf(Sdk.ComponentDeploymentUpdateType, "NONE", "CURRENT_VERSION"),
    EnvironmentAccountConnectionStatus: enumOf(Sdk.EnvironmentAccountConnectionStatus, "PENDING", "CONNECTED", "REJECTED"),
    EnvironmentAccountConnectionRequesterAccountType: enumOf(Sdk.EnvironmentAccountConnectionRequesterAccountType, "MANAGEMENT_ACCOUNT", "ENVIRONMENT_ACCOUNT"),
    RepositoryProvider: enumOf(Sdk.RepositoryProvider, "GITHUB", "GITHUB_ENTERPRISE", "BITBUCKET"),
    ServiceTemplateSupportedComponentSourceType: enumOf(Sdk.ServiceTemplateSupportedComponentSourceType, "DIRECTLY_DEFINED"),
    SortOrder: enumOf(Sdk.SortOrder, "ASCENDING", "DESCENDING"),
    ListServiceInstancesSortBy: enumOf(Sdk.ListServiceInstancesSortBy, "name", "deploymentStatus", "templateName", "serviceName", "environmentName", "lastDeploymentAttemptedAt", "createdAt"),
    ListServiceInstancesFilterBy: enumOf(Sdk.ListServiceInstancesFilterBy, "name", "deploymentStatus", "templateName", "serviceName", "deployedTemplateVersionStatus", "environmentName", "lastDeploymentAttemptedAtBefore", "lastDeploymentAttemptedAtAfter", "createdAtBefore", "createdAtAfter"),
    ResourceDeploymentStatus: enumOf(Sdk.ResourceDeploymentStatus, "IN_PROGRESS", "FAILED", "SUCCEEDED"),
    SyncType: enumOf(Sdk.SyncType, "TEMPLATE_SYNC", "SERVICE_SYNC"),
    TemplateType: enumOf(Sdk.TemplateType, "ENVIRONMENT", "SERVICE"),
};
/** Structures that appear in inputs. */
const Tag = (0, exports.struct)({ key: (0, exports.req)(exports.S.TagKey), value: (0, exports.req)(exports.S.TagValue) });
exports.TagList = (0, exports.listOf)(Tag, 0, 50);
exports.TagKeyList = (0, exports.listOf)(exports.S.TagKey, 0, 50);
exports.TemplateVersionSourceInput = (0, exports.union)({
    s3: (0, exports.opt)((0, exports.struct)({ bucket: (0, exports.req)(exports.S.S3Bucket), key: (0, exports.req)(exports.S.S3Key) })),
});
exports.CompatibleEnvironmentTemplateInputList = (0, exports.listOf)((0, exports.struct)({ templateName: (0, exports.req)(exports.S.ResourceName), majorVersion: (0, exports.req)(exports.S.TemplateVersionPart) }), 1, 10);
exports.RepositoryBranchInput = (0, exports.struct)({
    provider: (0, exports.req)(exports.E.RepositoryProvider),
    name: (0, exports.req)(exports.S.RepositoryName),
    branch: (0, exports.req)(exports.S.GitBranchName),
});
exports.EnvironmentTemplateFilterList = (0, exports.listOf)((0, exports.struct)({ templateName: (0, exports.req)(exports.S.ResourceName), majorVersion: (0, exports.req)(exports.S.TemplateVersionPart) }));
exports.ListServiceInstancesFilterList = (0, exports.listOf)((0, exports.struct)({ key: (0, exports.opt)(exports.E.ListServiceInstancesFilterBy), value: (0, exports.opt)(exports.S.String) }));
exports.OutputsList = (0, exports.listOf)((0, exports.struct)({ key: (0, exports.opt)(exports.S.OutputKey), valueString: (0, exports.opt)(exports.S.OutputValue) }), 0, 50);
