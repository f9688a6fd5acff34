import type { Proton, ProtonClient } from "@aws-sdk/client-proton";
import {
  CompatibleEnvironmentTemplateInputList,
  E,
  EnvironmentTemplateFilterList,
  ListServiceInstancesFilterList,
  OutputsList,
  RepositoryBranchInput,
  S,
  TagKeyList,
  TagList,
  TemplateVersionSourceInput,
  listOf,
  opt,
  req,
  token,
  type Member,
} from "./shapes";

// The input members of all 87 Proton operations. The compiler checks the operations and member names
// against the SDK's client; model.test.ts checks required members, nesting and enums against the SDK's
// shipped schemas.

/** Operation names as the SDK's aggregated client spells its methods (createEnvironment -> CreateEnvironment). */
type SdkMethod = Exclude<keyof Proton, keyof ProtonClient | `paginate${string}` | `waitUntil${string}`>;
type SdkOperation = Capitalize<SdkMethod>;
/** The input type the SDK takes for an operation. */
export type SdkInput<Op extends SdkOperation> = NonNullable<Parameters<Proton[Uncapitalize<Op>]>[0]>;
/** An operation's members: exactly the SDK input's members, each with a shape. */
type ModelOf = { [Op in SdkOperation]: { [K in keyof Required<SdkInput<Op>>]: Member } };

const page = { nextToken: opt(S.NextToken), maxResults: opt(S.MaxPageResults) };
const versionKey = {
  templateName: req(S.ResourceName),
  majorVersion: req(S.TemplateVersionPart),
  minorVersion: req(S.TemplateVersionPart),
};
const byName = { name: req(S.ResourceName) };
const roles = { componentRoleArn: opt(S.RoleArn), codebuildRoleArn: opt(S.RoleArn) };
const syncConfig = {
  repositoryProvider: req(E.RepositoryProvider),
  repositoryName: req(S.RepositoryName),
  branch: req(S.GitBranchName),
};
const templateSyncKey = { templateName: req(S.ResourceName), templateType: req(E.TemplateType) };
const deploymentFilters = {
  environmentName: opt(S.ResourceName),
  serviceName: opt(S.ResourceName),
  serviceInstanceName: opt(S.ResourceName),
  componentName: opt(S.ResourceName),
};

export const OPERATION_INPUTS = {
  // Environment templates
  CreateEnvironmentTemplate: {
    name: req(S.ResourceName),
    displayName: opt(S.DisplayName),
    description: opt(S.Description),
    encryptionKey: opt(S.Arn),
    provisioning: opt(E.Provisioning),
    tags: opt(TagList),
  },
  GetEnvironmentTemplate: byName,
  UpdateEnvironmentTemplate: {
    name: req(S.ResourceName),
    displayName: opt(S.DisplayName),
    description: opt(S.Description),
  },
  DeleteEnvironmentTemplate: byName,
  ListEnvironmentTemplates: page,
  CreateEnvironmentTemplateVersion: {
    clientToken: token(S.ClientToken),
    templateName: req(S.ResourceName),
    description: opt(S.Description),
    majorVersion: opt(S.TemplateVersionPart),
    source: req(TemplateVersionSourceInput),
    tags: opt(TagList),
  },
  GetEnvironmentTemplateVersion: versionKey,
  UpdateEnvironmentTemplateVersion: {
    ...versionKey,
    description: opt(S.Description),
    status: opt(E.TemplateVersionStatus),
  },
  DeleteEnvironmentTemplateVersion: versionKey,
  ListEnvironmentTemplateVersions: {
    ...page,
    templateName: req(S.ResourceName),
    majorVersion: opt(S.TemplateVersionPart),
  },

  // Service templates
  CreateServiceTemplate: {
    name: req(S.ResourceName),
    displayName: opt(S.DisplayName),
    description: opt(S.Description),
    encryptionKey: opt(S.Arn),
    pipelineProvisioning: opt(E.Provisioning),
    tags: opt(TagList),
  },
  GetServiceTemplate: byName,
  UpdateServiceTemplate: {
    name: req(S.ResourceName),
    displayName: opt(S.DisplayName),
    description: opt(S.Description),
  },
  DeleteServiceTemplate: byName,
  ListServiceTemplates: page,
  CreateServiceTemplateVersion: {
    clientToken: token(S.ClientToken),
    templateName: req(S.ResourceName),
    description: opt(S.Description),
    majorVersion: opt(S.TemplateVersionPart),
    source: req(TemplateVersionSourceInput),
    compatibleEnvironmentTemplates: req(CompatibleEnvironmentTemplateInputList),
    tags: opt(TagList),
    supportedComponentSources: opt(listOf(E.ServiceTemplateSupportedComponentSourceType)),
  },
  GetServiceTemplateVersion: versionKey,
  UpdateServiceTemplateVersion: {
    ...versionKey,
    description: opt(S.Description),
    status: opt(E.TemplateVersionStatus),
    compatibleEnvironmentTemplates: opt(CompatibleEnvironmentTemplateInputList),
    supportedComponentSources: opt(listOf(E.ServiceTemplateSupportedComponentSourceType)),
  },
  DeleteServiceTemplateVersion: versionKey,
  ListServiceTemplateVersions: {
    ...page,
    templateName: req(S.ResourceName),
    majorVersion: opt(S.TemplateVersionPart),
  },

  // Environments
  CreateEnvironment: {
    name: req(S.ResourceName),
    templateName: req(S.ResourceName),
    templateMajorVersion: req(S.TemplateVersionPart),
    templateMinorVersion: opt(S.TemplateVersionPart),
    description: opt(S.Description),
    spec: req(S.SpecContents),
    protonServiceRoleArn: opt(S.Arn),
    environmentAccountConnectionId: opt(S.Uuid),
    tags: opt(TagList),
    provisioningRepository: opt(RepositoryBranchInput),
    ...roles,
  },
  GetEnvironment: byName,
  UpdateEnvironment: {
    name: req(S.ResourceName),
    description: opt(S.Description),
    spec: opt(S.SpecContents),
    templateMajorVersion: opt(S.TemplateVersionPart),
    templateMinorVersion: opt(S.TemplateVersionPart),
    protonServiceRoleArn: opt(S.Arn),
    deploymentType: req(E.DeploymentUpdateType),
    environmentAccountConnectionId: opt(S.Uuid),
    provisioningRepository: opt(RepositoryBranchInput),
    ...roles,
  },
  DeleteEnvironment: byName,
  ListEnvironments: { ...page, environmentTemplates: opt(EnvironmentTemplateFilterList) },
  CancelEnvironmentDeployment: { environmentName: req(S.ResourceName) },
  ListEnvironmentOutputs: {
    environmentName: req(S.ResourceName),
    nextToken: opt(S.EmptyNextToken),
    deploymentId: opt(S.Uuid),
  },
  ListEnvironmentProvisionedResources: {
    environmentName: req(S.ResourceName),
    nextToken: opt(S.EmptyNextToken),
  },

  // Services
  CreateService: {
    name: req(S.ResourceName),
    description: opt(S.Description),
    templateName: req(S.ResourceName),
    templateMajorVersion: req(S.TemplateVersionPart),
    templateMinorVersion: opt(S.TemplateVersionPart),
    spec: req(S.SpecContents),
    repositoryConnectionArn: opt(S.Arn),
    repositoryId: opt(S.RepositoryId),
    branchName: opt(S.GitBranchName),
    tags: opt(TagList),
  },
  GetService: byName,
  UpdateService: { name: req(S.ResourceName), description: opt(S.Description), spec: opt(S.SpecContents) },
  DeleteService: byName,
  ListServices: page,

  // Service instances
  CreateServiceInstance: {
    name: req(S.ResourceName),
    serviceName: req(S.ResourceName),
    spec: req(S.SpecContents),
    templateMajorVersion: opt(S.TemplateVersionPart),
    templateMinorVersion: opt(S.TemplateVersionPart),
    tags: opt(TagList),
    clientToken: token(S.ClientToken),
  },
  GetServiceInstance: { name: req(S.ResourceName), serviceName: req(S.ResourceName) },
  UpdateServiceInstance: {
    name: req(S.ResourceName),
    serviceName: req(S.ResourceName),
    deploymentType: req(E.DeploymentUpdateType),
    spec: opt(S.SpecContents),
    templateMajorVersion: opt(S.TemplateVersionPart),
    templateMinorVersion: opt(S.TemplateVersionPart),
    clientToken: token(S.ClientToken),
  },
  ListServiceInstances: {
    serviceName: opt(S.ResourceName),
    ...page,
    filters: opt(ListServiceInstancesFilterList),
    sortBy: opt(E.ListServiceInstancesSortBy),
    sortOrder: opt(E.SortOrder),
  },
  CancelServiceInstanceDeployment: {
    serviceInstanceName: req(S.ResourceName),
    serviceName: req(S.ResourceName),
  },
  ListServiceInstanceOutputs: {
    serviceInstanceName: req(S.ResourceName),
    serviceName: req(S.ResourceName),
    nextToken: opt(S.EmptyNextToken),
    deploymentId: opt(S.Uuid),
  },
  ListServiceInstanceProvisionedResources: {
    serviceName: req(S.ResourceName),
    serviceInstanceName: req(S.ResourceName),
    nextToken: opt(S.EmptyNextToken),
  },
  GetServiceInstanceSyncStatus: {
    serviceName: req(S.ResourceName),
    serviceInstanceName: req(S.ResourceName),
  },

  // Service pipelines
  UpdateServicePipeline: {
    serviceName: req(S.ResourceName),
    spec: req(S.SpecContents),
    deploymentType: req(E.DeploymentUpdateType),
    templateMajorVersion: opt(S.TemplateVersionPart),
    templateMinorVersion: opt(S.TemplateVersionPart),
  },
  CancelServicePipelineDeployment: { serviceName: req(S.ResourceName) },
  ListServicePipelineOutputs: {
    serviceName: req(S.ResourceName),
    nextToken: opt(S.EmptyNextToken),
    deploymentId: opt(S.Uuid),
  },
  ListServicePipelineProvisionedResources: {
    serviceName: req(S.ResourceName),
    nextToken: opt(S.EmptyNextToken),
  },

  // Environment account connections
  CreateEnvironmentAccountConnection: {
    clientToken: token(S.ClientToken),
    managementAccountId: req(S.AwsAccountId),
    roleArn: opt(S.RoleArn),
    environmentName: req(S.ResourceName),
    tags: opt(TagList),
    ...roles,
  },
  GetEnvironmentAccountConnection: { id: req(S.Uuid) },
  UpdateEnvironmentAccountConnection: { id: req(S.Uuid), roleArn: opt(S.RoleArn), ...roles },
  DeleteEnvironmentAccountConnection: { id: req(S.Uuid) },
  ListEnvironmentAccountConnections: {
    requestedBy: req(E.EnvironmentAccountConnectionRequesterAccountType),
    environmentName: opt(S.ResourceName),
    statuses: opt(listOf(E.EnvironmentAccountConnectionStatus)),
    ...page,
  },
  AcceptEnvironmentAccountConnection: { id: req(S.Uuid) },
  RejectEnvironmentAccountConnection: { id: req(S.Uuid) },

  // Components
  CreateComponent: {
    name: req(S.ResourceName),
    description: opt(S.Description),
    serviceName: opt(S.ResourceName),
    serviceInstanceName: opt(S.ResourceName),
    environmentName: opt(S.ResourceName),
    templateFile: req(S.TemplateFileContents),
    manifest: req(S.TemplateManifestContents),
    serviceSpec: opt(S.SpecContents),
    tags: opt(TagList),
    clientToken: token(S.ClientToken),
  },
  GetComponent: byName,
  UpdateComponent: {
    name: req(S.ResourceName),
    deploymentType: req(E.ComponentDeploymentUpdateType),
    description: opt(S.Description),
    serviceName: opt(S.ResourceNameOrEmpty),
    serviceInstanceName: opt(S.ResourceNameOrEmpty),
    serviceSpec: opt(S.SpecContents),
    templateFile: opt(S.TemplateFileContents),
    clientToken: token(S.ClientToken),
  },
  DeleteComponent: byName,
  ListComponents: {
    nextToken: opt(S.NextToken),
    environmentName: opt(S.ResourceName),
    serviceName: opt(S.ResourceName),
    serviceInstanceName: opt(S.ResourceName),
    maxResults: opt(S.MaxPageResults),
  },
  CancelComponentDeployment: { componentName: req(S.ResourceName) },
  ListComponentOutputs: {
    componentName: req(S.ResourceName),
    nextToken: opt(S.EmptyNextToken),
    deploymentId: opt(S.Uuid),
  },
  ListComponentProvisionedResources: {
    componentName: req(S.ResourceName),
    nextToken: opt(S.EmptyNextToken),
  },

  // Repositories
  CreateRepository: {
    provider: req(E.RepositoryProvider),
    name: req(S.RepositoryName),
    connectionArn: req(S.Arn),
    encryptionKey: opt(S.Arn),
    tags: opt(TagList),
  },
  GetRepository: { provider: req(E.RepositoryProvider), name: req(S.RepositoryName) },
  DeleteRepository: { provider: req(E.RepositoryProvider), name: req(S.RepositoryName) },
  ListRepositories: page,
  GetRepositorySyncStatus: {
    repositoryName: req(S.RepositoryName),
    repositoryProvider: req(E.RepositoryProvider),
    branch: req(S.GitBranchName),
    syncType: req(E.SyncType),
  },
  ListRepositorySyncDefinitions: {
    repositoryName: req(S.RepositoryName),
    repositoryProvider: req(E.RepositoryProvider),
    syncType: req(E.SyncType),
    nextToken: opt(S.EmptyNextToken),
  },

  // Template sync configs
  CreateTemplateSyncConfig: { ...templateSyncKey, ...syncConfig, subdirectory: opt(S.Subdirectory) },
  GetTemplateSyncConfig: templateSyncKey,
  UpdateTemplateSyncConfig: { ...templateSyncKey, ...syncConfig, subdirectory: opt(S.Subdirectory) },
  DeleteTemplateSyncConfig: templateSyncKey,
  GetTemplateSyncStatus: { ...templateSyncKey, templateVersion: req(S.TemplateVersionPart) },

  // Service sync configs and blockers
  CreateServiceSyncConfig: { serviceName: req(S.ResourceName), ...syncConfig, filePath: req(S.OpsFilePath) },
  GetServiceSyncConfig: { serviceName: req(S.ResourceName) },
  UpdateServiceSyncConfig: { serviceName: req(S.ResourceName), ...syncConfig, filePath: req(S.OpsFilePath) },
  DeleteServiceSyncConfig: { serviceName: req(S.ResourceName) },
  GetServiceSyncBlockerSummary: {
    serviceName: req(S.ResourceName),
    serviceInstanceName: opt(S.ResourceName),
  },
  UpdateServiceSyncBlocker: { id: req(S.String), resolvedReason: req(S.String) },

  // Deployments
  GetDeployment: { id: req(S.Uuid), ...deploymentFilters },
  ListDeployments: { nextToken: opt(S.NextToken), ...deploymentFilters, maxResults: opt(S.MaxPageResults) },
  DeleteDeployment: { id: req(S.Uuid) },

  // Account settings
  GetAccountSettings: {},
  UpdateAccountSettings: {
    pipelineServiceRoleArn: opt(S.RoleArnOrEmptyString),
    pipelineProvisioningRepository: opt(RepositoryBranchInput),
    deletePipelineProvisioningRepository: opt(S.Boolean),
    pipelineCodebuildRoleArn: opt(S.RoleArnOrEmptyString),
  },
  GetResourcesSummary: {},

  // Tags
  TagResource: { resourceArn: req(S.Arn), tags: req(TagList) },
  UntagResource: { resourceArn: req(S.Arn), tagKeys: req(TagKeyList) },
  ListTagsForResource: {
    resourceArn: req(S.Arn),
    nextToken: opt(S.String),
    maxResults: opt(S.MaxPageResults),
  },

  // Self-managed provisioning
  NotifyResourceDeploymentStatusChange: {
    resourceArn: req(S.Arn),
    status: opt(E.ResourceDeploymentStatus),
    outputs: opt(OutputsList),
    deploymentId: opt(S.Uuid),
    statusMessage: opt(S.StatusMessage),
  },
} as const satisfies ModelOf;

/** Every Proton operation name. */
export type OperationName = keyof typeof OPERATION_INPUTS;
export const OPERATION_NAMES = Object.keys(OPERATION_INPUTS) as OperationName[];

export const isOperationName = (op: string): op is OperationName => Object.hasOwn(OPERATION_INPUTS, op);

/** Operations that change nothing; everything else counts as mutating in the call log. */
export const isReadOnly = (op: string): boolean => /^(Get|List)/.test(op);
