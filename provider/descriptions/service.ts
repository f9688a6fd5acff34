import * as P from "@aws-sdk/client-proton";
import { parseServiceSpec, renderServiceSpec, type ServiceSpec } from "../../common/spec";
import { tagList } from "../engine/common-fields";
import type { ServiceFields } from "../resources/service";
import type { TemplateFields } from "../resources/versionChoice";
import type { ArgsOf, Ctx, Health, Inputs, ResourceDescription, Stored } from "../engine/description";
import { isNotFound } from "../engine/errors";
import { clientToken } from "../engine/token";
import { deepEqual } from "../../common/model";
import { clearedAsLeftOut, isoTime, shown } from "../engine/values";
import { checkServiceSpec, digestSchema } from "../spec/check";
import { renderSpecObject } from "../spec/render";
import {
  compareVersions,
  deployedInMs,
  deploymentHealth,
  deploymentType,
  lowerMajor,
  versionMembers,
  type Deployed,
  type VersionArgs,
} from "./deployment";
import { serviceOutputs, type ServiceOutputs } from "./outputs";

// Service: one resource for the service, its instances and its pipeline, all declared by the spec.
// A spec change is split into the calls Proton requires: UpdateService adds and removes instances,
// UpdateServiceInstance changes an instance's inputs or version, UpdateServicePipeline the pipeline's.

/**
 * What the provider receives: the resource class has spread `templateVersion` into the separate fields, and
 * the spec is YAML text (check renders a spec given as an object).
 */
type Args = ArgsOf<Omit<ServiceFields, "spec"> & TemplateFields> & { spec: string };
/** A service as the provider reads it: the service with its instances, and their outputs once settled. */
type Live = P.Service & { instances: P.ServiceInstance[] } & Partial<ServiceOutputs>;

const SERVICE_BUSY = /_IN_PROGRESS$/;
const SERVICE_FAILED = /FAILED/;

/** The spec as a comparable value: instances by name, inputs and environment, and the pipeline's inputs. */
function normalised(spec: ServiceSpec) {
  return {
    instances: [...spec.instances].sort((a, b) => a.name.localeCompare(b.name)),
    pipeline: spec.pipeline ?? null,
  };
}

function tryParse(text: unknown): ServiceSpec | undefined {
  try {
    return typeof text === "string" ? parseServiceSpec(text) : undefined;
  } catch {
    return undefined;
  }
}

export const sameServiceSpec = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  const pa = tryParse(a);
  const pb = tryParse(b);
  return pa !== undefined && pb !== undefined && deepEqual(normalised(pa), normalised(pb));
};

/** What the service runs now, read back from its instances and pipeline. */
function liveSpec(live: Live): ServiceSpec {
  const instances = live.instances.map((i) => {
    const entry = tryParse(i.spec)?.instances.find((e) => e.name === i.name);
    return { name: String(i.name), environment: String(i.environmentName), inputs: entry?.inputs ?? {} };
  });
  const pipeline = live.pipeline ? (tryParse(live.pipeline.spec)?.pipeline ?? {}) : undefined;
  return { instances, ...(pipeline ? { pipeline } : {}) };
}

/**
 * The version the service runs: the lowest among its instances and pipeline, which move one by one. A move
 * that reached only some of them (one failed or was refused) then reads as not done, and the next `up`
 * moves the rest instead of recording the service as moved.
 */
const deployedVersion = (live: Live): { major?: string; minor?: string } => {
  const deployed: VersionArgs[] = live.pipeline ? [live.pipeline, ...live.instances] : live.instances;
  const lowest = deployed.reduce<VersionArgs | undefined>(
    (low, d) => (low === undefined || compareVersions(d, low) < 0 ? d : low),
    undefined,
  );
  return { major: lowest?.templateMajorVersion, minor: lowest?.templateMinorVersion };
};

/** An existing instance whose environment the spec changes: Proton can't move one (no input takes it). */
const movesAnInstance = (old: unknown, next: unknown): boolean => {
  const [before, after] = [tryParse(old), tryParse(next)];
  return (
    !!before &&
    !!after &&
    after.instances.some((i) =>
      before.instances.some((b) => b.name === i.name && b.environment !== i.environment),
    )
  );
};

async function instanceUpdates(
  ctx: Ctx<Live>,
  id: string,
  olds: Stored<Args>,
  news: Inputs<Args>,
  live: Live,
  versionChanged: boolean,
) {
  const desired = parseServiceSpec(String(news.spec));
  const current = liveSpec(live);
  // Each instance and the pipeline move from the version it runs: after a move that reached only some of
  // them, the rest move and the others are left alone (Proton refuses a major they already run).
  const typeFor = (deployed: VersionArgs | undefined, inputsChanged: boolean) =>
    versionChanged
      ? deploymentType(deployed ?? olds, news, inputsChanged)
      : inputsChanged
        ? "CURRENT_VERSION"
        : "NONE";
  const updates: Promise<unknown>[] = [];
  for (const instance of desired.instances) {
    const now = current.instances.find((i) => i.name === instance.name);
    if (!now) continue;
    const deployed = live.instances.find((i) => i.name === instance.name);
    const type = typeFor(deployed, !deepEqual(now.inputs, instance.inputs));
    if (type === "NONE") continue;
    const params = {
      name: instance.name,
      serviceName: id,
      deploymentType: type,
      spec: String(news.spec),
      ...versionMembers(type, news),
    };
    // A deterministic token: an update retried after a crash is the same deployment request, not a second one.
    const token = clientToken("ServiceInstanceUpdate", String(news.logicalId ?? ""), params);
    updates.push(ctx.client.send(new P.UpdateServiceInstanceCommand({ ...params, clientToken: token })));
  }
  const pipelineType = live.pipeline
    ? typeFor(live.pipeline, !deepEqual(current.pipeline ?? {}, desired.pipeline ?? {}))
    : "NONE";
  if (pipelineType !== "NONE")
    updates.push(
      ctx.client.send(
        new P.UpdateServicePipelineCommand({
          serviceName: id,
          deploymentType: pipelineType,
          spec: String(news.spec),
          ...versionMembers(pipelineType, news),
        }),
      ),
    );
  await Promise.all(updates);
}

const createInput = (i: Inputs<Args>): Omit<P.CreateServiceInput, "tags"> => ({
  name: i.name,
  description: i.description,
  templateName: i.templateName,
  templateMajorVersion: i.templateMajorVersion,
  templateMinorVersion: i.templateMinorVersion,
  spec: i.spec,
  repositoryConnectionArn: i.repositoryConnectionArn,
  repositoryId: i.repositoryId,
  branchName: i.branchName,
});

/**
 * What a poll needs: the service (its status and its pipeline's) and the instances' summaries, which carry
 * their deployment status and message. Two calls however many instances; a failed instance is read in full.
 */
async function serviceStatus(ctx: Ctx<Live>, id: string): Promise<Live | undefined> {
  const svc = (await ctx.client.send(new P.GetServiceCommand({ name: id }))).service;
  if (!svc) return undefined;
  const instances: P.ServiceInstance[] = [];
  for await (const page of P.paginateListServiceInstances({ client: ctx.client }, { serviceName: id }))
    instances.push(...(page.serviceInstances ?? []));
  const failed = instances.filter((i) => deploymentHealth(i, "").state === "failed");
  return failed.length ? withInstanceDetails(ctx, id, { ...svc, instances }, failed) : { ...svc, instances };
}

/** The instances in full (their specs), read for those only summarised so far, or for `which`. */
async function withInstanceDetails(
  ctx: Ctx<Live>,
  id: string,
  live: Live,
  which = live.instances.filter((i) => i.spec === undefined),
): Promise<Live> {
  const details = await Promise.all(
    which.map((summary) =>
      ctx.client
        .send(new P.GetServiceInstanceCommand({ name: summary.name, serviceName: id }))
        // Why: an instance listed a moment ago can be gone by now (an instance removal or the service's
        // own deletion finishing). Its not-found must not read as the *service* being gone, which made a
        // deletion poll stop early and a refresh drop a service that still exists.
        .then((r) => r.serviceInstance)
        .catch((e: unknown) => {
          if (isNotFound(e)) return null;
          throw e;
        }),
    ),
  );
  const byName = new Map(which.map((summary, n) => [summary.name, details[n]]));
  const instances = live.instances
    .map((i) => (byName.has(i.name) ? byName.get(i.name) : i))
    .filter((i): i is P.ServiceInstance => !!i);
  return { ...live, instances };
}

export const service: ResourceDescription<Args, Live> = {
  type: "Service",
  label: "service",
  idempotency: "name-keyed",
  deleteKind: "async",
  createOperation: "CreateService",
  fields: {
    name: { replace: true },
    templateName: { replace: true },
    templateMajorVersion: { replaceWhen: lowerMajor },
    templateMinorVersion: { serverDefault: true },
    // Proton keeps an instance in the environment it was created in.
    spec: { same: sameServiceSpec, replaceWhen: movesAnInstance },
    description: {},
    repositoryConnectionArn: { replace: true },
    repositoryId: { replace: true },
    branchName: { replace: true },
    templateSchema: { local: true },
  },
  nameOf: (inputs) => shown(inputs.name),
  idFromInputs: (inputs) => String(inputs.name),
  async *listNames(ctx) {
    for await (const page of P.paginateListServices({ client: ctx.client, pageSize: 100 }, {}))
      yield (page.services ?? []).map((s) => String(s.name));
  },
  check(inputs) {
    renderSpecObject(inputs, "ServiceSpec");
    const failures = checkServiceSpec(inputs.spec, inputs.templateSchema);
    digestSchema(inputs);
    return failures;
  },
  createInput,
  async create(ctx, inputs) {
    await ctx.client.send(new P.CreateServiceCommand({ ...createInput(inputs), tags: tagList(inputs.tags) }));
    return String(inputs.name);
  },
  async read(ctx, id) {
    const live = await serviceStatus(ctx, id);
    return live && withInstanceDetails(ctx, id, live);
  },
  polling: { status: serviceStatus, complete: withInstanceDetails },
  async readOutputs(ctx, id, live) {
    const names = live.instances.map((i) => String(i.name));
    return { ...live, ...(await serviceOutputs(ctx.client, id, names, live.pipeline !== undefined)) };
  },
  health(live): Health {
    const status = String(live.status);
    if (SERVICE_BUSY.test(status)) return { state: "busy", status };
    for (const i of live.instances) {
      const h = deploymentHealth(i, `instance '${i.name}'`);
      if (h.state === "busy") return h;
    }
    const pipeline = deploymentHealth(live.pipeline, "pipeline");
    if (pipeline.state === "busy") return pipeline;
    if (SERVICE_FAILED.test(status))
      return { state: "failed", status, message: live.statusMessage ?? "no status message" };
    for (const i of live.instances) {
      const h = deploymentHealth(i, `instance '${i.name}'`);
      if (h.state === "failed") return h;
    }
    return pipeline;
  },
  tookMs: (live) => deployedInMs([...live.instances, live.pipeline]),
  liveInputs(live, prior) {
    const spec = liveSpec(live);
    const version = deployedVersion(live);
    return {
      name: live.name,
      templateName: live.templateName,
      templateMajorVersion: version.major ?? prior.templateMajorVersion,
      templateMinorVersion:
        prior.templateMinorVersion === undefined ? undefined : (version.minor ?? prior.templateMinorVersion),
      spec: sameServiceSpec(prior.spec, renderServiceSpec(spec)) ? prior.spec : renderServiceSpec(spec),
      description: clearedAsLeftOut(live.description, prior.description),
      repositoryConnectionArn: live.repositoryConnectionArn,
      repositoryId: live.repositoryId,
      branchName: live.branchName,
    };
  },
  outputs(live) {
    const version = deployedVersion(live);
    return {
      arn: live.arn,
      status: live.status,
      statusMessage: live.statusMessage ?? "",
      templateMajorVersion: version.major,
      templateMinorVersion: version.minor,
      createdAt: isoTime(live.createdAt),
      lastModifiedAt: isoTime(live.lastModifiedAt),
      pipeline: live.pipeline
        ? {
            arn: live.pipeline.arn,
            deploymentStatus: live.pipeline.deploymentStatus,
            deploymentStatusMessage: live.pipeline.deploymentStatusMessage ?? "",
            templateMajorVersion: live.pipeline.templateMajorVersion,
            templateMinorVersion: live.pipeline.templateMinorVersion,
          }
        : null,
      instances: live.instances.map((i) => ({
        name: i.name,
        environmentName: i.environmentName,
        arn: i.arn,
        deploymentStatus: i.deploymentStatus,
        deploymentStatusMessage: i.deploymentStatusMessage ?? "",
        templateMajorVersion: i.templateMajorVersion,
        templateMinorVersion: i.templateMinorVersion,
      })),
      instanceOutputs: live.instanceOutputs ?? {},
      pipelineOutputs: live.pipelineOutputs ?? {},
    };
  },
  needsReplacement: (olds) =>
    typeof olds.status === "string" && olds.status.startsWith("CREATE_FAILED") ? "status" : undefined,
  async update(ctx, id, olds, news, changed, live) {
    const desired = parseServiceSpec(String(news.spec));
    const current = liveSpec(live);
    const names = (s: ServiceSpec) => s.instances.map((i) => i.name).sort();
    const instanceSetChanged = !deepEqual(names(desired), names(current));
    if (changed.includes("description") || instanceSetChanged) {
      // UpdateService may only add and drop instances: existing ones keep their current inputs here.
      const transitional: ServiceSpec = {
        instances: desired.instances.map((i) => current.instances.find((c) => c.name === i.name) ?? i),
        ...(current.pipeline ? { pipeline: current.pipeline } : {}),
      };
      await ctx.client.send(
        new P.UpdateServiceCommand({
          name: id,
          ...(changed.includes("description") ? { description: news.description ?? "" } : {}),
          ...(instanceSetChanged ? { spec: renderServiceSpec(transitional) } : {}),
        }),
      );
      live = await ctx.settle("the instance changes");
    }
    const versionChanged =
      news.templateMajorVersion !== olds.templateMajorVersion ||
      (news.templateMinorVersion !== undefined && news.templateMinorVersion !== olds.templateMinorVersion);
    if (changed.includes("spec") || versionChanged)
      await instanceUpdates(ctx, id, olds, news, live, versionChanged);
  },
  async recover(ctx, id, inputs, live) {
    const spec = String(inputs.spec);
    const failed = (d: Deployed | undefined) => d && deploymentHealth(d, "").state === "failed";
    const retries: Promise<unknown>[] = live.instances.filter(failed).map((i) => {
      const params = { name: i.name, serviceName: id, deploymentType: "CURRENT_VERSION" as const, spec };
      // Why: the token of the update that failed would be answered with that failed deployment. One derived
      // from the failed deployment's id asks for a new one, and a retried recovery still asks only once.
      const token = clientToken("ServiceInstanceRecovery", String(inputs.logicalId ?? ""), {
        ...params,
        failedDeployment: i.lastAttemptedDeploymentId,
      });
      return ctx.client.send(new P.UpdateServiceInstanceCommand({ ...params, clientToken: token }));
    });
    if (failed(live.pipeline))
      retries.push(
        ctx.client.send(
          new P.UpdateServicePipelineCommand({ serviceName: id, deploymentType: "CURRENT_VERSION", spec }),
        ),
      );
    await Promise.all(retries);
  },
  async delete(ctx, id) {
    await ctx.client.send(new P.DeleteServiceCommand({ name: id }));
  },
};
