import * as Sdk from "@aws-sdk/client-proton";

// The building blocks of the Proton API model (2020-07-20): shapes with the constraints the Smithy model
// declares. The SDK ships members, required members and enums but drops lengths, patterns and ranges, so
// those are declared here (from the Smithy model) and model.test.ts proves the rest equals the SDK's.

export type Shape =
  | { kind: "string"; min?: number; max?: number; pattern?: RegExp; sensitive?: boolean }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "integer"; min?: number; max?: number }
  | { kind: "boolean" }
  | { kind: "list"; member: Shape; min?: number; max?: number }
  | { kind: "structure"; members: Members; union?: boolean };

export interface Member {
  shape: Shape;
  required?: boolean;
  /** The SDK fills it with a UUID when the caller leaves it out (Smithy's idempotencyToken). */
  idempotencyToken?: boolean;
}
export type Members = Readonly<Record<string, Member>>;

const str = (min?: number, max?: number, pattern?: RegExp, sensitive?: boolean): Shape => ({
  kind: "string",
  ...(min !== undefined ? { min } : {}),
  ...(max !== undefined ? { max } : {}),
  ...(pattern ? { pattern } : {}),
  ...(sensitive ? { sensitive } : {}),
});
const sensitive = (min?: number, max?: number): Shape => str(min, max, undefined, true);

/**
 * An enum in the Smithy model's order (AWS lists the values in that order in its messages). The values are
 * typed against the SDK's enum, and model.test.ts proves none is missing.
 */
function enumOf<E extends Record<string, string>>(_sdk: E, ...values: E[keyof E][]): Shape {
  return { kind: "enum", values };
}
export const listOf = (member: Shape, min?: number, max?: number): Shape => ({
  kind: "list",
  member,
  ...(min !== undefined ? { min } : {}),
  ...(max !== undefined ? { max } : {}),
});
export const struct = (members: Members): Shape => ({ kind: "structure", members });
/** Exactly one member set (Smithy's union). */
export const union = (members: Members): Shape => ({ kind: "structure", members, union: true });
export const req = (shape: Shape): Member => ({ shape, required: true });
export const opt = (shape: Shape): Member => ({ shape });
export const token = (shape: Shape): Member => ({ shape, idempotencyToken: true });

const NAME = /^[0-9A-Za-z]+[0-9A-Za-z_-]*$/;
const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role\/([\w+=,.@-]{1,512}[/:])*([\w+=,.@-]{1,64})$/;

/** Scalar shapes, named after the Smithy model's. */
export const S = {
  ResourceName: str(1, 100, NAME),
  ResourceNameOrEmpty: str(0, 100, new RegExp(`(^$)|${NAME.source}`)),
  TemplateVersionPart: str(1, 20, /^(0|([1-9]{1}\d*))$/),
  Description: sensitive(0, 500),
  DisplayName: sensitive(1, 100),
  SpecContents: sensitive(1, 51200),
  TemplateFileContents: sensitive(1, 51200),
  TemplateManifestContents: sensitive(1, 1024),
  StatusMessage: sensitive(0, 5000),
  Arn: str(
    1,
    200,
    /^arn:(aws|aws-cn|aws-us-gov):[a-zA-Z0-9-]+:[a-zA-Z0-9-]*:\d{12}:([\w+=,.@-]+[/:])*[\w+=,.@-]+$/,
  ),
  RoleArn: str(1, 2048, ROLE_ARN),
  RoleArnOrEmptyString: str(0, 2048, new RegExp(`(^$)|(${ROLE_ARN.source})`)),
  AwsAccountId: str(undefined, undefined, /^\d{12}$/),
  Uuid: str(undefined, undefined, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
  ClientToken: str(0, 64, /^[!-~]*$/),
  NextToken: str(undefined, undefined, /^[A-Za-z0-9+=/]+$/),
  EmptyNextToken: str(0, 0),
  String: str(),
  MaxPageResults: { kind: "integer", min: 1, max: 100 } satisfies Shape as Shape,
  Boolean: { kind: "boolean" } satisfies Shape as Shape,
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
export const E = {
  Provisioning: enumOf(Sdk.Provisioning, "CUSTOMER_MANAGED"),
  TemplateVersionStatus: enumOf(
    Sdk.TemplateVersionStatus,
    "REGISTRATION_IN_PROGRESS",
    "REGISTRATION_FAILED",
    "DRAFT",
    "PUBLISHED",
  ),
  DeploymentUpdateType: enumOf(
    Sdk.DeploymentUpdateType,
    "NONE",
    "CURRENT_VERSION",
    "MINOR_VERSION",
    "MAJOR_VERSION",
  ),
  ComponentDeploymentUpdateType: enumOf(Sdk.ComponentDeploymentUpdateType, "NONE", "CURRENT_VERSION"),
  EnvironmentAccountConnectionStatus: enumOf(
    Sdk.EnvironmentAccountConnectionStatus,
    "PENDING",
    "CONNECTED",
    "REJECTED",
  ),
  EnvironmentAccountConnectionRequesterAccountType: enumOf(
    Sdk.EnvironmentAccountConnectionRequesterAccountType,
    "MANAGEMENT_ACCOUNT",
    "ENVIRONMENT_ACCOUNT",
  ),
  RepositoryProvider: enumOf(Sdk.RepositoryProvider, "GITHUB", "GITHUB_ENTERPRISE", "BITBUCKET"),
  ServiceTemplateSupportedComponentSourceType: enumOf(
    Sdk.ServiceTemplateSupportedComponentSourceType,
    "DIRECTLY_DEFINED",
  ),
  SortOrder: enumOf(Sdk.SortOrder, "ASCENDING", "DESCENDING"),
  ListServiceInstancesSortBy: enumOf(
    Sdk.ListServiceInstancesSortBy,
    "name",
    "deploymentStatus",
    "templateName",
    "serviceName",
    "environmentName",
    "lastDeploymentAttemptedAt",
    "createdAt",
  ),
  ListServiceInstancesFilterBy: enumOf(
    Sdk.ListServiceInstancesFilterBy,
    "name",
    "deploymentStatus",
    "templateName",
    "serviceName",
    "deployedTemplateVersionStatus",
    "environmentName",
    "lastDeploymentAttemptedAtBefore",
    "lastDeploymentAttemptedAtAfter",
    "createdAtBefore",
    "createdAtAfter",
  ),
  ResourceDeploymentStatus: enumOf(Sdk.ResourceDeploymentStatus, "IN_PROGRESS", "FAILED", "SUCCEEDED"),
  SyncType: enumOf(Sdk.SyncType, "TEMPLATE_SYNC", "SERVICE_SYNC"),
  TemplateType: enumOf(Sdk.TemplateType, "ENVIRONMENT", "SERVICE"),
};

/** Structures that appear in inputs. */
const Tag = struct({ key: req(S.TagKey), value: req(S.TagValue) });
export const TagList = listOf(Tag, 0, 50);
export const TagKeyList = listOf(S.TagKey, 0, 50);
export const TemplateVersionSourceInput = union({
  s3: opt(struct({ bucket: req(S.S3Bucket), key: req(S.S3Key) })),
});
export const CompatibleEnvironmentTemplateInputList = listOf(
  struct({ templateName: req(S.ResourceName), majorVersion: req(S.TemplateVersionPart) }),
  1,
  10,
);
export const RepositoryBranchInput = struct({
  provider: req(E.RepositoryProvider),
  name: req(S.RepositoryName),
  branch: req(S.GitBranchName),
});
export const EnvironmentTemplateFilterList = listOf(
  struct({ templateName: req(S.ResourceName), majorVersion: req(S.TemplateVersionPart) }),
);
export const ListServiceInstancesFilterList = listOf(
  struct({ key: opt(E.ListServiceInstancesFilterBy), value: opt(S.String) }),
);
export const OutputsList = listOf(struct({ key: opt(S.OutputKey), valueString: opt(S.OutputValue) }), 0, 50);
