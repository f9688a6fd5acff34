import type {
  Environment,
  EnvironmentAccountConnection,
  EnvironmentTemplate,
  EnvironmentTemplateVersion,
  Service,
  ServiceInstance,
  ServiceSummary,
  ServiceTemplate,
  ServiceTemplateVersion,
} from "@aws-sdk/client-proton";
import type {
  ConnectionRecord,
  Deployable,
  EnvironmentRecord,
  InstanceRecord,
  ServiceRecord,
  TemplateRecord,
  VersionRecord,
} from "./state";
import type { Wire } from "./wire";

// Turns records into the wire shapes of the API: epoch-second timestamps, no internal bookkeeping.

export const seconds = (ms: number): number => ms / 1000;

/** Drops undefined members so the JSON body never carries nulls. */
export function clean<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A template as both kinds send it: the kind's own provisioning member is the only one set. */
export type RenderedTemplate = Wire<EnvironmentTemplate & ServiceTemplate>;
/** A template version as both kinds send it (service versions add their compatible templates and sources). */
export type RenderedVersion = Wire<EnvironmentTemplateVersion> &
  Pick<Wire<ServiceTemplateVersion>, "compatibleEnvironmentTemplates" | "supportedComponentSources">;

export function renderTemplate(t: TemplateRecord, recommendedVersion: string | undefined): RenderedTemplate {
  return clean({
    name: t.name,
    arn: t.arn,
    createdAt: seconds(t.createdAt),
    lastModifiedAt: seconds(t.lastModifiedAt),
    displayName: t.displayName,
    description: t.description,
    recommendedVersion,
    encryptionKey: t.encryptionKey,
    provisioning: t.kind === "ENVIRONMENT" ? t.provisioning : undefined,
    pipelineProvisioning: t.kind === "SERVICE" ? t.provisioning : undefined,
  });
}

export function renderVersion(
  v: VersionRecord,
  recommendedMinorVersion: string | undefined,
  summary = false,
): RenderedVersion {
  return clean({
    templateName: v.templateName,
    majorVersion: String(v.major),
    minorVersion: String(v.minor),
    recommendedMinorVersion,
    status: v.status,
    statusMessage: v.statusMessage,
    description: v.description,
    arn: v.arn,
    createdAt: seconds(v.createdAt),
    lastModifiedAt: seconds(v.lastModifiedAt),
    schema: summary ? undefined : v.schema,
    compatibleEnvironmentTemplates:
      summary || v.kind !== "SERVICE" ? undefined : (v.compatibleEnvironmentTemplates ?? []),
    supportedComponentSources: summary || v.kind !== "SERVICE" ? undefined : v.supportedComponentSources,
  });
}

function deployment(d: Deployable) {
  return {
    lastDeploymentAttemptedAt: seconds(d.lastDeploymentAttemptedAt),
    lastDeploymentSucceededAt: seconds(d.lastDeploymentSucceededAt),
    templateName: d.templateName,
    templateMajorVersion: d.templateMajorVersion,
    templateMinorVersion: d.templateMinorVersion,
    deploymentStatus: d.deploymentStatus,
    deploymentStatusMessage: d.deploymentStatusMessage,
    lastAttemptedDeploymentId: d.lastAttemptedDeploymentId,
    lastSucceededDeploymentId: d.lastSucceededDeploymentId,
  };
}

export function renderEnvironment(e: EnvironmentRecord, summary = false): Wire<Environment> {
  return clean({
    name: e.name,
    description: e.description,
    createdAt: seconds(e.createdAt),
    arn: e.arn,
    ...deployment(e),
    protonServiceRoleArn: e.protonServiceRoleArn,
    environmentAccountConnectionId: e.environmentAccountConnectionId,
    environmentAccountId: e.environmentAccountId,
    spec: summary ? undefined : e.spec,
    provisioning: e.provisioning,
    provisioningRepository: summary ? undefined : e.provisioningRepository,
    componentRoleArn: e.componentRoleArn,
    codebuildRoleArn: summary ? undefined : e.codebuildRoleArn,
  });
}

export function renderServiceSummary(s: ServiceRecord): Wire<ServiceSummary> {
  return clean({
    name: s.name,
    description: s.description,
    arn: s.arn,
    templateName: s.templateName,
    createdAt: seconds(s.createdAt),
    lastModifiedAt: seconds(s.lastModifiedAt),
    status: s.status,
    statusMessage: s.statusMessage,
  });
}

export function renderService(s: ServiceRecord): Wire<Service> {
  return clean({
    ...renderServiceSummary(s),
    spec: s.spec,
    pipeline: s.pipeline
      ? clean({
          arn: s.pipeline.arn,
          createdAt: seconds(s.pipeline.createdAt),
          ...deployment(s.pipeline),
          spec: s.pipeline.spec,
        })
      : undefined,
    repositoryConnectionArn: s.repositoryConnectionArn,
    repositoryId: s.repositoryId,
    branchName: s.branchName,
  });
}

export function renderInstance(i: InstanceRecord, summary = false): Wire<ServiceInstance> {
  return clean({
    name: i.name,
    arn: i.arn,
    createdAt: seconds(i.createdAt),
    serviceName: i.serviceName,
    environmentName: i.environmentName,
    ...deployment(i),
    spec: summary ? undefined : i.spec,
    lastClientRequestToken: summary ? undefined : i.lastClientRequestToken,
  });
}

export function renderConnection(c: ConnectionRecord, summary = false): Wire<EnvironmentAccountConnection> {
  return clean({
    id: c.id,
    arn: c.arn,
    managementAccountId: c.managementAccountId,
    environmentAccountId: c.environmentAccountId,
    roleArn: c.roleArn,
    environmentName: c.environmentName,
    requestedAt: seconds(c.requestedAt),
    lastModifiedAt: seconds(c.lastModifiedAt),
    status: c.status,
    componentRoleArn: c.componentRoleArn,
    codebuildRoleArn: summary ? undefined : c.codebuildRoleArn,
  });
}
