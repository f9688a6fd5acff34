import { createHash } from "node:crypto";
import { parse } from "yaml";
import { isMap, parseEnvironmentSpec, parseServiceSpec, type Inputs } from "../../common/spec";
import type { Backend } from "./backend";
import { versionBundle } from "./bundle-files";
import {
  renderBundleFolder,
  renderComponent,
  RenderError,
  type Parameters,
  type Rendering,
} from "./rendering";
import {
  instanceKey,
  versionKey,
  type ComponentRecord,
  type Deployable,
  type DeploymentFields,
  type DeploymentRecord,
  type DeploymentTargetType,
  type EnvironmentRecord,
  type InstanceRecord,
  type ServiceRecord,
} from "./state";

// Every deployment of an environment, service instance, pipeline or component becomes a record of the
// deployment history when it starts: its initial and target state, and what its templates rendered to.
// The records follow the resources' own state machines (they are reconciled after every request and
// every step of async work), so the resources' handlers need no knowledge of them.

/** The dueAt of a self-managed deployment: it waits for NotifyResourceDeploymentStatusChange. */
export const AWAITING_NOTIFICATION = Number.MAX_SAFE_INTEGER;

const TERMINAL = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);
const TRACKED = new Set(["IN_PROGRESS", "CANCELLING", ...TERMINAL]);

interface Target {
  type: DeploymentTargetType;
  arn: string;
  createdAt: number;
  /** A short name for the stack / provisioning-repository folder. */
  folder: string;
  names: Pick<DeploymentRecord, "environmentName" | "serviceName" | "serviceInstanceName" | "componentName">;
  d: DeploymentFields;
  initialState(): Record<string, unknown> | undefined;
  targetState(): Record<string, unknown>;
  render(): Rendering | undefined;
  selfManaged: boolean;
}

/** The schema defaults for inputs a spec leaves out, as Proton fills them before rendering. */
function withDefaults(schema: string | undefined, typeKey: string, inputs: Inputs): Inputs {
  if (!schema) return inputs;
  let doc: unknown;
  try {
    doc = parse(schema);
  } catch {
    return inputs;
  }
  const s = isMap(doc) && isMap(doc.schema) ? doc.schema : {};
  const type = isMap(s.types) ? s.types[String(s[typeKey])] : undefined;
  const properties = isMap(type) && isMap(type.properties) ? type.properties : {};
  const defaults = Object.entries(properties).flatMap(([k, p]) =>
    isMap(p) && p.default !== undefined ? [[k, p.default] as const] : [],
  );
  return { ...Object.fromEntries(defaults), ...inputs };
}

const outputsMap = (r: DeploymentRecord | undefined): Record<string, string> =>
  Object.fromEntries((r?.outputs ?? []).map((o) => [o.key, o.valueString]));

/** The outputs of a resource's last successful deployment. */
export function lastOutputs(b: Backend, d: DeploymentFields | undefined): Record<string, string> {
  return outputsMap(
    d?.lastSucceededDeploymentId ? b.state.deployments[d.lastSucceededDeploymentId] : undefined,
  );
}

const serviceParameters = (s: ServiceRecord) => ({
  name: s.name,
  ...(s.branchName ? { branch_name: s.branchName } : {}),
  ...(s.repositoryConnectionArn ? { repository_connection_arn: s.repositoryConnectionArn } : {}),
  ...(s.repositoryId ? { repository_id: s.repositoryId } : {}),
});

const environmentParameters = (b: Backend, name: string) => ({
  name,
  outputs: lastOutputs(b, b.state.environments[name]),
});

/** The deployed shape of a template-based resource: the target if one is deploying, else the current one. */
const deployedVersion = (d: Deployable) => ({
  templateName: d.templateName,
  templateMajorVersion: d.target?.templateMajorVersion ?? d.templateMajorVersion,
  templateMinorVersion: d.target?.templateMinorVersion ?? d.templateMinorVersion,
  spec: d.target?.spec ?? d.spec,
});

const stateOf = (d: Deployable) =>
  d.lastSucceededDeploymentId
    ? {
        templateName: d.templateName,
        templateMajorVersion: d.templateMajorVersion,
        templateMinorVersion: d.templateMinorVersion,
        ...(d.spec !== undefined ? { spec: d.spec } : {}),
      }
    : undefined;

function bundleOf(b: Backend, kind: "ENVIRONMENT" | "SERVICE", d: Deployable) {
  const v = deployedVersion(d);
  return versionBundle(b, kind, v.templateName, v.templateMajorVersion, v.templateMinorVersion);
}

function schemaOf(b: Backend, kind: "ENVIRONMENT" | "SERVICE", d: Deployable): string | undefined {
  const v = deployedVersion(d);
  return b.state.versions[versionKey(kind, v.templateName, v.templateMajorVersion, v.templateMinorVersion)]
    ?.schema;
}

function identity(b: Backend, arn: string, folder: string) {
  const hash = createHash("sha256").update(arn).digest("hex").slice(0, 8);
  return {
    stackName: `AWSProton-${folder.replace(/[^A-Za-z0-9-]/g, "-")}-${hash}`,
    region: b.options.region,
    accountId: b.options.accountId,
    partition: b.options.partition ?? "aws",
  };
}

/** The tags Proton passes to Terraform as `proton_tags`. */
const protonTags = (b: Backend, kind: string, arn: string, template: string) => ({
  "proton:account": b.options.accountId,
  "proton:template": template,
  [`proton:${kind}`]: arn,
});

function environmentTarget(b: Backend, e: EnvironmentRecord): Target {
  const selfManaged = e.provisioning === "CUSTOMER_MANAGED";
  return {
    type: "ENVIRONMENT",
    arn: e.arn,
    createdAt: e.createdAt,
    folder: e.name,
    names: { environmentName: e.name },
    d: e,
    selfManaged,
    initialState: () => {
      const s = stateOf(e);
      return s && { environment: s };
    },
    targetState: () => ({ environment: deployedVersion(e) }),
    render: () => {
      const bundle = bundleOf(b, "ENVIRONMENT", e);
      const spec = deployedVersion(e).spec;
      if (!bundle || !spec) return undefined;
      const inputs = withDefaults(
        schemaOf(b, "ENVIRONMENT", e),
        "environment_input_type",
        parseEnvironmentSpec(spec).inputs,
      );
      return renderBundleFolder(bundle, "infrastructure", {
        kind: "environment",
        parameters: { environment: { name: e.name, inputs } },
        identity: identity(b, e.arn, e.name),
        folder: e.name,
        tags: protonTags(b, "environment", e.arn, b.arn(`environment-template/${e.templateName}`)),
      });
    },
  };
}

/** An instance's inputs in a service spec, with the schema's defaults. */
function instanceInputs(b: Backend, i: InstanceRecord): Inputs {
  const spec = deployedVersion(i).spec;
  const found = spec ? parseServiceSpec(spec).instances.find((x) => x.name === i.name) : undefined;
  return withDefaults(schemaOf(b, "SERVICE", i), "service_input_type", found?.inputs ?? {});
}

const componentOf = (b: Backend, i: InstanceRecord) =>
  Object.values(b.state.components).find(
    (c) => c.serviceName === i.serviceName && c.serviceInstanceName === i.name,
  );

function instanceTarget(b: Backend, s: ServiceRecord, i: InstanceRecord): Target {
  const env = b.state.environments[i.environmentName];
  const folder = `${i.environmentName}/${i.name}`;
  return {
    type: "SERVICE_INSTANCE",
    arn: i.arn,
    createdAt: i.createdAt,
    folder,
    names: { environmentName: i.environmentName, serviceName: s.name, serviceInstanceName: i.name },
    d: i,
    selfManaged: env?.provisioning === "CUSTOMER_MANAGED",
    initialState: () => {
      const state = stateOf(i);
      return state && { serviceInstance: { ...state, spec: state.spec ?? s.spec } };
    },
    targetState: () => {
      const component = componentOf(b, i);
      return {
        serviceInstance: {
          ...deployedVersion(i),
          spec: deployedVersion(i).spec ?? s.spec,
          lastSuccessfulComponentDeploymentIds: component?.lastSucceededDeploymentId
            ? [component.lastSucceededDeploymentId]
            : [],
          ...(env?.lastSucceededDeploymentId
            ? { lastSuccessfulEnvironmentDeploymentId: env.lastSucceededDeploymentId }
            : {}),
          ...(s.pipeline?.lastSucceededDeploymentId
            ? { lastSuccessfulServicePipelineDeploymentId: s.pipeline.lastSucceededDeploymentId }
            : {}),
        },
      };
    },
    render: () => {
      const bundle = bundleOf(b, "SERVICE", i);
      if (!bundle) return undefined;
      const environment = environmentParameters(b, i.environmentName);
      const component = componentOf(b, i);
      const parameters: Parameters = {
        environment,
        service: serviceParameters(s),
        service_instance: {
          name: i.name,
          inputs: instanceInputs(b, i),
          environment,
          components: {
            default: component
              ? { name: component.name, outputs: lastOutputs(b, component) }
              : { outputs: {} },
          },
        },
      };
      return renderBundleFolder(bundle, "instance_infrastructure", {
        kind: "service_instance",
        parameters,
        identity: identity(b, i.arn, `${s.name}-${i.name}`),
        folder,
        tags: protonTags(b, "service-instance", i.arn, b.arn(`service-template/${i.templateName}`)),
      });
    },
  };
}

function pipelineTarget(b: Backend, s: ServiceRecord): Target {
  const p = s.pipeline as NonNullable<ServiceRecord["pipeline"]>;
  const instances = Object.values(b.state.instances).filter((i) => i.serviceName === s.name);
  return {
    type: "SERVICE_PIPELINE",
    arn: p.arn,
    createdAt: p.createdAt,
    folder: `${s.name}-pipeline`,
    names: { environmentName: instances[0]?.environmentName ?? "", serviceName: s.name },
    d: p,
    selfManaged: false,
    initialState: () => {
      const state = stateOf(p);
      return state && { servicePipeline: state };
    },
    targetState: () => ({ servicePipeline: deployedVersion(p) }),
    render: () => {
      const bundle = bundleOf(b, "SERVICE", p);
      const spec = deployedVersion(p).spec;
      if (!bundle) return undefined;
      const inputs = withDefaults(
        schemaOf(b, "SERVICE", p),
        "pipeline_input_type",
        (spec && parseServiceSpec(spec).pipeline) || {},
      );
      return renderBundleFolder(bundle, "pipeline_infrastructure", {
        kind: "service_pipeline",
        parameters: {
          service: serviceParameters(s),
          pipeline: { inputs },
          service_instances: instances.map((i) => ({
            name: i.name,
            inputs: instanceInputs(b, i),
            outputs: lastOutputs(b, i),
            environment: environmentParameters(b, i.environmentName),
          })),
        },
        identity: identity(b, p.arn, `${s.name}-pipeline`),
        folder: `${s.name}-pipeline`,
        tags: protonTags(b, "service", s.arn, b.arn(`service-template/${p.templateName}`)),
      });
    },
  };
}

/** The state a component is deploying to (its pending change, else its current state). */
export const componentTargetState = (c: ComponentRecord) => {
  const s = c.next ?? c;
  return {
    ...(s.serviceName ? { serviceName: s.serviceName } : {}),
    ...(s.serviceInstanceName ? { serviceInstanceName: s.serviceInstanceName } : {}),
    ...(s.serviceSpec ? { serviceSpec: s.serviceSpec } : {}),
    templateFile: s.templateFile,
  };
};

function componentTarget(b: Backend, c: ComponentRecord): Target {
  const env = b.state.environments[c.environmentName];
  const state = componentTargetState(c);
  const folder = `${c.environmentName}/${c.name}`;
  return {
    type: "COMPONENT",
    arn: c.arn,
    createdAt: c.createdAt,
    folder,
    names: {
      environmentName: c.environmentName,
      componentName: c.name,
      ...(state.serviceName
        ? { serviceName: state.serviceName, serviceInstanceName: state.serviceInstanceName }
        : {}),
    },
    d: c,
    selfManaged: env?.provisioning === "CUSTOMER_MANAGED",
    initialState: () =>
      c.lastSucceededDeploymentId
        ? {
            component: {
              ...(c.serviceName
                ? { serviceName: c.serviceName, serviceInstanceName: c.serviceInstanceName }
                : {}),
              ...(c.serviceSpec ? { serviceSpec: c.serviceSpec } : {}),
              templateFile: c.templateFile,
            },
          }
        : undefined,
    targetState: () => ({ component: state }),
    render: () => {
      const environment = environmentParameters(b, c.environmentName);
      const parameters: Parameters = { environment, component: { name: c.name } };
      const s = state.serviceName ? b.state.services[state.serviceName] : undefined;
      const i = s && b.state.instances[instanceKey(s.name, state.serviceInstanceName as string)];
      if (s && i) {
        parameters.service = serviceParameters(s);
        const spec = state.serviceSpec ? parseServiceSpec(state.serviceSpec) : undefined;
        const inputs = spec?.instances.find((x) => x.name === i.name)?.inputs;
        parameters.service_instance = {
          name: i.name,
          inputs: inputs
            ? withDefaults(schemaOf(b, "SERVICE", i), "service_input_type", inputs)
            : instanceInputs(b, i),
          environment,
        };
      }
      return renderComponent(state.templateFile, c.manifest, {
        kind: "component",
        parameters,
        identity: identity(b, c.arn, c.name),
        folder,
        tags: { "proton:account": b.options.accountId, "proton:component": c.arn },
      });
    },
  };
}

/** Every resource that deploys, as a deployment target. */
export function deploymentTargets(b: Backend): Target[] {
  const targets: Target[] = Object.values(b.state.environments).map((e) => environmentTarget(b, e));
  for (const s of Object.values(b.state.services)) {
    for (const i of Object.values(b.state.instances))
      if (i.serviceName === s.name) targets.push(instanceTarget(b, s, i));
    if (s.pipeline) targets.push(pipelineTarget(b, s));
  }
  for (const c of Object.values(b.state.components)) targets.push(componentTarget(b, c));
  return targets;
}

function startRecord(
  b: Backend,
  t: Target,
  previous: { attempted?: string; succeeded?: string },
): DeploymentRecord {
  const { d } = t;
  const now = d.lastDeploymentAttemptedAt;
  const record: DeploymentRecord = {
    id: d.lastAttemptedDeploymentId,
    arn: b.arn(`deployment/${d.lastAttemptedDeploymentId}`),
    targetArn: t.arn,
    targetResourceType: t.type,
    targetResourceCreatedAt: t.createdAt,
    ...t.names,
    deploymentStatus: d.deploymentStatus,
    createdAt: now,
    lastModifiedAt: now,
    ...(previous.attempted ? { lastAttemptedDeploymentId: previous.attempted } : {}),
    ...(previous.succeeded ? { lastSucceededDeploymentId: previous.succeeded } : {}),
    initialState: t.initialState(),
    targetState: t.targetState(),
    selfManaged: t.selfManaged,
    files: [],
    outputs: [],
    resources: [],
  };
  try {
    const rendering = t.render();
    if (rendering)
      Object.assign(record, rendering.engine && { engine: rendering.engine }, {
        files: rendering.files,
        outputs: t.selfManaged ? [] : rendering.outputs,
        resources: rendering.resources,
      });
  } catch (e) {
    // Proton reports a template it can't render (or a spec it can't read) as the deployment's failure.
    const problem =
      e instanceof RenderError ? e.message : `the spec could not be read: ${(e as Error).message}`;
    if (d.pending && d.pending.failWith === undefined)
      d.pending.failWith = `Template rendering failed: ${problem}`;
  }
  if (t.selfManaged && d.pending?.kind === "deploy" && d.pending.failWith === undefined)
    d.pending.dueAt = AWAITING_NOTIFICATION;
  return record;
}

/** Brings the deployment history up to date with the resources: new deployments, status changes, gone targets. */
export function recordDeployments(b: Backend): void {
  const history = b.state.deployments;
  const live = new Set<string>();
  const lastOf = new Map<string, { attempted?: string; succeeded?: string }>();
  for (const r of Object.values(history)) {
    const seen = lastOf.get(r.targetArn) ?? {};
    if (!seen.attempted || history[seen.attempted].createdAt <= r.createdAt) seen.attempted = r.id;
    lastOf.set(r.targetArn, seen);
  }
  for (const t of deploymentTargets(b)) {
    live.add(t.arn);
    const { d } = t;
    let record = history[d.lastAttemptedDeploymentId];
    if (!record) {
      if (d.deploymentStatus !== "IN_PROGRESS") continue;
      record = startRecord(b, t, {
        attempted: lastOf.get(t.arn)?.attempted,
        succeeded: d.lastSucceededDeploymentId,
      });
      history[record.id] = record;
    }
    if (!TRACKED.has(d.deploymentStatus) || record.deploymentStatus === d.deploymentStatus) continue;
    record.deploymentStatus = d.deploymentStatus;
    const terminal = TERMINAL.has(d.deploymentStatus);
    record.lastModifiedAt = terminal ? (d.settledAt ?? b.now()) : b.now();
    if (d.deploymentStatusMessage !== undefined) record.deploymentStatusMessage = d.deploymentStatusMessage;
    if (terminal) record.completedAt = record.lastModifiedAt;
  }
  for (const [id, r] of Object.entries(history)) if (!live.has(r.targetArn)) delete history[id];
}

/** A /rendered query the control plane can't answer (400), as opposed to a resource it doesn't know (404). */
export class RenderedQueryError extends Error {}

/** What a deployment rendered, for the control plane: by deployment id or by the resource's name. */
const RENDERED_QUERY = ["deployment", "environment", "service", "instance", "pipeline", "component"];

export function renderedFiles(b: Backend, query: Record<string, string>) {
  const unknown = Object.keys(query).filter((k) => !RENDERED_QUERY.includes(k));
  if (unknown.length)
    throw new RenderedQueryError(`unknown query ${unknown.join(", ")}; known: ${RENDERED_QUERY.join(", ")}`);
  const { deployment, environment, service, instance, pipeline, component } = query;
  const arn = environment
    ? b.state.environments[environment]?.arn
    : component
      ? b.state.components[component]?.arn
      : service && instance
        ? b.state.instances[instanceKey(service, instance)]?.arn
        : service && pipeline === "true"
          ? b.state.services[service]?.pipeline?.arn
          : undefined;
  if (!deployment && !arn)
    throw new Error(
      "give deployment=ID, environment=NAME, component=NAME, service=NAME&instance=NAME or service=NAME&pipeline=true of an existing resource",
    );
  const target = deploymentTargets(b).find((t) => t.arn === arn);
  const record = b.state.deployments[deployment ?? target?.d.lastAttemptedDeploymentId ?? ""];
  if (!record) throw new Error(`no deployment ${deployment ?? `of ${arn}`}`);
  return {
    deploymentId: record.id,
    targetArn: record.targetArn,
    deploymentStatus: record.deploymentStatus,
    engine: record.engine,
    files: record.files,
    outputs: record.outputs,
    provisionedResources: record.resources,
  };
}
