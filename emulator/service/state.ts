// proton-local's whole state: plain JSON data, so it can be dumped, persisted and restored as is.
// Times are epoch milliseconds on the emulated clock; the protocol layer turns them into epoch seconds.

import type {
  DeploymentStatus,
  EnvironmentAccountConnectionStatus,
  Provisioning,
  RepositoryProvider,
  ServiceStatus,
  ServiceTemplateSupportedComponentSourceType,
  TemplateVersionStatus,
} from "@aws-sdk/client-proton";

export interface Tag {
  key: string;
  value: string;
}

export type TemplateKind = "ENVIRONMENT" | "SERVICE";

/** Work that finishes later: registration, deployment, deletion or cancellation. */
export interface Pending {
  kind: "register" | "deploy" | "delete" | "cancel";
  dueAt: number;
  /** Set when the work was told to fail; the message becomes the status message. */
  failWith?: string;
}

export interface TemplateRecord {
  kind: TemplateKind;
  name: string;
  arn: string;
  createdAt: number;
  lastModifiedAt: number;
  displayName?: string;
  description?: string;
  encryptionKey?: string;
  /** `provisioning` for environment templates, `pipelineProvisioning` for service templates. */
  provisioning?: Provisioning;
  tags: Tag[];
  createHash: string;
  modified: boolean;
}

export interface VersionRecord {
  kind: TemplateKind;
  templateName: string;
  major: number;
  minor: number;
  status: TemplateVersionStatus;
  statusMessage?: string;
  description?: string;
  arn: string;
  createdAt: number;
  lastModifiedAt: number;
  schema?: string;
  source: { s3: { bucket: string; key: string } };
  compatibleEnvironmentTemplates?: { templateName: string; majorVersion: string }[];
  supportedComponentSources?: ServiceTemplateSupportedComponentSourceType[];
  /** Known from the bundle: whether the service template carries a pipeline. */
  hasPipeline?: boolean;
  tags: Tag[];
  pending?: Pending;
}

/** The deployment fields every deployed resource (environment, instance, pipeline, component) carries. */
export interface DeploymentFields {
  deploymentStatus: DeploymentStatus;
  deploymentStatusMessage?: string;
  lastDeploymentAttemptedAt: number;
  lastDeploymentSucceededAt: number;
  lastAttemptedDeploymentId: string;
  lastSucceededDeploymentId?: string;
  /** When the last deployment, cancellation or deletion ended (the history's `completedAt`). */
  settledAt?: number;
  pending?: Pending;
}

export interface Deployable extends DeploymentFields {
  templateName: string;
  templateMajorVersion: string;
  templateMinorVersion: string;
  spec?: string;
  /** Where the deployment would land if it succeeds (the version being deployed). */
  target?: { templateMajorVersion: string; templateMinorVersion: string; spec?: string };
}

export interface EnvironmentRecord extends Deployable {
  /** Every environment is created with a spec. */
  spec: string;
  name: string;
  arn: string;
  description?: string;
  createdAt: number;
  protonServiceRoleArn?: string;
  environmentAccountConnectionId?: string;
  environmentAccountId?: string;
  provisioning?: Provisioning;
  provisioningRepository?: { arn: string; provider: RepositoryProvider; name: string; branch: string };
  componentRoleArn?: string;
  codebuildRoleArn?: string;
  tags: Tag[];
  createHash: string;
  modified: boolean;
}

export interface PipelineRecord extends Deployable {
  arn: string;
  createdAt: number;
}

export interface ServiceRecord {
  name: string;
  arn: string;
  description?: string;
  templateName: string;
  createdAt: number;
  lastModifiedAt: number;
  status: ServiceStatus;
  statusMessage?: string;
  spec: string;
  repositoryConnectionArn?: string;
  repositoryId?: string;
  branchName?: string;
  pipeline?: PipelineRecord;
  /** The template version the service was created with; instances added later start there. */
  templateMajorVersion: string;
  templateMinorVersion: string;
  tags: Tag[];
  createHash: string;
  modified: boolean;
  pending?: Pending;
  /** The first failure of a child (instance or pipeline) during the service's current operation. */
  childFailure?: string;
}

export interface InstanceRecord extends Deployable {
  name: string;
  serviceName: string;
  arn: string;
  createdAt: number;
  environmentName: string;
  lastClientRequestToken?: string;
  lastClientRequestHash?: string;
  tags: Tag[];
}

export interface ConnectionRecord {
  id: string;
  arn: string;
  managementAccountId: string;
  environmentAccountId: string;
  roleArn?: string;
  environmentName: string;
  requestedAt: number;
  lastModifiedAt: number;
  status: EnvironmentAccountConnectionStatus;
  componentRoleArn?: string;
  codebuildRoleArn?: string;
  tags: Tag[];
}

/** A linked repository (CreateRepository); keyed by `repositoryKey(provider, name)`. */
export interface RepositoryRecord {
  provider: RepositoryProvider;
  name: string;
  arn: string;
  connectionArn: string;
  encryptionKey?: string;
  tags: Tag[];
  createHash: string;
}

/** Proton's Revision: where a sync read its files from. */
export interface RevisionRecord {
  repositoryName: string;
  repositoryProvider: RepositoryProvider;
  sha: string;
  directory: string;
  branch: string;
}

export interface SyncEventRecord {
  type: string;
  event: string;
  time: number;
  externalId?: string;
}

/** One sync of a repository branch (RepositorySyncAttempt). */
export interface RepositorySyncRecord {
  startedAt: number;
  status: string;
  events: SyncEventRecord[];
}

/** One sync of a resource: a template major version or a service instance (ResourceSyncAttempt). */
export interface ResourceSyncRecord {
  initialRevision: RevisionRecord;
  targetRevision: RevisionRecord;
  target: string;
  startedAt: number;
  status: string;
  events: SyncEventRecord[];
  /** What the attempt waits on: the template version registering or the instance deploying. */
  waitsOn?: { kind: "version"; key: string } | { kind: "instance"; key: string };
  /** Template sync: the content hash of the bundle folder being synced. */
  contentHash?: string;
}

/** The sync history of one resource: GetTemplateSyncStatus / GetServiceInstanceSyncStatus. */
export interface ResourceSyncStatusRecord {
  latestSync?: ResourceSyncRecord;
  latestSuccessfulSync?: ResourceSyncRecord;
  desiredState?: RevisionRecord;
  /** Template sync: content hash of the bundle folder last synced, and the version it made. */
  syncedHash?: string;
  syncedVersionKey?: string;
  /** A commit arrived while a sync was in progress: sync the branch head when it ends. */
  queued?: boolean;
}

export interface TemplateSyncConfigRecord {
  templateName: string;
  templateType: TemplateKind;
  repositoryProvider: RepositoryProvider;
  repositoryName: string;
  branch: string;
  subdirectory?: string;
  createHash: string;
  modified: boolean;
}

export interface ServiceSyncConfigRecord {
  serviceName: string;
  repositoryProvider: RepositoryProvider;
  repositoryName: string;
  branch: string;
  filePath: string;
  createHash: string;
  modified: boolean;
}

export interface SyncBlockerRecord {
  id: string;
  type: "AUTOMATED";
  status: "ACTIVE" | "RESOLVED";
  createdReason: string;
  createdAt: number;
  contexts: { key: string; value: string }[];
  resolvedReason?: string;
  resolvedAt?: number;
  serviceName: string;
  /** Set for an instance blocker; a service blocker stops every instance of the service. */
  serviceInstanceName?: string;
}

/** The head of a branch of a repository as the control plane's Git side last pushed it. */
export interface BranchHeadRecord {
  commitId: string;
  pushedAt: number;
  /** Every file of the commit: path (with `/`, no leading slash) -> text. */
  files: Record<string, string>;
}

export interface ComponentState {
  serviceName?: string;
  serviceInstanceName?: string;
  serviceSpec?: string;
  templateFile: string;
}

export interface ComponentRecord extends DeploymentFields, ComponentState {
  name: string;
  arn: string;
  description?: string;
  environmentName: string;
  createdAt: number;
  lastModifiedAt: number;
  manifest: string;
  lastClientRequestToken?: string;
  lastClientRequestHash?: string;
  tags: Tag[];
  /** The state the running deployment moves the component to when it succeeds. */
  next?: ComponentState;
}

export type DeploymentTargetType = "ENVIRONMENT" | "SERVICE_PIPELINE" | "SERVICE_INSTANCE" | "COMPONENT";

/** One deployment of a resource, kept as its history (ListDeployments) with what it rendered. */
export interface DeploymentRecord {
  id: string;
  arn: string;
  targetArn: string;
  targetResourceType: DeploymentTargetType;
  targetResourceCreatedAt: number;
  environmentName: string;
  serviceName?: string;
  serviceInstanceName?: string;
  componentName?: string;
  deploymentStatus: DeploymentStatus;
  deploymentStatusMessage?: string;
  createdAt: number;
  lastModifiedAt: number;
  completedAt?: number;
  /** The target's last attempted and succeeded deployments when this one started. */
  lastAttemptedDeploymentId?: string;
  lastSucceededDeploymentId?: string;
  /** DeploymentState union members, e.g. `{ environment: {...} }`. */
  initialState?: Record<string, unknown>;
  targetState: Record<string, unknown>;
  /** Provisioning the resource owner does (self-managed): settled by NotifyResourceDeploymentStatusChange. */
  selfManaged: boolean;
  engine?: "CLOUDFORMATION" | "TERRAFORM";
  files: { path: string; content: string }[];
  outputs: { key: string; valueString: string }[];
  resources: { name: string; identifier: string; provisioningEngine: "CLOUDFORMATION" | "TERRAFORM" }[];
}

export interface ClientTokenRecord {
  paramsHash: string;
  issuedAt: number;
  /** Key of the resource the token created, in its collection. */
  resourceKey: string;
}

export interface State {
  templates: Record<string, TemplateRecord>;
  versions: Record<string, VersionRecord>;
  environments: Record<string, EnvironmentRecord>;
  services: Record<string, ServiceRecord>;
  instances: Record<string, InstanceRecord>;
  connections: Record<string, ConnectionRecord>;
  components: Record<string, ComponentRecord>;
  deployments: Record<string, DeploymentRecord>;
  accountSettings: {
    pipelineServiceRoleArn?: string;
    pipelineCodebuildRoleArn?: string;
    pipelineProvisioningRepository?: {
      arn: string;
      provider: RepositoryProvider;
      name: string;
      branch: string;
    };
  };
  clientTokens: Record<string, ClientTokenRecord>;
  repositories: Record<string, RepositoryRecord>;
  /** Keyed by `templateKey(type, name)`. */
  templateSyncConfigs: Record<string, TemplateSyncConfigRecord>;
  /** Keyed by service name. */
  serviceSyncConfigs: Record<string, ServiceSyncConfigRecord>;
  /** Keyed by `branchKey(provider, name, branch)`. */
  branches: Record<string, BranchHeadRecord>;
  /** Latest repository sync per `${syncType}/${branchKey}`. */
  repositorySyncs: Record<string, RepositorySyncRecord>;
  /** Per `${templateKey}/${major}` (template sync) or `instanceKey` prefixed `instance/` (service sync). */
  resourceSyncs: Record<string, ResourceSyncStatusRecord>;
  syncBlockers: Record<string, SyncBlockerRecord>;
  /** Bundle files of template versions made by template sync, keyed by `versionKey`. */
  syncedBundles: Record<string, Record<string, string>>;
  /** Keys of resources that existed and were deleted, so a repeated delete answers {} instead of 404. */
  tombstones: Record<string, number>;
}

export const emptyState = (): State => ({
  templates: {},
  versions: {},
  environments: {},
  services: {},
  instances: {},
  connections: {},
  components: {},
  deployments: {},
  accountSettings: {},
  clientTokens: {},
  repositories: {},
  templateSyncConfigs: {},
  serviceSyncConfigs: {},
  branches: {},
  repositorySyncs: {},
  resourceSyncs: {},
  syncBlockers: {},
  syncedBundles: {},
  tombstones: {},
});

export const templateKey = (kind: TemplateKind, name: string) => `${kind}/${name}`;
export const versionKey = (
  kind: TemplateKind,
  name: string,
  major: number | string,
  minor: number | string,
) => `${kind}/${name}/${major}.${minor}`;
export const instanceKey = (serviceName: string, name: string) => `${serviceName}/${name}`;
export const repositoryKey = (provider: string, name: string) => `${provider}:${name}`;
export const branchKey = (provider: string, name: string, branch: string) => `${provider}:${name}@${branch}`;
