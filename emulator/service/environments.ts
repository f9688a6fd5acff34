import type { RepositoryProvider } from "@aws-sdk/client-proton";
import type { Backend } from "./backend";
import { copyTags } from "./backend";
import {
  assertNotBusy,
  newDeployable,
  progressDeployable,
  startCancel,
  startDelete,
  startDeployment,
  targetVersion,
} from "./deployments";
import { assertNoComponents } from "./components";
import { nameKeyedCreate } from "./idempotency";
import { linkedRepository } from "./repositories";
import { paginate } from "./pagination";
import { renderEnvironment } from "./render";
import { parseEnvironmentSpec, validateInputs } from "./specs";
import {
  getTemplate,
  getVersion,
  recommendedMinor,
  recommendedVersion,
  resolveDeployableVersion,
} from "./templates";
import type { EnvironmentRecord } from "./state";
import type { Handlers } from "./wire";
import { conflict, notFound, validation } from "../protocol/errors";

export function getEnvironment(b: Backend, name: string): EnvironmentRecord {
  const e = b.state.environments[name];
  if (!e) throw notFound(`The environment '${name}' does not exist`);
  return e;
}

function checkSpec(b: Backend, spec: string, templateName: string, major: string, minor: string): void {
  const { inputs } = parseEnvironmentSpec(spec);
  const v = getVersion(b, "ENVIRONMENT", templateName, major, minor);
  validateInputs(v.schema, "environment_input_type", inputs, "The environment spec");
}

function checkConnection(b: Backend, id: string, environmentName: string) {
  const c = b.state.connections[id];
  if (!c) throw validation(`The environment account connection '${id}' does not exist`);
  if (c.status !== "CONNECTED")
    throw validation(`The environment account connection '${id}' is ${c.status}, not CONNECTED`);
  if (c.environmentName !== environmentName)
    throw validation(
      `The environment account connection '${id}' is for environment '${c.environmentName}', not '${environmentName}'`,
    );
  return c;
}

/** The branch of a linked repository (CreateRepository): Proton pushes rendered templates only there. */
const repositoryBranch = (b: Backend, r: { provider: RepositoryProvider; name: string; branch: string }) => ({
  arn: linkedRepository(b, r.provider, r.name, "provisioningRepository").arn,
  provider: r.provider,
  name: r.name,
  branch: r.branch,
});

const recommendedFor = (b: Backend, templateName: string) => ({
  minorOf: (major: string) => {
    const m = recommendedMinor(b, "ENVIRONMENT", templateName, Number(major));
    return m === undefined ? undefined : String(m);
  },
  latest: () => {
    const r = recommendedVersion(b, "ENVIRONMENT", templateName);
    return r && { major: String(r.major), minor: String(r.minor) };
  },
});

const SELF_MANAGED_ONLY =
  "provisioningRepository is only for self-managed environments (template provisioning CUSTOMER_MANAGED)";
const NOT_SELF_MANAGED =
  "A self-managed environment (template provisioning CUSTOMER_MANAGED) takes provisioningRepository, not protonServiceRoleArn or environmentAccountConnectionId";

export const environmentOps = {
  CreateEnvironment: (b, input) => {
    const existing = b.state.environments[input.name];
    const { hash, existing: retry } = nameKeyedCreate(existing, input, `The environment '${input.name}'`);
    if (retry) return { environment: renderEnvironment(existing) };
    const template = getTemplate(b, "ENVIRONMENT", input.templateName);
    const version = resolveDeployableVersion(
      b,
      "ENVIRONMENT",
      input.templateName,
      input.templateMajorVersion,
      input.templateMinorVersion,
    );
    const major = String(version.major);
    const minor = String(version.minor);
    checkSpec(b, input.spec, input.templateName, major, minor);

    const selfManaged = template.provisioning === "CUSTOMER_MANAGED";
    if (selfManaged && !input.provisioningRepository)
      throw validation(
        "A self-managed environment (template provisioning CUSTOMER_MANAGED) needs provisioningRepository",
      );
    if (!selfManaged && input.provisioningRepository) throw validation(SELF_MANAGED_ONLY);
    if (selfManaged && (input.protonServiceRoleArn || input.environmentAccountConnectionId))
      throw validation(NOT_SELF_MANAGED);
    if (!selfManaged && !input.protonServiceRoleArn && !input.environmentAccountConnectionId)
      throw validation(
        "An AWS-managed environment needs protonServiceRoleArn or environmentAccountConnectionId",
      );
    if (input.protonServiceRoleArn && input.environmentAccountConnectionId)
      throw validation("Give protonServiceRoleArn or environmentAccountConnectionId, not both");
    const connection = input.environmentAccountConnectionId
      ? checkConnection(b, input.environmentAccountConnectionId, input.name)
      : undefined;
    const repository = input.provisioningRepository && repositoryBranch(b, input.provisioningRepository);

    const e: EnvironmentRecord = {
      name: input.name,
      arn: b.arn(`environment/${input.name}`),
      description: input.description,
      createdAt: b.now(),
      ...newDeployable(b, input.name, {
        templateName: input.templateName,
        templateMajorVersion: major,
        templateMinorVersion: minor,
        spec: input.spec,
      }),
      spec: input.spec,
      protonServiceRoleArn: input.protonServiceRoleArn,
      environmentAccountConnectionId: input.environmentAccountConnectionId,
      environmentAccountId: connection ? connection.environmentAccountId : b.options.accountId,
      provisioning: selfManaged ? "CUSTOMER_MANAGED" : undefined,
      provisioningRepository: repository,
      componentRoleArn: input.componentRoleArn,
      codebuildRoleArn: input.codebuildRoleArn,
      tags: copyTags(input.tags),
      createHash: hash,
      modified: false,
    };
    b.state.environments[e.name] = e;
    delete b.state.tombstones[`environment/${e.name}`];
    return { environment: renderEnvironment(e) };
  },

  GetEnvironment: (b, input) => ({
    environment: renderEnvironment(getEnvironment(b, input.name)),
  }),

  UpdateEnvironment: (b, input) => {
    const e = getEnvironment(b, input.name);
    const what = `The environment '${e.name}'`;
    assertNotBusy(e, what);
    if (input.protonServiceRoleArn !== undefined && input.environmentAccountConnectionId !== undefined)
      throw validation(
        "UpdateEnvironment can change protonServiceRoleArn or environmentAccountConnectionId, not both in one call",
      );
    // Proton's rules for UpdateEnvironment: the provisioning fields stay those of the environment's kind.
    if (input.provisioningRepository !== undefined && e.provisioning !== "CUSTOMER_MANAGED")
      throw validation(SELF_MANAGED_ONLY);
    if (input.protonServiceRoleArn !== undefined && e.provisioning === "CUSTOMER_MANAGED")
      throw validation(NOT_SELF_MANAGED);
    if (input.protonServiceRoleArn !== undefined && e.environmentAccountConnectionId)
      throw validation(
        `${what} uses environment account connection '${e.environmentAccountConnectionId}': its role is the connection's, so protonServiceRoleArn can't be set`,
      );
    const repository = input.provisioningRepository && repositoryBranch(b, input.provisioningRepository);
    if (input.environmentAccountConnectionId !== undefined) {
      if (!e.environmentAccountConnectionId)
        throw validation(
          `${what} was not created with an environment account connection, so none can be attached`,
        );
      checkConnection(b, input.environmentAccountConnectionId, e.name);
    }
    if (input.deploymentType === "NONE" && input.spec !== undefined)
      throw validation("deploymentType NONE can't change the spec; use CURRENT_VERSION");
    const connectionId = input.environmentAccountConnectionId ?? e.environmentAccountConnectionId;
    if (input.deploymentType !== "NONE" && connectionId && !b.state.connections[connectionId])
      throw validation(
        `${what} uses environment account connection '${connectionId}', which was deleted; accept a new connection and attach it with environmentAccountConnectionId`,
      );
    const target = targetVersion(e, input, recommendedFor(b, e.templateName), what);
    if (input.deploymentType !== "NONE") {
      resolveDeployableVersion(
        b,
        "ENVIRONMENT",
        e.templateName,
        target.templateMajorVersion,
        target.templateMinorVersion,
      );
      checkSpec(
        b,
        input.spec ?? e.spec,
        e.templateName,
        target.templateMajorVersion,
        target.templateMinorVersion,
      );
    }
    if (input.description !== undefined) e.description = input.description;
    if (input.protonServiceRoleArn !== undefined) e.protonServiceRoleArn = input.protonServiceRoleArn;
    if (input.environmentAccountConnectionId !== undefined)
      e.environmentAccountConnectionId = input.environmentAccountConnectionId;
    if (input.componentRoleArn !== undefined) e.componentRoleArn = input.componentRoleArn;
    if (input.codebuildRoleArn !== undefined) e.codebuildRoleArn = input.codebuildRoleArn;
    if (repository) e.provisioningRepository = repository;
    e.modified = true;
    if (input.deploymentType !== "NONE")
      startDeployment(b, e, e.name, { ...target, spec: input.spec ?? e.spec });
    return { environment: renderEnvironment(e) };
  },

  DeleteEnvironment: (b, input) => {
    const e = b.state.environments[input.name];
    if (!e) {
      if (b.state.tombstones[`environment/${input.name}`]) return {};
      throw notFound(`The environment '${input.name}' does not exist`);
    }
    if (e.deploymentStatus === "DELETE_IN_PROGRESS") return { environment: renderEnvironment(e) };
    if (e.deploymentStatus === "IN_PROGRESS" || e.deploymentStatus === "CANCELLING")
      throw conflict(
        `The environment '${e.name}' can't be deleted while its deployment is ${e.deploymentStatus}`,
      );
    assertNoComponents(b, { environmentName: e.name }, `The environment '${e.name}'`);
    const instance = Object.values(b.state.instances).find((i) => i.environmentName === e.name);
    if (instance)
      throw conflict(
        `The environment '${e.name}' has service instance '${instance.serviceName}/${instance.name}' deployed in it`,
      );
    startDelete(b, e, e.name);
    return { environment: renderEnvironment(e) };
  },

  ListEnvironments: (b, input) => {
    let all = Object.values(b.state.environments).sort((x, y) => x.name.localeCompare(y.name));
    const filters = input.environmentTemplates;
    if (filters?.length) {
      for (const f of filters) getTemplate(b, "ENVIRONMENT", f.templateName);
      all = all.filter((e) =>
        filters.some((f) => f.templateName === e.templateName && f.majorVersion === e.templateMajorVersion),
      );
    }
    const { page, nextToken } = paginate("ListEnvironments", all, input);
    return { environments: page.map((e) => renderEnvironment(e, true)), ...(nextToken ? { nextToken } : {}) };
  },

  CancelEnvironmentDeployment: (b, input) => {
    const e = getEnvironment(b, input.environmentName);
    startCancel(b, e, e.name, `The environment '${e.name}'`);
    return { environment: renderEnvironment(e) };
  },
} satisfies Partial<Handlers>;

/** Applies due deployments, cancellations and deletions of environments. */
export function progressEnvironments(b: Backend, now: number): void {
  for (const e of Object.values(b.state.environments)) {
    if (progressDeployable(b, e, now) === "deleted") {
      delete b.state.environments[e.name];
      b.state.tombstones[`environment/${e.name}`] = now;
    }
  }
}
