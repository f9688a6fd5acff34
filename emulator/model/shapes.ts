// The slice of the Proton API model (2020-07-20) that proton-local validates against.
// Constraints are transcribed from the Smithy model: lengths, patterns, enums, list sizes, required members.

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
}
export type Members = Record<string, Member>;

const str = (min?: number, max?: number, pattern?: RegExp, sensitive?: boolean): Shape => ({
  kind: "string",
  min,
  max,
  pattern,
  sensitive,
});
const enumOf = (...values: string[]): Shape => ({ kind: "enum", values });
const listOf = (member: Shape, min?: number, max?: number): Shape => ({ kind: "list", member, min, max });
const struct = (members: Members, union = false): Shape => ({ kind: "structure", members, union });
export const req = (shape: Shape): Member => ({ shape, required: true });
export const opt = (shape: Shape): Member => ({ shape });

const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role\/([\w+=,.@-]{1,512}[/:])*([\w+=,.@-]{1,64})$/;

export const S = {
  Name: str(1, 100, /^[0-9A-Za-z]+[0-9A-Za-z_-]*$/),
  VerPart: str(1, 20, /^(0|([1-9]{1}\d*))$/),
  Desc: str(0, 500, undefined, true),
  DisplayName: str(1, 100, undefined, true),
  Spec: str(1, 51200, undefined, true),
  Arn: str(
    1,
    200,
    /^arn:(aws|aws-cn|aws-us-gov):[a-zA-Z0-9-]+:[a-zA-Z0-9-]*:\d{12}:([\w+=,.@-]+[/:])*[\w+=,.@-]+$/,
  ),
  RoleArn: str(1, 2048, ROLE_ARN),
  RoleArnOrEmpty: str(0, 2048, new RegExp(`(^$)|(${ROLE_ARN.source})`)),
  AcctId: str(undefined, undefined, /^\d{12}$/),
  UUID: str(undefined, undefined, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
  ClientToken: str(0, 64, /^[!-~]*$/),
  NextToken: str(undefined, undefined, /^[A-Za-z0-9+=/]+$/),
  EmptyNextToken: str(0, 0),
  MaxResults: { kind: "integer", min: 1, max: 100 } as Shape,
  RepoName: str(1, 100, /[A-Za-z0-9_.-].*\/[A-Za-z0-9_.-].*/),
  RepoId: str(1, 200),
  Branch: str(1, 200),
  S3Bucket: str(3, 63, /^[a-z0-9]+[a-z0-9-.]+[a-z0-9]+$/),
  S3Key: str(1, 1024),
  Provisioning: enumOf("CUSTOMER_MANAGED"),
  TemplateVersionStatus: enumOf("REGISTRATION_IN_PROGRESS", "REGISTRATION_FAILED", "DRAFT", "PUBLISHED"),
  DeploymentUpdateType: enumOf("NONE", "CURRENT_VERSION", "MINOR_VERSION", "MAJOR_VERSION"),
  ConnectionStatus: enumOf("PENDING", "CONNECTED", "REJECTED"),
  RequesterAccountType: enumOf("MANAGEMENT_ACCOUNT", "ENVIRONMENT_ACCOUNT"),
  RepositoryProvider: enumOf("GITHUB", "GITHUB_ENTERPRISE", "BITBUCKET"),
  ComponentSource: enumOf("DIRECTLY_DEFINED"),
  SortOrder: enumOf("ASCENDING", "DESCENDING"),
  SyncType: enumOf("TEMPLATE_SYNC", "SERVICE_SYNC"),
  TemplateType: enumOf("ENVIRONMENT", "SERVICE"),
  Subdirectory: str(1, 4096),
  OpsFilePath: str(1, 4096),
  InstanceSortBy: enumOf(
    "name",
    "deploymentStatus",
    "templateName",
    "serviceName",
    "environmentName",
    "lastDeploymentAttemptedAt",
    "createdAt",
  ),
  InstanceFilterBy: enumOf(
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
};

const Tag = struct({ key: req(str(1, 128)), value: req(str(0, 256)) });
export const Tags = listOf(Tag, 0, 50);
const TagKeys = listOf(str(1, 128), 0, 50);
const TemplateSource = struct({ s3: opt(struct({ bucket: req(S.S3Bucket), key: req(S.S3Key) })) }, true);
const CompatibleEnvs = listOf(struct({ templateName: req(S.Name), majorVersion: req(S.VerPart) }), 1, 10);
const RepositoryBranchInput = struct({
  provider: req(S.RepositoryProvider),
  name: req(S.RepoName),
  branch: req(S.Branch),
});
const EnvironmentTemplateFilter = struct({ templateName: req(S.Name), majorVersion: req(S.VerPart) });
const InstanceFilter = struct({ key: opt(S.InstanceFilterBy), value: opt(str()) });

const page = { nextToken: opt(S.NextToken), maxResults: opt(S.MaxResults) };
const versionKey = { templateName: req(S.Name), majorVersion: req(S.VerPart), minorVersion: req(S.VerPart) };
const byName = { name: req(S.Name) };
const repoKey = { provider: req(S.RepositoryProvider), name: req(S.RepoName) };

/** Input members of every operation proton-local implements. */
export const OPERATION_INPUTS: Record<string, Members> = {
  // Environment templates
  CreateEnvironmentTemplate: {
    name: req(S.Name),
    displayName: opt(S.DisplayName),
    description: opt(S.Desc),
    encryptionKey: opt(S.Arn),
    provisioning: opt(S.Provisioning),
    tags: opt(Tags),
  },
  GetEnvironmentTemplate: byName,
  UpdateEnvironmentTemplate: { name: req(S.Name), displayName: opt(S.DisplayName), description: opt(S.Desc) },
  DeleteEnvironmentTemplate: byName,
  ListEnvironmentTemplates: page,
  CreateEnvironmentTemplateVersion: {
    clientToken: opt(S.ClientToken),
    templateName: req(S.Name),
    description: opt(S.Desc),
    majorVersion: opt(S.VerPart),
    source: req(TemplateSource),
    tags: opt(Tags),
  },
  GetEnvironmentTemplateVersion: versionKey,
  UpdateEnvironmentTemplateVersion: {
    ...versionKey,
    description: opt(S.Desc),
    status: opt(S.TemplateVersionStatus),
  },
  DeleteEnvironmentTemplateVersion: versionKey,
  ListEnvironmentTemplateVersions: { ...page, templateName: req(S.Name), majorVersion: opt(S.VerPart) },

  // Service templates
  CreateServiceTemplate: {
    name: req(S.Name),
    displayName: opt(S.DisplayName),
    description: opt(S.Desc),
    encryptionKey: opt(S.Arn),
    pipelineProvisioning: opt(S.Provisioning),
    tags: opt(Tags),
  },
  GetServiceTemplate: byName,
  UpdateServiceTemplate: { name: req(S.Name), displayName: opt(S.DisplayName), description: opt(S.Desc) },
  DeleteServiceTemplate: byName,
  ListServiceTemplates: page,
  CreateServiceTemplateVersion: {
    clientToken: opt(S.ClientToken),
    templateName: req(S.Name),
    description: opt(S.Desc),
    majorVersion: opt(S.VerPart),
    source: req(TemplateSource),
    compatibleEnvironmentTemplates: req(CompatibleEnvs),
    tags: opt(Tags),
    supportedComponentSources: opt(listOf(S.ComponentSource)),
  },
  GetServiceTemplateVersion: versionKey,
  UpdateServiceTemplateVersion: {
    ...versionKey,
    description: opt(S.Desc),
    status: opt(S.TemplateVersionStatus),
    compatibleEnvironmentTemplates: opt(CompatibleEnvs),
    supportedComponentSources: opt(listOf(S.ComponentSource)),
  },
  DeleteServiceTemplateVersion: versionKey,
  ListServiceTemplateVersions: { ...page, templateName: req(S.Name), majorVersion: opt(S.VerPart) },

  // Environments
  CreateEnvironment: {
    name: req(S.Name),
    templateName: req(S.Name),
    templateMajorVersion: req(S.VerPart),
    templateMinorVersion: opt(S.VerPart),
    description: opt(S.Desc),
    spec: req(S.Spec),
    protonServiceRoleArn: opt(S.Arn),
    environmentAccountConnectionId: opt(S.UUID),
    tags: opt(Tags),
    provisioningRepository: opt(RepositoryBranchInput),
    componentRoleArn: opt(S.RoleArn),
    codebuildRoleArn: opt(S.RoleArn),
  },
  GetEnvironment: byName,
  UpdateEnvironment: {
    name: req(S.Name),
    description: opt(S.Desc),
    spec: opt(S.Spec),
    templateMajorVersion: opt(S.VerPart),
    templateMinorVersion: opt(S.VerPart),
    protonServiceRoleArn: opt(S.Arn),
    deploymentType: req(S.DeploymentUpdateType),
    environmentAccountConnectionId: opt(S.UUID),
    provisioningRepository: opt(RepositoryBranchInput),
    componentRoleArn: opt(S.RoleArn),
    codebuildRoleArn: opt(S.RoleArn),
  },
  DeleteEnvironment: byName,
  ListEnvironments: { ...page, environmentTemplates: opt(listOf(EnvironmentTemplateFilter)) },
  CancelEnvironmentDeployment: { environmentName: req(S.Name) },
  ListEnvironmentOutputs: {
    environmentName: req(S.Name),
    nextToken: opt(S.EmptyNextToken),
    deploymentId: opt(S.UUID),
  },

  // Services, instances, pipelines
  CreateService: {
    name: req(S.Name),
    description: opt(S.Desc),
    templateName: req(S.Name),
    templateMajorVersion: req(S.VerPart),
    templateMinorVersion: opt(S.VerPart),
    spec: req(S.Spec),
    repositoryConnectionArn: opt(S.Arn),
    repositoryId: opt(S.RepoId),
    branchName: opt(S.Branch),
    tags: opt(Tags),
  },
  GetService: byName,
  UpdateService: { name: req(S.Name), description: opt(S.Desc), spec: opt(S.Spec) },
  DeleteService: byName,
  ListServices: page,
  CreateServiceInstance: {
    name: req(S.Name),
    serviceName: req(S.Name),
    spec: req(S.Spec),
    templateMajorVersion: opt(S.VerPart),
    templateMinorVersion: opt(S.VerPart),
    tags: opt(Tags),
    clientToken: opt(S.ClientToken),
  },
  GetServiceInstance: { name: req(S.Name), serviceName: req(S.Name) },
  UpdateServiceInstance: {
    name: req(S.Name),
    serviceName: req(S.Name),
    deploymentType: req(S.DeploymentUpdateType),
    spec: opt(S.Spec),
    templateMajorVersion: opt(S.VerPart),
    templateMinorVersion: opt(S.VerPart),
    clientToken: opt(S.ClientToken),
  },
  ListServiceInstances: {
    serviceName: opt(S.Name),
    ...page,
    filters: opt(listOf(InstanceFilter)),
    sortBy: opt(S.InstanceSortBy),
    sortOrder: opt(S.SortOrder),
  },
  CancelServiceInstanceDeployment: { serviceInstanceName: req(S.Name), serviceName: req(S.Name) },
  UpdateServicePipeline: {
    serviceName: req(S.Name),
    spec: req(S.Spec),
    deploymentType: req(S.DeploymentUpdateType),
    templateMajorVersion: opt(S.VerPart),
    templateMinorVersion: opt(S.VerPart),
  },
  CancelServicePipelineDeployment: { serviceName: req(S.Name) },

  // Environment account connections
  CreateEnvironmentAccountConnection: {
    clientToken: opt(S.ClientToken),
    managementAccountId: req(S.AcctId),
    roleArn: opt(S.RoleArn),
    environmentName: req(S.Name),
    tags: opt(Tags),
    componentRoleArn: opt(S.RoleArn),
    codebuildRoleArn: opt(S.RoleArn),
  },
  GetEnvironmentAccountConnection: { id: req(S.UUID) },
  UpdateEnvironmentAccountConnection: {
    id: req(S.UUID),
    roleArn: opt(S.RoleArn),
    componentRoleArn: opt(S.RoleArn),
    codebuildRoleArn: opt(S.RoleArn),
  },
  DeleteEnvironmentAccountConnection: { id: req(S.UUID) },
  ListEnvironmentAccountConnections: {
    requestedBy: req(S.RequesterAccountType),
    environmentName: opt(S.Name),
    statuses: opt(listOf(S.ConnectionStatus)),
    ...page,
  },
  AcceptEnvironmentAccountConnection: { id: req(S.UUID) },
  RejectEnvironmentAccountConnection: { id: req(S.UUID) },

  // Account settings
  GetAccountSettings: {},
  UpdateAccountSettings: {
    pipelineServiceRoleArn: opt(S.RoleArnOrEmpty),
    pipelineProvisioningRepository: opt(RepositoryBranchInput),
    deletePipelineProvisioningRepository: opt({ kind: "boolean" }),
    pipelineCodebuildRoleArn: opt(S.RoleArnOrEmpty),
  },

  // Repository links and Git sync
  CreateRepository: {
    provider: req(S.RepositoryProvider),
    name: req(S.RepoName),
    connectionArn: req(S.Arn),
    encryptionKey: opt(S.Arn),
    tags: opt(Tags),
  },
  GetRepository: repoKey,
  DeleteRepository: repoKey,
  ListRepositories: page,

  // Tags
  TagResource: { resourceArn: req(S.Arn), tags: req(Tags) },
  UntagResource: { resourceArn: req(S.Arn), tagKeys: req(TagKeys) },
  ListTagsForResource: { resourceArn: req(S.Arn), nextToken: opt(str()), maxResults: opt(S.MaxResults) },
};

/** Every operation name in the Proton API, so proton-local can tell "unknown" from "not implemented here". */
export const ALL_PROTON_OPERATIONS = new Set([
  ...Object.keys(OPERATION_INPUTS),
  "CancelComponentDeployment",
  "CreateComponent",
  "DeleteComponent",
  "DeleteDeployment",
  "GetComponent",
  "GetDeployment",
  "GetResourcesSummary",
  "ListComponentOutputs",
  "ListComponentProvisionedResources",
  "ListComponents",
  "ListDeployments",
  "ListEnvironmentProvisionedResources",
  "ListServiceInstanceOutputs",
  "ListServiceInstanceProvisionedResources",
  "ListServicePipelineOutputs",
  "ListServicePipelineProvisionedResources",
  "NotifyResourceDeploymentStatusChange",
  "UpdateComponent",
  "CreateServiceSyncConfig",
  "CreateTemplateSyncConfig",
  "DeleteServiceSyncConfig",
  "DeleteTemplateSyncConfig",
  "GetRepositorySyncStatus",
  "GetServiceInstanceSyncStatus",
  "GetServiceSyncBlockerSummary",
  "GetServiceSyncConfig",
  "GetTemplateSyncConfig",
  "GetTemplateSyncStatus",
  "ListRepositorySyncDefinitions",
  "UpdateServiceSyncBlocker",
  "UpdateServiceSyncConfig",
  "UpdateTemplateSyncConfig",
]);

/** Operations that change nothing; everything else counts as mutating in the call log. */
export const isReadOnly = (op: string): boolean => /^(Get|List)/.test(op);
