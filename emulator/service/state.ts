// proton-local's whole state: plain JSON data, so it can be dumped, persisted and restored as is.
// Times are epoch milliseconds on the emulated clock; the protocol layer turns them into epoch seconds.

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
  provisioning?: string;
  tags: Tag[];
  createHash: string;
  modified: boolean;
}

export interface VersionRecord {
  kind: TemplateKind;
  templateName: string;
  major: number;
  minor: number;
  status: string;
  statusMessage?: string;
  description?: string;
  arn: string;
  createdAt: number;
  lastModifiedAt: number;
  schema?: string;
  source: { s3: { bucket: string; key: string } };
  compatibleEnvironmentTemplates?: { templateName: string; majorVersion: string }[];
  supportedComponentSources?: string[];
  /** Known from the bundle: whether the service template carries a pipeline. */
  hasPipeline?: boolean;
  tags: Tag[];
  pending?: Pending;
}

export interface Deployable {
  deploymentStatus: string;
  deploymentStatusMessage?: string;
  lastDeploymentAttemptedAt: number;
  lastDeploymentSucceededAt: number;
  lastAttemptedDeploymentId: string;
  lastSucceededDeploymentId?: string;
  templateName: string;
  templateMajorVersion: string;
  templateMinorVersion: string;
  spec?: string;
  pending?: Pending;
  /** Where the deployment would land if it succeeds (the version being deployed). */
  target?: { templateMajorVersion: string; templateMinorVersion: string; spec?: string };
}

export interface EnvironmentRecord extends Deployable {
  name: string;
  arn: string;
  description?: string;
  createdAt: number;
  protonServiceRoleArn?: string;
  environmentAccountConnectionId?: string;
  environmentAccountId?: string;
  provisioning?: string;
  provisioningRepository?: { arn: string; provider: string; name: string; branch: string };
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
  status: string;
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
  status: string;
  componentRoleArn?: string;
  codebuildRoleArn?: string;
  tags: Tag[];
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
  accountSettings: {
    pipelineServiceRoleArn?: string;
    pipelineCodebuildRoleArn?: string;
    pipelineProvisioningRepository?: { arn: string; provider: string; name: string; branch: string };
  };
  clientTokens: Record<string, ClientTokenRecord>;
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
  accountSettings: {},
  clientTokens: {},
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
