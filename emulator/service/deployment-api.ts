import type {
  DeleteDeploymentCommandInput,
  DeleteDeploymentCommandOutput,
  Deployment,
  GetDeploymentCommandInput,
  GetDeploymentCommandOutput,
  GetResourcesSummaryCommandOutput,
  ListDeploymentsCommandInput,
  ListDeploymentsCommandOutput,
  NotifyResourceDeploymentStatusChangeCommandInput,
  NotifyResourceDeploymentStatusChangeCommandOutput,
  ResourceCountsSummary,
} from "@aws-sdk/client-proton";
import type { Backend } from "./backend";
import { AWAITING_NOTIFICATION, deploymentTargets } from "./deployment-history";
import { getEnvironment } from "./environments";
import { getComponent } from "./outputs";
import { paginate } from "./pagination";
import { clean, seconds } from "./render";
import { getService } from "./services";
import { recommendedVersion } from "./templates";
import { instanceKey, type Deployable, type DeploymentRecord } from "./state";
import type { Valid, Wire } from "./wire";
import { conflict, notFound, validation } from "../protocol/errors";

// Deployment history (Get/List/DeleteDeployment), the account's resource counts, and the status
// notifications through which self-managed provisioning settles its deployments.

function renderDeployment(r: DeploymentRecord, summary = false): Wire<Deployment> {
  return clean({
    id: r.id,
    arn: r.arn,
    targetArn: r.targetArn,
    targetResourceCreatedAt: seconds(r.targetResourceCreatedAt),
    targetResourceType: r.targetResourceType,
    environmentName: r.environmentName,
    serviceName: r.serviceName,
    serviceInstanceName: r.serviceInstanceName,
    componentName: r.componentName,
    deploymentStatus: r.deploymentStatus,
    deploymentStatusMessage: summary ? undefined : r.deploymentStatusMessage,
    createdAt: seconds(r.createdAt),
    lastModifiedAt: seconds(r.lastModifiedAt),
    completedAt: r.completedAt === undefined ? undefined : seconds(r.completedAt),
    lastAttemptedDeploymentId: r.lastAttemptedDeploymentId,
    lastSucceededDeploymentId: r.lastSucceededDeploymentId,
    initialState: summary ? undefined : (r.initialState as unknown as Deployment["initialState"]),
    targetState: summary ? undefined : (r.targetState as unknown as Deployment["targetState"]),
  });
}

/** Checks the names a request narrows to exist, as Proton does (ResourceNotFoundException otherwise). */
function checkNames(
  b: Backend,
  input: {
    environmentName?: string;
    serviceName?: string;
    serviceInstanceName?: string;
    componentName?: string;
  },
): void {
  if (input.serviceInstanceName !== undefined && input.serviceName === undefined)
    throw validation("serviceInstanceName needs serviceName");
  if (input.environmentName !== undefined) getEnvironment(b, input.environmentName);
  if (input.serviceName !== undefined) getService(b, input.serviceName);
  if (
    input.serviceInstanceName !== undefined &&
    !b.state.instances[instanceKey(input.serviceName as string, input.serviceInstanceName)]
  )
    throw notFound(`The service instance '${input.serviceName}/${input.serviceInstanceName}' does not exist`);
  if (input.componentName !== undefined) getComponent(b, input.componentName);
}

const matches = (
  r: DeploymentRecord,
  input: Partial<Record<"environmentName" | "serviceName" | "serviceInstanceName" | "componentName", string>>,
) =>
  (input.environmentName === undefined || r.environmentName === input.environmentName) &&
  (input.serviceName === undefined || r.serviceName === input.serviceName) &&
  (input.serviceInstanceName === undefined || r.serviceInstanceName === input.serviceInstanceName) &&
  (input.componentName === undefined || r.componentName === input.componentName);

function getRecord(b: Backend, id: string): DeploymentRecord {
  const r = b.state.deployments[id];
  if (!r) throw notFound(`The deployment '${id}' does not exist`);
  return r;
}

type Staleness = "upToDate" | "behindMajor" | "behindMinor";

function staleness(b: Backend, d: Deployable): Staleness {
  const rec = recommendedVersion(b, "SERVICE", d.templateName);
  if (!rec) return "upToDate";
  if (Number(d.templateMajorVersion) < rec.major) return "behindMajor";
  if (Number(d.templateMajorVersion) === rec.major && Number(d.templateMinorVersion) < rec.minor)
    return "behindMinor";
  return "upToDate";
}

function countsOf(
  b: Backend,
  items: Deployable[],
  failed: (d: Deployable) => boolean,
): ResourceCountsSummary {
  const counts = { total: items.length, failed: 0, upToDate: 0, behindMajor: 0, behindMinor: 0 };
  for (const d of items) {
    counts[staleness(b, d)]++;
    if (failed(d)) counts.failed++;
  }
  return counts;
}

export const deploymentOps = {
  GetDeployment: (b: Backend, input: Valid<GetDeploymentCommandInput>): Wire<GetDeploymentCommandOutput> => {
    if (input.serviceInstanceName !== undefined && input.serviceName === undefined)
      throw validation("serviceInstanceName needs serviceName");
    const r = getRecord(b, input.id);
    if (!matches(r, input)) throw notFound(`The deployment '${r.id}' does not exist for the resource named`);
    return { deployment: renderDeployment(r) };
  },

  ListDeployments: (b: Backend, input: ListDeploymentsCommandInput): Wire<ListDeploymentsCommandOutput> => {
    checkNames(b, input);
    const all = Object.values(b.state.deployments)
      .filter((r) => matches(r, input))
      .sort((x, y) => y.createdAt - x.createdAt || x.id.localeCompare(y.id));
    const { page, nextToken } = paginate("ListDeployments", all, input);
    return {
      deployments: page.map((r) => renderDeployment(r, true)),
      ...(nextToken ? { nextToken } : {}),
    };
  },

  DeleteDeployment: (
    b: Backend,
    input: Valid<DeleteDeploymentCommandInput>,
  ): Wire<DeleteDeploymentCommandOutput> => {
    const { id } = input;
    if (!b.state.deployments[id] && b.state.tombstones[`deployment/${id}`]) return {};
    const r = getRecord(b, id);
    if (r.deploymentStatus === "IN_PROGRESS" || r.deploymentStatus === "CANCELLING")
      throw validation(`The deployment '${id}' is ${r.deploymentStatus} and can't be deleted`);
    const target = deploymentTargets(b).find((t) => t.arn === r.targetArn);
    if (target?.d.lastSucceededDeploymentId === id)
      throw validation(
        `The deployment '${id}' is the last successful deployment of ${r.targetArn} and can't be deleted`,
      );
    delete b.state.deployments[id];
    b.state.tombstones[`deployment/${id}`] = b.now();
    return { deployment: renderDeployment(r) };
  },

  GetResourcesSummary: (b: Backend): Wire<GetResourcesSummaryCommandOutput> => {
    const s = b.state;
    const templates = Object.values(s.templates);
    const instances = Object.values(s.instances);
    const pipelines = Object.values(s.services).flatMap((x) => (x.pipeline ? [x.pipeline] : []));
    const failed = (d: { deploymentStatus: string }) => d.deploymentStatus === "FAILED";
    const services = Object.values(s.services);
    const serviceCounts = countsOf(b, [], failed);
    serviceCounts.total = services.length;
    for (const svc of services) {
      const own = instances.filter((i) => i.serviceName === svc.name).map((i) => staleness(b, i));
      const worst = own.includes("behindMajor")
        ? "behindMajor"
        : own.includes("behindMinor")
          ? "behindMinor"
          : "upToDate";
      serviceCounts[worst] = (serviceCounts[worst] ?? 0) + 1;
      if (svc.status.includes("FAILED")) serviceCounts.failed = (serviceCounts.failed ?? 0) + 1;
    }
    const components = Object.values(s.components);
    return {
      counts: {
        components: { total: components.length, failed: components.filter(failed).length },
        environments: { total: Object.keys(s.environments).length },
        environmentTemplates: { total: templates.filter((t) => t.kind === "ENVIRONMENT").length },
        serviceTemplates: { total: templates.filter((t) => t.kind === "SERVICE").length },
        services: serviceCounts,
        serviceInstances: countsOf(b, instances, failed),
        pipelines: countsOf(b, pipelines, failed),
      },
    };
  },

  NotifyResourceDeploymentStatusChange: (
    b: Backend,
    input: NotifyResourceDeploymentStatusChangeCommandInput,
  ): Wire<NotifyResourceDeploymentStatusChangeCommandOutput> => {
    const target = deploymentTargets(b).find((t) => t.arn === input.resourceArn);
    if (!target) throw notFound(`The resource '${input.resourceArn}' does not exist`);
    if (!target.selfManaged)
      throw validation(
        `The resource '${input.resourceArn}' is not provisioned by its owner (self-managed provisioning)`,
      );
    const { d } = target;
    const id = input.deploymentId ?? d.lastAttemptedDeploymentId;
    const record = b.state.deployments[id];
    if (!record || record.targetArn !== target.arn)
      throw notFound(`The deployment '${id}' of '${input.resourceArn}' does not exist`);
    const waiting = id === d.lastAttemptedDeploymentId && d.pending?.kind === "deploy";
    if (!waiting) throw conflict(`The deployment '${id}' of '${input.resourceArn}' is not in progress`);
    if (input.outputs)
      record.outputs = input.outputs.map((o) => ({
        key: o.key as string,
        valueString: o.valueString as string,
      }));
    if (input.statusMessage !== undefined) record.deploymentStatusMessage = input.statusMessage;
    record.lastModifiedAt = b.now();
    const pending = d.pending as NonNullable<typeof d.pending>;
    if (input.status === "SUCCEEDED" || input.status === "FAILED") {
      if (input.status === "FAILED")
        pending.failWith = input.statusMessage || "The self-managed deployment failed";
      // Settled: the state machine finishes it on its next step.
      pending.dueAt = b.now();
    } else pending.dueAt = AWAITING_NOTIFICATION;
    return {};
  },
};
