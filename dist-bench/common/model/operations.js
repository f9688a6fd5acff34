"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.isReadOnly = exports.isOperationName = exports.OPERATION_NAMES = exports.OPERATION_INPUTS = void 0;
const shapes_1 = require("./shapes");
const page = { nextToken: (0, shapes_1.opt)(shapes_1.S.NextToken), maxResults: (0, shapes_1.opt)(shapes_1.S.MaxPageResults) };
const versionKey = {
    templateName: (0, shapes_1.req)(shapes_1.S.ResourceName),
    majorVersion: (0, shapes_1.req)(shapes_1.S.TemplateVersionPart),
    minorVersion: (0, shapes_1.req)(shapes_1.S.TemplateVersionPart),
};
const byName = { name: (0, shapes_1.req)(shapes_1.S.ResourceName) };
const roles = { componentRoleArn: (0, shapes_1.opt)(shapes_1.S.RoleArn), codebuildRoleArn: (0, shapes_1.opt)(shapes_1.S.RoleArn) };
const syncConfig = {
    repositoryProvider: (0, shapes_1.req)(shapes_1.E.RepositoryProvider),
    repositoryName: (0, shapes_1.req)(shapes_1.S.RepositoryName),
    branch: (0, shapes_1.req)(shapes_1.S.GitBranchName),
};
const templateSyncKey = { templateName: (0, shapes_1.req)(shapes_1.S.ResourceName), templateType: (0, shapes_1.req)(shapes_1.E.TemplateType) };
const deploymentFilters = {
    environmentName: (0, shapes_1.opt)(shapes_1.S.ResourceName),
    serviceName: (0, shapes_1.opt)(shapes_1.S.ResourceName),
    serviceInstanceName: (0, shapes_1.opt)(shapes_1.S.ResourceName),
    componentName: (0, shapes_1.opt)(shapes_1.S.ResourceName),
};
exports.OPERATION_INPUTS = {
    // Environment templates
    CreateEnvironmentTemplate: {
        name: (0, shapes_1.req)(shapes_1.S.ResourceName),
        displayName: (0, shapes_1.opt)(shapes_1.S.DisplayName),
        description: (0, shapes_1.opt)(shapes_1.S.Description),
        encryptionKey: (0, shapes_1.opt)(shapes_1.S.Arn),
        provisioning: (0, shapes_1.opt)(shapes_1.E.Provisioning),
        tags: (0, shapes_1.opt)(shapes_1.TagList),
    },
    GetEnvironmentTemplate: byName,
    UpdateEnvironmentTemplate: {
        name: (0, shapes_1.req)(shapes_1.S.ResourceName),
        displayName: (0, shapes_1.opt)(shapes_1.S.DisplayName),
        description: (0, shapes_1.opt)(shapes_1.S.Description),
    },
    DeleteEnvironmentTemplate: byName,
    ListEnvironmentTemplates: page,
    CreateEnvironmentTemplateVersion: {
        clientToken: (0, shapes_1.token)(shapes_1.S.ClientToken),
        templateName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        description: (0, shapes_1.opt)(shapes_1.S.Description),
        majorVersion: (0, shapes_1.opt)(shapes_1.S.TemplateVersionPart),
        source: (0, shapes_1.req)(shapes_1.TemplateVersionSourceInput),
        tags: (0, shapes_1.opt)(shapes_1.TagList),
    },
    GetEnvironmentTemplateVersion: versionKey,
    UpdateEnvironmentTemplateVersion: {
        ...versionKey,
        description: (0, shapes_1.opt)(shapes_1.S.Description),
        status: (0, shapes_1.opt)(shapes_1.E.TemplateVersionStatus),
    },
    DeleteEnvironmentTemplateVersion: versionKey,
    ListEnvironmentTemplateVersions: {
        ...page,
        templateName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        majorVersion: (0, shapes_1.opt)(shapes_1.S.TemplateVersionPart),
    },
    // Service templates
    CreateServiceTemplate: {
        name: (0, shapes_1.req)(shapes_1.S.ResourceName),
        displayName: (0, shapes_1.opt)(shapes_1.S.DisplayName),
        description: (0, shapes_1.opt)(shapes_1.S.Description),
        encryptionKey: (0, shapes_1.opt)(shapes_1.S.Arn),
        pipelineProvisioning: (0, shapes_1.opt)(shapes_1.E.Provisioning),
        tags: (0, shapes_1.opt)(shapes_1.TagList),
    },
    GetServiceTemplate: byName,
    UpdateServiceTemplate: {
        name: (0, shapes_1.req)(shapes_1.S.ResourceName),
        displayName: (0, shapes_1.opt)(shapes_1.S.DisplayName),
        description: (0, shapes_1.opt)(shapes_1.S.Description),
    },
    DeleteServiceTemplate: byName,
    ListServiceTemplates: page,
    CreateServiceTemplateVersion: {
        clientToken: (0, shapes_1.token)(shapes_1.S.ClientToken),
        templateName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        description: (0, shapes_1.opt)(shapes_1.S.Description),
        majorVersion: (0, shapes_1.opt)(shapes_1.S.TemplateVersionPart),
        source: (0, shapes_1.req)(shapes_1.TemplateVersionSourceInput),
        compatibleEnvironmentTemplates: (0, shapes_1.req)(shapes_1.CompatibleEnvironmentTemplateInputList),
        tags: (0, shapes_1.opt)(shapes_1.TagList),
        supportedComponentSources: (0, shapes_1.opt)((0, shapes_1.listOf)(shapes_1.E.ServiceTemplateSupportedComponentSourceType)),
    },
    GetServiceTemplateVersion: versionKey,
    UpdateServiceTemplateVersion: {
        ...versionKey,
        description: (0, shapes_1.opt)(shapes_1.S.Description),
        status: (0, shapes_1.opt)(shapes_1.E.TemplateVersionStatus),
        compatibleEnvironmentTemplates: (0, shapes_1.opt)(shapes_1.CompatibleEnvironmentTemplateInputList),
        supportedComponentSources: (0, shapes_1.opt)((0, shapes_1.listOf)(shapes_1.E.ServiceTemplateSupportedComponentSourceType)),
    },
    DeleteServiceTemplateVersion: versionKey,
    ListServiceTemplateVersions: {
        ...page,
        templateName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        majorVersion: (0, shapes_1.opt)(shapes_1.S.TemplateVersionPart),
    },
    // Environments
    CreateEnvironment: {
        name: (0, shapes_1.req)(shapes_1.S.ResourceName),
        templateName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        templateMajorVersion: (0, shapes_1.req)(shapes_1.S.TemplateVersionPart),
        templateMinorVersion: (0, shapes_1.opt)(shapes_1.S.TemplateVersionPart),
        description: (0, shapes_1.opt)(shapes_1.S.Description),
        spec: (0, shapes_1.req)(shapes_1.S.SpecContents),
        protonServiceRoleArn: (0, shapes_1.opt)(shapes_1.S.Arn),
        environmentAccountConnectionId: (0, shapes_1.opt)(shapes_1.S.Uuid),
        tags: (0, shapes_1.opt)(shapes_1.TagList),
        provisioningRepository: (0, shapes_1.opt)(shapes_1.RepositoryBranchInput),
        ...roles,
    },
    GetEnvironment: byName,
    UpdateEnvironment: {
        name: (0, shapes_1.req)(shapes_1.S.ResourceName),
        description: (0, shapes_1.opt)(shapes_1.S.Description),
        spec: (0, shapes_1.opt)(shapes_1.S.SpecContents),
        templateMajorVersion: (0, shapes_1.opt)(shapes_1.S.TemplateVersionPart),
        templateMinorVersion: (0, shapes_1.opt)(shapes_1.S.TemplateVersionPart),
        protonServiceRoleArn: (0, shapes_1.opt)(shapes_1.S.Arn),
        deploymentType: (0, shapes_1.req)(shapes_1.E.DeploymentUpdateType),
        environmentAccountConnectionId: (0, shapes_1.opt)(shapes_1.S.Uuid),
        provisioningRepository: (0, shapes_1.opt)(shapes_1.RepositoryBranchInput),
        ...roles,
    },
    DeleteEnvironment: byName,
    ListEnvironments: { ...page, environmentTemplates: (0, shapes_1.opt)(shapes_1.EnvironmentTemplateFilterList) },
    CancelEnvironmentDeployment: { environmentName: (0, shapes_1.req)(shapes_1.S.ResourceName) },
    ListEnvironmentOutputs: {
        environmentName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        nextToken: (0, shapes_1.opt)(shapes_1.S.EmptyNextToken),
        deploymentId: (0, shapes_1.opt)(shapes_1.S.Uuid),
    },
    ListEnvironmentProvisionedResources: {
        environmentName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        nextToken: (0, shapes_1.opt)(shapes_1.S.EmptyNextToken),
    },
    // Services
    CreateService: {
        name: (0, shapes_1.req)(shapes_1.S.ResourceName),
        description: (0, shapes_1.opt)(shapes_1.S.Description),
        templateName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        templateMajorVersion: (0, shapes_1.req)(shapes_1.S.TemplateVersionPart),
        templateMinorVersion: (0, shapes_1.opt)(shapes_1.S.TemplateVersionPart),
        spec: (0, shapes_1.req)(shapes_1.S.SpecContents),
        repositoryConnectionArn: (0, shapes_1.opt)(shapes_1.S.Arn),
        repositoryId: (0, shapes_1.opt)(shapes_1.S.RepositoryId),
        branchName: (0, shapes_1.opt)(shapes_1.S.GitBranchName),
        tags: (0, shapes_1.opt)(shapes_1.TagList),
    },
    GetService: byName,
    UpdateService: { name: (0, shapes_1.req)(shapes_1.S.ResourceName), description: (0, shapes_1.opt)(shapes_1.S.Description), spec: (0, shapes_1.opt)(shapes_1.S.SpecContents) },
    DeleteService: byName,
    ListServices: page,
    // Service instances
    CreateServiceInstance: {
        name: (0, shapes_1.req)(shapes_1.S.ResourceName),
        serviceName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        spec: (0, shapes_1.req)(shapes_1.S.SpecContents),
        templateMajorVersion: (0, shapes_1.opt)(shapes_1.S.TemplateVersionPart),
        templateMinorVersion: (0, shapes_1.opt)(shapes_1.S.TemplateVersionPart),
        tags: (0, shapes_1.opt)(shapes_1.TagList),
        clientToken: (0, shapes_1.token)(shapes_1.S.ClientToken),
    },
    GetServiceInstance: { name: (0, shapes_1.req)(shapes_1.S.ResourceName), serviceName: (0, shapes_1.req)(shapes_1.S.ResourceName) },
    UpdateServiceInstance: {
        name: (0, shapes_1.req)(shapes_1.S.ResourceName),
        serviceName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        deploymentType: (0, shapes_1.req)(shapes_1.E.DeploymentUpdateType),
        spec: (0, shapes_1.opt)(shapes_1.S.SpecContents),
        templateMajorVersion: (0, shapes_1.opt)(shapes_1.S.TemplateVersionPart),
        templateMinorVersion: (0, shapes_1.opt)(shapes_1.S.TemplateVersionPart),
        clientToken: (0, shapes_1.token)(shapes_1.S.ClientToken),
    },
    ListServiceInstances: {
        serviceName: (0, shapes_1.opt)(shapes_1.S.ResourceName),
        ...page,
        filters: (0, shapes_1.opt)(shapes_1.ListServiceInstancesFilterList),
        sortBy: (0, shapes_1.opt)(shapes_1.E.ListServiceInstancesSortBy),
        sortOrder: (0, shapes_1.opt)(shapes_1.E.SortOrder),
    },
    CancelServiceInstanceDeployment: {
        serviceInstanceName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        serviceName: (0, shapes_1.req)(shapes_1.S.ResourceName),
    },
    ListServiceInstanceOutputs: {
        serviceInstanceName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        serviceName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        nextToken: (0, shapes_1.opt)(shapes_1.S.EmptyNextToken),
        deploymentId: (0, shapes_1.opt)(shapes_1.S.Uuid),
    },
    ListServiceInstanceProvisionedResources: {
        serviceName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        serviceInstanceName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        nextToken: (0, shapes_1.opt)(shapes_1.S.EmptyNextToken),
    },
    GetServiceInstanceSyncStatus: {
        serviceName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        serviceInstanceName: (0, shapes_1.req)(shapes_1.S.ResourceName),
    },
    // Service pipelines
    UpdateServicePipeline: {
        serviceName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        spec: (0, shapes_1.req)(shapes_1.S.SpecContents),
        deploymentType: (0, shapes_1.req)(shapes_1.E.DeploymentUpdateType),
        templateMajorVersion: (0, shapes_1.opt)(shapes_1.S.TemplateVersionPart),
        templateMinorVersion: (0, shapes_1.opt)(shapes_1.S.TemplateVersionPart),
    },
    CancelServicePipelineDeployment: { serviceName: (0, shapes_1.req)(shapes_1.S.ResourceName) },
    ListServicePipelineOutputs: {
        serviceName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        nextToken: (0, shapes_1.opt)(shapes_1.S.EmptyNextToken),
        deploymentId: (0, shapes_1.opt)(shapes_1.S.Uuid),
    },
    ListServicePipelineProvisionedResources: {
        serviceName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        nextToken: (0, shapes_1.opt)(shapes_1.S.EmptyNextToken),
    },
    // Environment account connections
    CreateEnvironmentAccountConnection: {
        clientToken: (0, shapes_1.token)(shapes_1.S.ClientToken),
        managementAccountId: (0, shapes_1.req)(shapes_1.S.AwsAccountId),
        roleArn: (0, shapes_1.opt)(shapes_1.S.RoleArn),
        environmentName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        tags: (0, shapes_1.opt)(shapes_1.TagList),
        ...roles,
    },
    GetEnvironmentAccountConnection: { id: (0, shapes_1.req)(shapes_1.S.Uuid) },
    UpdateEnvironmentAccountConnection: { id: (0, shapes_1.req)(shapes_1.S.Uuid), roleArn: (0, shapes_1.opt)(shapes_1.S.RoleArn), ...roles },
    DeleteEnvironmentAccountConnection: { id: (0, shapes_1.req)(shapes_1.S.Uuid) },
    ListEnvironmentAccountConnections: {
        requestedBy: (0, shapes_1.req)(shapes_1.E.EnvironmentAccountConnectionRequesterAccountType),
        environmentName: (0, shapes_1.opt)(shapes_1.S.ResourceName),
        statuses: (0, shapes_1.opt)((0, shapes_1.listOf)(shapes_1.E.EnvironmentAccountConnectionStatus)),
        ...page,
    },
    AcceptEnvironmentAccountConnection: { id: (0, shapes_1.req)(shapes_1.S.Uuid) },
    RejectEnvironmentAccountConnection: { id: (0, shapes_1.req)(shapes_1.S.Uuid) },
    // Components
    CreateComponent: {
        name: (0, shapes_1.req)(shapes_1.S.ResourceName),
        description: (0, shapes_1.opt)(shapes_1.S.Description),
        serviceName: (0, shapes_1.opt)(shapes_1.S.ResourceName),
        serviceInstanceName: (0, shapes_1.opt)(shapes_1.S.ResourceName),
        environmentName: (0, shapes_1.opt)(shapes_1.S.ResourceName),
        templateFile: (0, shapes_1.req)(shapes_1.S.TemplateFileContents),
        manifest: (0, shapes_1.req)(shapes_1.S.TemplateManifestContents),
        serviceSpec: (0, shapes_1.opt)(shapes_1.S.SpecContents),
        tags: (0, shapes_1.opt)(shapes_1.TagList),
        clientToken: (0, shapes_1.token)(shapes_1.S.ClientToken),
    },
    GetComponent: byName,
    UpdateComponent: {
        name: (0, shapes_1.req)(shapes_1.S.ResourceName),
        deploymentType: (0, shapes_1.req)(shapes_1.E.ComponentDeploymentUpdateType),
        description: (0, shapes_1.opt)(shapes_1.S.Description),
        serviceName: (0, shapes_1.opt)(shapes_1.S.ResourceNameOrEmpty),
        serviceInstanceName: (0, shapes_1.opt)(shapes_1.S.ResourceNameOrEmpty),
        serviceSpec: (0, shapes_1.opt)(shapes_1.S.SpecContents),
        templateFile: (0, shapes_1.opt)(shapes_1.S.TemplateFileContents),
        clientToken: (0, shapes_1.token)(shapes_1.S.ClientToken),
    },
    DeleteComponent: byName,
    ListComponents: {
        nextToken: (0, shapes_1.opt)(shapes_1.S.NextToken),
        environmentName: (0, shapes_1.opt)(shapes_1.S.ResourceName),
        serviceName: (0, shapes_1.opt)(shapes_1.S.ResourceName),
        serviceInstanceName: (0, shapes_1.opt)(shapes_1.S.ResourceName),
        maxResults: (0, shapes_1.opt)(shapes_1.S.MaxPageResults),
    },
    CancelComponentDeployment: { componentName: (0, shapes_1.req)(shapes_1.S.ResourceName) },
    ListComponentOutputs: {
        componentName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        nextToken: (0, shapes_1.opt)(shapes_1.S.EmptyNextToken),
        deploymentId: (0, shapes_1.opt)(shapes_1.S.Uuid),
    },
    ListComponentProvisionedResources: {
        componentName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        nextToken: (0, shapes_1.opt)(shapes_1.S.EmptyNextToken),
    },
    // Repositories
    CreateRepository: {
        provider: (0, shapes_1.req)(shapes_1.E.RepositoryProvider),
        name: (0, shapes_1.req)(shapes_1.S.RepositoryName),
        connectionArn: (0, shapes_1.req)(shapes_1.S.Arn),
        encryptionKey: (0, shapes_1.opt)(shapes_1.S.Arn),
        tags: (0, shapes_1.opt)(shapes_1.TagList),
    },
    GetRepository: { provider: (0, shapes_1.req)(shapes_1.E.RepositoryProvider), name: (0, shapes_1.req)(shapes_1.S.RepositoryName) },
    DeleteRepository: { provider: (0, shapes_1.req)(shapes_1.E.RepositoryProvider), name: (0, shapes_1.req)(shapes_1.S.RepositoryName) },
    ListRepositories: page,
    GetRepositorySyncStatus: {
        repositoryName: (0, shapes_1.req)(shapes_1.S.RepositoryName),
        repositoryProvider: (0, shapes_1.req)(shapes_1.E.RepositoryProvider),
        branch: (0, shapes_1.req)(shapes_1.S.GitBranchName),
        syncType: (0, shapes_1.req)(shapes_1.E.SyncType),
    },
    ListRepositorySyncDefinitions: {
        repositoryName: (0, shapes_1.req)(shapes_1.S.RepositoryName),
        repositoryProvider: (0, shapes_1.req)(shapes_1.E.RepositoryProvider),
        syncType: (0, shapes_1.req)(shapes_1.E.SyncType),
        nextToken: (0, shapes_1.opt)(shapes_1.S.EmptyNextToken),
    },
    // Template sync configs
    CreateTemplateSyncConfig: { ...templateSyncKey, ...syncConfig, subdirectory: (0, shapes_1.opt)(shapes_1.S.Subdirectory) },
    GetTemplateSyncConfig: templateSyncKey,
    UpdateTemplateSyncConfig: { ...templateSyncKey, ...syncConfig, subdirectory: (0, shapes_1.opt)(shapes_1.S.Subdirectory) },
    DeleteTemplateSyncConfig: templateSyncKey,
    GetTemplateSyncStatus: { ...templateSyncKey, templateVersion: (0, shapes_1.req)(shapes_1.S.TemplateVersionPart) },
    // Service sync configs and blockers
    CreateServiceSyncConfig: { serviceName: (0, shapes_1.req)(shapes_1.S.ResourceName), ...syncConfig, filePath: (0, shapes_1.req)(shapes_1.S.OpsFilePath) },
    GetServiceSyncConfig: { serviceName: (0, shapes_1.req)(shapes_1.S.ResourceName) },
    UpdateServiceSyncConfig: { serviceName: (0, shapes_1.req)(shapes_1.S.ResourceName), ...syncConfig, filePath: (0, shapes_1.req)(shapes_1.S.OpsFilePath) },
    DeleteServiceSyncConfig: { serviceName: (0, shapes_1.req)(shapes_1.S.ResourceName) },
    GetServiceSyncBlockerSummary: {
        serviceName: (0, shapes_1.req)(shapes_1.S.ResourceName),
        serviceInstanceName: (0, shapes_1.opt)(shapes_1.S.ResourceName),
    },
    UpdateServiceSyncBlocker: { id: (0, shapes_1.req)(shapes_1.S.String), resolvedReason: (0, shapes_1.req)(shapes_1.S.String) },
    // Deployments
    GetDeployment: { id: (0, shapes_1.req)(shapes_1.S.Uuid), ...deploymentFilters },
    ListDeployments: { nextToken: (0, shapes_1.opt)(shapes_1.S.NextToken), ...deploymentFilters, maxResults: (0, shapes_1.opt)(shapes_1.S.MaxPageResults) },
    DeleteDeployment: { id: (0, shapes_1.req)(shapes_1.S.Uuid) },
    // Account settings
    GetAccountSettings: {},
    UpdateAccountSettings: {
        pipelineServiceRoleArn: (0, shapes_1.opt)(shapes_1.S.RoleArnOrEmptyString),
        pipelineProvisioningRepository: (0, shapes_1.opt)(shapes_1.RepositoryBranchInput),
        deletePipelineProvisioningRepository: (0, shapes_1.opt)(shapes_1.S.Boolean),
        pipelineCodebuildRoleArn: (0, shapes_1.opt)(shapes_1.S.RoleArnOrEmptyString),
    },
    GetResourcesSummary: {},
    // Tags
    TagResource: { resourceArn: (0, shapes_1.req)(shapes_1.S.Arn), tags: (0, shapes_1.req)(shapes_1.TagList) },
    UntagResource: { resourceArn: (0, shapes_1.req)(shapes_1.S.Arn), tagKeys: (0, shapes_1.req)(shapes_1.TagKeyList) },
    ListTagsForResource: {
        resourceArn: (0, shapes_1.req)(shapes_1.S.Arn),
        nextToken: (0, shapes_1.opt)(shapes_1.S.String),
        maxResults: (0, shapes_1.opt)(shapes_1.S.MaxPageResults),
    },
    // Self-managed provisioning
    NotifyResourceDeploymentStatusChange: {
        resourceArn: (0, shapes_1.req)(shapes_1.S.Arn),
        status: (0, shapes_1.opt)(shapes_1.E.ResourceDeploymentStatus),
        outputs: (0, shapes_1.opt)(shapes_1.OutputsList),
        deploymentId: (0, shapes_1.opt)(shapes_1.S.Uuid),
        statusMessage: (0, shapes_1.opt)(shapes_1.S.StatusMessage),
    },
};
exports.OPERATION_NAMES = Object.keys(exports.OPERATION_INPUTS);
const isOperationName = (op) => Object.hasOwn(exports.OPERATION_INPUTS, op);
exports.isOperationName = isOperationName;
/** Operations that change nothing; everything else counts as mutating in the call log. */
const isReadOnly = (op) => /^(Get|List)/.test(op);
exports.isReadOnly = isReadOnly;
