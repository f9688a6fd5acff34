import { isDeepStrictEqual } from "node:util";
import type { ListServiceInstancesFilterBy } from "@aws-sdk/client-proton";
import type { Backend } from "./backend";
import { copyTags, paramsHash } from "./backend";
import {
  assertNotBusy,
  newDeployable,
  progressDeployable,
  startCancel,
  startDelete,
  startDeployment,
  targetVersion,
} from "./deployments";
import { assertComponentIdle, assertNoComponents } from "./components";
import { clientTokenCreate, nameKeyedCreate } from "./idempotency";
import { paginate } from "./pagination";
import { renderInstance, renderService, renderServiceSummary } from "./render";
import { schemaTypeName } from "../../common/spec";
import { parseServiceSpec, validateInputs, type InstanceSpec } from "./specs";
import { getTemplate, recommendedMinor, recommendedVersion, resolveDeployableVersion } from "./templates";
import { instanceKey, type InstanceRecord, type ServiceRecord, type Tag, type VersionRecord } from "./state";
import type { Handlers } from "./wire";
import { conflict, mismatch, notFound, validation } from "../protocol/errors";

const SERVICE_BUSY = new Set(["CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS", "DELETE_IN_PROGRESS"]);

export function getService(b: Backend, name: string): ServiceRecord {
  const s = b.state.services[name];
  if (!s) throw notFound(`The service '${name}' does not exist`);
  return s;
}

function getInstance(b: Backend, serviceName: string, name: string): InstanceRecord {
  getService(b, serviceName);
  const i = b.state.instances[instanceKey(serviceName, name)];
  if (!i) throw notFound(`The service instance '${serviceName}/${name}' does not exist`);
  return i;
}

const instancesOf = (b: Backend, serviceName: string) =>
  Object.values(b.state.instances).filter((i) => i.serviceName === serviceName);

/** The inputs of one instance inside a service spec document. */
function instanceInputs(spec: string, name: string): InstanceSpec | undefined {
  return parseServiceSpec(spec).instances.find((i) => i.name === name);
}

const pipelineInputs = (spec: string | undefined) => (spec ? (parseServiceSpec(spec).pipeline ?? {}) : {});

/** Checks an instance may run in its environment with this template version, and its inputs. */
function checkInstance(b: Backend, inst: InstanceSpec, version: VersionRecord): void {
  const env = b.state.environments[inst.environment];
  if (!env)
    throw validation(`Service instance '${inst.name}': environment '${inst.environment}' does not exist`);
  if (env.deploymentStatus === "DELETE_IN_PROGRESS")
    throw validation(`Service instance '${inst.name}': environment '${inst.environment}' is being deleted`);
  const compatible = (version.compatibleEnvironmentTemplates ?? []).some(
    (c) => c.templateName === env.templateName && c.majorVersion === env.templateMajorVersion,
  );
  if (!compatible)
    throw validation(
      `Service instance '${inst.name}': environment '${env.name}' uses template ${env.templateName}:${env.templateMajorVersion}, ` +
        `which is not compatible with service template version ${version.templateName}:${version.major}.${version.minor}`,
    );
  validateInputs(
    version.schema,
    "service_input_type",
    inst.inputs,
    `The spec of service instance '${inst.name}'`,
  );
}

function schemaHasPipeline(version: VersionRecord): boolean | undefined {
  if (version.hasPipeline) return true;
  if (!version.schema) return undefined;
  return schemaTypeName(version.schema, "pipeline_input_type") !== undefined;
}

const recommendedFor = (b: Backend, templateName: string) => ({
  minorOf: (major: string) => {
    const m = recommendedMinor(b, "SERVICE", templateName, Number(major));
    return m === undefined ? undefined : String(m);
  },
  latest: () => {
    const r = recommendedVersion(b, "SERVICE", templateName);
    return r && { major: String(r.major), minor: String(r.minor) };
  },
});

function newInstance(
  b: Backend,
  s: ServiceRecord,
  inst: InstanceSpec,
  version: VersionRecord,
  spec: string,
  tags?: Tag[],
): InstanceRecord {
  return {
    name: inst.name,
    serviceName: s.name,
    arn: b.arn(`service/${s.name}/service-instance/${inst.name}`),
    createdAt: b.now(),
    environmentName: inst.environment,
    ...newDeployable(b, inst.name, {
      templateName: s.templateName,
      templateMajorVersion: String(version.major),
      templateMinorVersion: String(version.minor),
      spec,
    }),
    tags: copyTags(tags),
  };
}

function assertServiceIdle(b: Backend, s: ServiceRecord): void {
  if (SERVICE_BUSY.has(s.status)) throw conflict(`The service '${s.name}' is ${s.status}`);
  for (const i of instancesOf(b, s.name)) assertNotBusy(i, `Service instance '${s.name}/${i.name}'`);
  if (s.pipeline) assertNotBusy(s.pipeline, `The pipeline of service '${s.name}'`);
}

export const serviceOps = {
  CreateService: (b, input) => {
    const existing = b.state.services[input.name];
    const { hash, existing: retry } = nameKeyedCreate(existing, input, `The service '${input.name}'`);
    if (retry) return { service: renderService(existing) };
    const template = getTemplate(b, "SERVICE", input.templateName);
    const version = resolveDeployableVersion(
      b,
      "SERVICE",
      input.templateName,
      input.templateMajorVersion,
      input.templateMinorVersion,
    );
    const spec = parseServiceSpec(input.spec);
    for (const inst of spec.instances) checkInstance(b, inst, version);
    const known = schemaHasPipeline(version);
    const hasPipeline =
      template.provisioning !== "CUSTOMER_MANAGED" && (known ?? spec.pipeline !== undefined);
    if (hasPipeline)
      validateInputs(version.schema, "pipeline_input_type", spec.pipeline ?? {}, "The pipeline spec");
    else if (spec.pipeline !== undefined && template.provisioning !== "CUSTOMER_MANAGED")
      throw validation(
        `The service template version ${version.templateName}:${version.major}.${version.minor} has no pipeline, so the spec must not set pipeline inputs`,
      );
    if (!hasPipeline && (input.repositoryConnectionArn || input.repositoryId || input.branchName))
      throw validation(
        "repositoryConnectionArn, repositoryId and branchName are only for services whose template has a pipeline",
      );

    const now = b.now();
    const s: ServiceRecord = {
      name: input.name,
      arn: b.arn(`service/${input.name}`),
      description: input.description,
      templateName: input.templateName,
      templateMajorVersion: String(version.major),
      templateMinorVersion: String(version.minor),
      createdAt: now,
      lastModifiedAt: now,
      status: "CREATE_IN_PROGRESS",
      spec: input.spec,
      repositoryConnectionArn: input.repositoryConnectionArn,
      repositoryId: input.repositoryId,
      branchName: input.branchName,
      tags: copyTags(input.tags),
      createHash: hash,
      modified: false,
    };
    for (const inst of spec.instances) {
      const i = newInstance(b, s, inst, version, input.spec);
      b.state.instances[instanceKey(s.name, i.name)] = i;
    }
    if (hasPipeline) {
      s.pipeline = {
        arn: b.arn(`service/${s.name}/pipeline`),
        createdAt: now,
        ...newDeployable(b, `${s.name}/pipeline`, {
          templateName: s.templateName,
          templateMajorVersion: s.templateMajorVersion,
          templateMinorVersion: s.templateMinorVersion,
          spec: input.spec,
        }),
      };
    }
    s.pending = b.schedule("deploy", "deployment", s.name);
    b.state.services[s.name] = s;
    delete b.state.tombstones[`service/${s.name}`];
    return { service: renderService(s) };
  },

  GetService: (b, input) => ({ service: renderService(getService(b, input.name)) }),

  UpdateService: (b, input) => {
    const s = getService(b, input.name);
    assertServiceIdle(b, s);
    if (input.spec !== undefined) {
      const spec = parseServiceSpec(input.spec);
      const current = instancesOf(b, s.name);
      const wanted = new Map(spec.instances.map((i) => [i.name, i]));
      for (const i of current) {
        const next = wanted.get(i.name);
        if (!next) continue;
        const now = instanceInputs(i.spec ?? "", i.name);
        if (next.environment !== i.environmentName || !isDeepStrictEqual(next.inputs, now?.inputs ?? {}))
          throw validation(
            `UpdateService can't change the existing service instance '${i.name}'; use UpdateServiceInstance`,
          );
      }
      if (
        s.pipeline &&
        spec.pipeline !== undefined &&
        !isDeepStrictEqual(spec.pipeline, pipelineInputs(s.pipeline.spec))
      )
        throw validation("UpdateService can't change the pipeline inputs; use UpdateServicePipeline");
      const dropped = current.filter((c) => !wanted.has(c.name));
      assertNoComponents(
        b,
        { serviceName: s.name, instanceNames: dropped.map((i) => i.name) },
        `A service instance UpdateService would drop from '${s.name}'`,
      );
      const added = spec.instances.filter((i) => !current.some((c) => c.name === i.name));
      const version = resolveDeployableVersion(
        b,
        "SERVICE",
        s.templateName,
        s.templateMajorVersion,
        s.templateMinorVersion,
      );
      for (const inst of added) checkInstance(b, inst, version);
      for (const inst of added) {
        const i = newInstance(b, s, inst, version, input.spec);
        b.state.instances[instanceKey(s.name, i.name)] = i;
      }
      for (const i of dropped) startDelete(b, i, i.name);
      s.spec = input.spec;
      s.status = "UPDATE_IN_PROGRESS";
      delete s.statusMessage;
      s.pending = b.schedule("deploy", "deployment", s.name);
    }
    if (input.description !== undefined) s.description = input.description;
    s.lastModifiedAt = b.now();
    s.modified = true;
    return { service: renderService(s) };
  },

  DeleteService: (b, input) => {
    const s = b.state.services[input.name];
    if (!s) {
      if (b.state.tombstones[`service/${input.name}`]) return {};
      throw notFound(`The service '${input.name}' does not exist`);
    }
    if (s.status === "DELETE_IN_PROGRESS") return { service: renderService(s) };
    assertServiceIdle(b, s);
    assertNoComponents(b, { serviceName: s.name }, `The service '${s.name}'`);
    s.status = "DELETE_IN_PROGRESS";
    delete s.statusMessage;
    for (const i of instancesOf(b, s.name)) startDelete(b, i, i.name);
    if (s.pipeline) startDelete(b, s.pipeline, `${s.name}/pipeline`);
    s.pending = b.schedule("delete", "deletion", s.name);
    return { service: renderService(s) };
  },

  ListServices: (b, input) => {
    const all = Object.values(b.state.services).sort((x, y) => x.name.localeCompare(y.name));
    const { page, nextToken } = paginate("ListServices", all, input);
    return { services: page.map(renderServiceSummary), ...(nextToken ? { nextToken } : {}) };
  },

  CreateServiceInstance: (b, input) =>
    clientTokenCreate(
      b,
      "CreateServiceInstance",
      input,
      (key) => {
        const i = b.state.instances[key];
        return i && { serviceInstance: renderInstance(i) };
      },
      () => {
        const s = getService(b, input.serviceName);
        assertServiceIdle(b, s);
        if (b.state.instances[instanceKey(s.name, input.name)])
          throw conflict(`The service instance '${s.name}/${input.name}' already exists`);
        const inst = instanceInputs(input.spec, input.name);
        if (!inst) throw validation(`The spec has no entry for service instance '${input.name}'`);
        const major = input.templateMajorVersion ?? s.templateMajorVersion;
        const version = resolveDeployableVersion(
          b,
          "SERVICE",
          s.templateName,
          major,
          input.templateMinorVersion ?? (input.templateMajorVersion ? undefined : s.templateMinorVersion),
        );
        checkInstance(b, inst, version);
        const i = newInstance(b, s, inst, version, input.spec, input.tags);
        if (input.clientToken) i.lastClientRequestToken = input.clientToken;
        const key = instanceKey(s.name, i.name);
        b.state.instances[key] = i;
        return { key, result: { serviceInstance: renderInstance(i) } };
      },
    ),

  GetServiceInstance: (b, input) => ({
    serviceInstance: renderInstance(getInstance(b, input.serviceName, input.name)),
  }),

  UpdateServiceInstance: (b, input) => {
    const i = getInstance(b, input.serviceName, input.name);
    const s = getService(b, input.serviceName);
    const hash = paramsHash(input, ["clientToken"]);
    if (input.clientToken && input.clientToken === i.lastClientRequestToken) {
      if (hash !== i.lastClientRequestHash)
        throw mismatch(`UpdateServiceInstance with client token '${input.clientToken}'`);
      return { serviceInstance: renderInstance(i) };
    }
    if (s.status === "DELETE_IN_PROGRESS") throw conflict(`The service '${s.name}' is DELETE_IN_PROGRESS`);
    const what = `Service instance '${s.name}/${i.name}'`;
    assertNotBusy(i, what);
    assertComponentIdle(b, s.name, i.name);
    if (input.deploymentType === "NONE" && input.spec !== undefined)
      throw validation("deploymentType NONE can't change the spec; use CURRENT_VERSION");
    const target = targetVersion(i, input, recommendedFor(b, s.templateName), what);
    const spec = input.spec ?? i.spec ?? s.spec;
    if (input.deploymentType !== "NONE") {
      const version = resolveDeployableVersion(
        b,
        "SERVICE",
        s.templateName,
        target.templateMajorVersion,
        target.templateMinorVersion,
      );
      const inst = instanceInputs(spec, i.name);
      if (!inst) throw validation(`The spec has no entry for service instance '${i.name}'`);
      if (inst.environment !== i.environmentName)
        throw validation(
          `${what} runs in environment '${i.environmentName}'; the spec can't move it to '${inst.environment}'`,
        );
      checkInstance(b, inst, version);
      startDeployment(b, i, i.name, { ...target, spec });
    }
    if (input.clientToken) {
      i.lastClientRequestToken = input.clientToken;
      i.lastClientRequestHash = hash;
    }
    s.modified = true;
    return { serviceInstance: renderInstance(i) };
  },

  ListServiceInstances: (b, input) => {
    if (input.serviceName !== undefined) getService(b, input.serviceName);
    let all = Object.values(b.state.instances).filter(
      (i) => input.serviceName === undefined || i.serviceName === input.serviceName,
    );
    for (const f of input.filters ?? []) {
      if (!f.key || f.value === undefined) continue;
      const value = f.value;
      const when = Date.parse(value);
      const tests: Record<ListServiceInstancesFilterBy, (i: InstanceRecord) => boolean> = {
        name: (i) => i.name === value,
        deploymentStatus: (i) => i.deploymentStatus === value,
        templateName: (i) => i.templateName === value,
        serviceName: (i) => i.serviceName === value,
        environmentName: (i) => i.environmentName === value,
        deployedTemplateVersionStatus: (i) => {
          const rec = recommendedVersion(b, "SERVICE", i.templateName);
          const status = !rec
            ? "UP_TO_DATE"
            : Number(i.templateMajorVersion) < rec.major
              ? "MAJOR_VERSION_BEHIND"
              : Number(i.templateMinorVersion) < rec.minor
                ? "MINOR_VERSION_BEHIND"
                : "UP_TO_DATE";
          return status === value;
        },
        lastDeploymentAttemptedAtBefore: (i) => i.lastDeploymentAttemptedAt < when,
        lastDeploymentAttemptedAtAfter: (i) => i.lastDeploymentAttemptedAt > when,
        createdAtBefore: (i) => i.createdAt < when,
        createdAtAfter: (i) => i.createdAt > when,
      };
      all = all.filter(tests[f.key]);
    }
    const sortBy = input.sortBy ?? "serviceName";
    const dir = input.sortOrder === "DESCENDING" ? -1 : 1;
    const keyOf = (i: InstanceRecord): string | number => i[sortBy];
    all.sort((x, y) => {
      const a = keyOf(x);
      const c = keyOf(y);
      const primary = typeof a === "number" ? a - (c as number) : String(a).localeCompare(String(c));
      return dir * (primary || x.serviceName.localeCompare(y.serviceName) || x.name.localeCompare(y.name));
    });
    const { page, nextToken } = paginate("ListServiceInstances", all, input);
    return {
      serviceInstances: page.map((i) => renderInstance(i, true)),
      ...(nextToken ? { nextToken } : {}),
    };
  },

  CancelServiceInstanceDeployment: (b, input) => {
    const i = getInstance(b, input.serviceName, input.serviceInstanceName);
    startCancel(b, i, i.name, `Service instance '${i.serviceName}/${i.name}'`);
    return { serviceInstance: renderInstance(i) };
  },

  UpdateServicePipeline: (b, input) => {
    const s = getService(b, input.serviceName);
    if (!s.pipeline) throw validation(`The service '${s.name}' has no pipeline`);
    if (s.status === "DELETE_IN_PROGRESS") throw conflict(`The service '${s.name}' is DELETE_IN_PROGRESS`);
    const p = s.pipeline;
    const what = `The pipeline of service '${s.name}'`;
    assertNotBusy(p, what);
    const target = targetVersion(p, input, recommendedFor(b, s.templateName), what);
    if (input.deploymentType !== "NONE") {
      const version = resolveDeployableVersion(
        b,
        "SERVICE",
        s.templateName,
        target.templateMajorVersion,
        target.templateMinorVersion,
      );
      validateInputs(version.schema, "pipeline_input_type", pipelineInputs(input.spec), "The pipeline spec");
      startDeployment(b, p, `${s.name}/pipeline`, { ...target, spec: input.spec });
    }
    s.modified = true;
    return { pipeline: renderService(s).pipeline };
  },

  CancelServicePipelineDeployment: (b, input) => {
    const s = getService(b, input.serviceName);
    if (!s.pipeline) throw validation(`The service '${s.name}' has no pipeline`);
    startCancel(b, s.pipeline, `${s.name}/pipeline`, `The pipeline of service '${s.name}'`);
    return { pipeline: renderService(s).pipeline };
  },
} satisfies Partial<Handlers>;

/** Applies due work to instances and pipelines, then settles each service once its children are done. */
export function progressServices(b: Backend, now: number): void {
  const noteFailure = (serviceName: string, message: string) => {
    const s = b.state.services[serviceName];
    if (s && s.pending) s.childFailure ??= message;
  };
  for (const [key, i] of Object.entries(b.state.instances)) {
    const outcome = progressDeployable(b, i, now);
    if (outcome === "deleted") delete b.state.instances[key];
    if (outcome === "failed" || outcome === "delete-failed")
      noteFailure(i.serviceName, `Service instance '${i.name}': ${i.deploymentStatusMessage}`);
  }
  for (const s of Object.values(b.state.services)) {
    if (s.pipeline) {
      const outcome = progressDeployable(b, s.pipeline, now);
      if (outcome === "failed" || outcome === "delete-failed")
        noteFailure(s.name, `Pipeline: ${s.pipeline.deploymentStatusMessage}`);
    }
    const phase = s.pending?.kind === "delete" ? "deletion" : "deployment";
    if (!b.isDue(s.pending, phase, now)) continue;
    const children = instancesOf(b, s.name);
    if (children.some((i) => i.pending) || s.pipeline?.pending) continue;
    const { kind, failWith } = s.pending;
    const message = failWith ?? s.childFailure;
    // The service settles when the last of its own work and its children's ended.
    s.lastModifiedAt = Math.max(
      b.finishedAt(s.pending, phase, now),
      ...[...children, ...(s.pipeline ? [s.pipeline] : [])].map((c) => c.settledAt ?? 0),
    );
    delete s.pending;
    delete s.childFailure;
    if (kind === "delete") {
      if (message === undefined) {
        for (const i of children) delete b.state.instances[instanceKey(s.name, i.name)];
        delete b.state.services[s.name];
        b.state.tombstones[`service/${s.name}`] = now;
      } else {
        s.status = "DELETE_FAILED";
        s.statusMessage = message;
      }
    } else if (message === undefined) {
      s.status = "ACTIVE";
      delete s.statusMessage;
    } else {
      s.status = s.status === "CREATE_IN_PROGRESS" ? "CREATE_FAILED" : "UPDATE_FAILED";
      s.statusMessage = message;
    }
  }
}
