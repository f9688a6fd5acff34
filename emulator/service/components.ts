import type {
  CancelComponentDeploymentCommandInput,
  CancelComponentDeploymentCommandOutput,
  Component,
  CreateComponentCommandInput,
  CreateComponentCommandOutput,
  DeleteComponentCommandInput,
  DeleteComponentCommandOutput,
  GetComponentCommandInput,
  GetComponentCommandOutput,
  ListComponentsCommandInput,
  ListComponentsCommandOutput,
  UpdateComponentCommandInput,
  UpdateComponentCommandOutput,
} from "@aws-sdk/client-proton";
import type { Backend } from "./backend";
import { copyTags, paramsHash } from "./backend";
import { assertNotBusy, progressDeployable, startCancel, startDelete, startDeployment } from "./deployments";
import { clientTokenCreate } from "./idempotency";
import { getComponent } from "./outputs";
import { paginate } from "./pagination";
import { clean, seconds } from "./render";
import { getService } from "./services";
import { instanceKey, versionKey, type ComponentRecord, type ComponentState } from "./state";
import type { Valid, Wire } from "./wire";
import { conflict, mismatch, notFound, validation } from "../protocol/errors";
import { manifestProblem } from "../../common/component-manifest";

// Directly defined components: infrastructure a developer defines for one environment, optionally
// attached to one service instance (its `components.default`). They deploy like the other resources.

function renderComponentRecord(c: ComponentRecord, summary = false): Wire<Component> {
  return clean({
    name: c.name,
    description: summary ? undefined : c.description,
    arn: c.arn,
    environmentName: c.environmentName,
    serviceName: c.serviceName,
    serviceInstanceName: c.serviceInstanceName,
    createdAt: seconds(c.createdAt),
    lastModifiedAt: seconds(c.lastModifiedAt),
    lastDeploymentAttemptedAt: seconds(c.lastDeploymentAttemptedAt),
    lastDeploymentSucceededAt: seconds(c.lastDeploymentSucceededAt),
    deploymentStatus: c.deploymentStatus,
    deploymentStatusMessage: c.deploymentStatusMessage,
    serviceSpec: summary ? undefined : c.serviceSpec,
    lastClientRequestToken: summary ? undefined : c.lastClientRequestToken,
    lastAttemptedDeploymentId: c.lastAttemptedDeploymentId,
    lastSucceededDeploymentId: c.lastSucceededDeploymentId,
  });
}

/** The component attached to a service instance, if any. */
export const attachedComponent = (b: Backend, serviceName: string, instanceName: string) =>
  Object.values(b.state.components).find(
    (c) =>
      (c.serviceName === serviceName && c.serviceInstanceName === instanceName) ||
      (c.next?.serviceName === serviceName && c.next.serviceInstanceName === instanceName),
  );

/**
 * A dependency rule of Proton's: components must go (or be detached) before what they belong to. An
 * instance a component is moving to counts as well as the one it leaves: both are its until it settles.
 */
export function assertNoComponents(
  b: Backend,
  scope: { environmentName?: string; serviceName?: string; instanceNames?: string[] },
  what: string,
): void {
  const inScope = (a: { serviceName?: string; serviceInstanceName?: string } | undefined) =>
    a?.serviceName === scope.serviceName &&
    (scope.instanceNames === undefined || scope.instanceNames.includes(a?.serviceInstanceName ?? ""));
  const found = Object.values(b.state.components).find((c) =>
    scope.environmentName !== undefined
      ? c.environmentName === scope.environmentName
      : inScope(c) || inScope(c.next),
  );
  if (found) throw conflict(`${what} has component '${found.name}'; delete or detach it first`);
}

/** Proton serialises an instance's deployments with its component's: neither changes while the other runs. */
export function assertComponentIdle(b: Backend, serviceName: string, instanceName: string): void {
  const c = attachedComponent(b, serviceName, instanceName);
  if (c)
    assertNotBusy(
      c,
      `The component '${c.name}' attached to service instance '${serviceName}/${instanceName}'`,
    );
}

/** Checks an attachment: the instance exists, allows directly defined components and has none yet. */
function checkAttachment(b: Backend, serviceName: string, instanceName: string, self?: string): string {
  getService(b, serviceName);
  const i = b.state.instances[instanceKey(serviceName, instanceName)];
  if (!i) throw notFound(`The service instance '${serviceName}/${instanceName}' does not exist`);
  const version =
    b.state.versions[versionKey("SERVICE", i.templateName, i.templateMajorVersion, i.templateMinorVersion)];
  if (!version?.supportedComponentSources?.includes("DIRECTLY_DEFINED"))
    throw validation(
      `The service template version ${i.templateName}:${i.templateMajorVersion}.${i.templateMinorVersion} of service instance '${serviceName}/${instanceName}' does not support directly defined components (supportedComponentSources)`,
    );
  const other = attachedComponent(b, serviceName, instanceName);
  if (other && other.name !== self)
    throw conflict(
      `The service instance '${serviceName}/${instanceName}' already has component '${other.name}'`,
    );
  assertNotBusy(i, `The service instance '${serviceName}/${instanceName}'`);
  return i.environmentName;
}

function checkComponentRole(b: Backend, environmentName: string): void {
  const e = b.state.environments[environmentName];
  if (!e) throw notFound(`The environment '${environmentName}' does not exist`);
  const connection = e.environmentAccountConnectionId
    ? b.state.connections[e.environmentAccountConnectionId]
    : undefined;
  if (!e.componentRoleArn && !connection?.componentRoleArn)
    throw validation(
      `The environment '${environmentName}' has no componentRoleArn (nor its account connection), so it can't have directly defined components`,
    );
}

function checkManifest(manifest: string): void {
  const problem = manifestProblem(manifest);
  if (problem) throw validation(`The component ${problem}`);
}

export const componentOps = {
  CreateComponent: (
    b: Backend,
    input: Valid<CreateComponentCommandInput>,
  ): Wire<CreateComponentCommandOutput> =>
    clientTokenCreate(
      b,
      "CreateComponent",
      input,
      (key) => {
        const c = b.state.components[key];
        return c && { component: renderComponentRecord(c) };
      },
      () => {
        if (b.state.components[input.name]) throw conflict(`The component '${input.name}' already exists`);
        if ((input.serviceName === undefined) !== (input.serviceInstanceName === undefined))
          throw validation("Give serviceName and serviceInstanceName together, or neither");
        const attached = input.serviceName !== undefined;
        if (!attached && input.environmentName === undefined)
          throw validation("A component that is not attached to a service instance needs environmentName");
        if (!attached && input.serviceSpec !== undefined)
          throw validation("serviceSpec is only for a component attached to a service instance");
        const environmentName = attached
          ? checkAttachment(b, input.serviceName as string, input.serviceInstanceName as string)
          : (input.environmentName as string);
        if (attached && input.environmentName !== undefined && input.environmentName !== environmentName)
          throw validation(
            `The service instance runs in environment '${environmentName}', not '${input.environmentName}'`,
          );
        checkComponentRole(b, environmentName);
        checkManifest(input.manifest);
        const now = b.now();
        const c: ComponentRecord = {
          name: input.name,
          arn: b.arn(`component/${input.name}`),
          description: input.description,
          environmentName,
          createdAt: now,
          lastModifiedAt: now,
          manifest: input.manifest,
          templateFile: input.templateFile,
          // The attachment is the component's from the start, as the request named it: Get and List show
          // it while the first deployment runs, and the instance can't be deleted under it.
          ...(attached
            ? {
                serviceName: input.serviceName,
                serviceInstanceName: input.serviceInstanceName,
                serviceSpec: input.serviceSpec,
              }
            : {}),
          deploymentStatus: "IN_PROGRESS",
          lastDeploymentAttemptedAt: now,
          lastDeploymentSucceededAt: now,
          lastAttemptedDeploymentId: "",
          lastClientRequestToken: input.clientToken,
          tags: copyTags(input.tags),
        };
        startDeployment(b, c, c.name, undefined);
        b.state.components[c.name] = c;
        delete b.state.tombstones[`component/${c.name}`];
        return { key: c.name, result: { component: renderComponentRecord(c) } };
      },
    ),

  GetComponent: (b: Backend, input: Valid<GetComponentCommandInput>): Wire<GetComponentCommandOutput> => ({
    component: renderComponentRecord(getComponent(b, input.name)),
  }),

  UpdateComponent: (
    b: Backend,
    input: Valid<UpdateComponentCommandInput>,
  ): Wire<UpdateComponentCommandOutput> => {
    const c = getComponent(b, input.name);
    const hash = paramsHash(input, ["clientToken"]);
    if (input.clientToken && input.clientToken === c.lastClientRequestToken && c.lastClientRequestHash) {
      if (hash !== c.lastClientRequestHash)
        throw mismatch(`UpdateComponent with client token '${input.clientToken}'`);
      return { component: renderComponentRecord(c) };
    }
    const what = `The component '${c.name}'`;
    assertNotBusy(c, what);
    const changes = [input.serviceName, input.serviceInstanceName, input.serviceSpec, input.templateFile];
    if (input.deploymentType === "NONE") {
      if (changes.some((x) => x !== undefined))
        throw validation("deploymentType NONE can only change the description; use CURRENT_VERSION");
    } else {
      if ((input.serviceName === undefined) !== (input.serviceInstanceName === undefined))
        throw validation("Give serviceName and serviceInstanceName together, or neither");
      const next: ComponentState = {
        serviceName: input.serviceName === undefined ? c.serviceName : input.serviceName || undefined,
        serviceInstanceName:
          input.serviceInstanceName === undefined
            ? c.serviceInstanceName
            : input.serviceInstanceName || undefined,
        serviceSpec: input.serviceSpec ?? c.serviceSpec,
        templateFile: input.templateFile ?? c.templateFile,
      };
      if (!next.serviceName) delete next.serviceSpec;
      if (next.serviceName) {
        const env = checkAttachment(b, next.serviceName, next.serviceInstanceName as string, c.name);
        if (env !== c.environmentName)
          throw validation(`${what} is in environment '${c.environmentName}'; the instance runs in '${env}'`);
      }
      if (c.serviceName) {
        const current = b.state.instances[instanceKey(c.serviceName, c.serviceInstanceName as string)];
        if (current)
          assertNotBusy(current, `The service instance '${c.serviceName}/${c.serviceInstanceName}'`);
      }
      startDeployment(b, c, c.name, undefined);
      c.next = next;
    }
    if (input.description !== undefined) c.description = input.description;
    if (input.clientToken) {
      c.lastClientRequestToken = input.clientToken;
      c.lastClientRequestHash = hash;
    }
    c.lastModifiedAt = b.now();
    return { component: renderComponentRecord(c) };
  },

  DeleteComponent: (
    b: Backend,
    input: Valid<DeleteComponentCommandInput>,
  ): Wire<DeleteComponentCommandOutput> => {
    const c = b.state.components[input.name];
    if (!c) {
      if (b.state.tombstones[`component/${input.name}`]) return {};
      throw notFound(`The component '${input.name}' does not exist`);
    }
    if (c.deploymentStatus === "DELETE_IN_PROGRESS") return { component: renderComponentRecord(c) };
    assertNotBusy(c, `The component '${c.name}'`);
    startDelete(b, c, c.name);
    c.lastModifiedAt = b.now();
    return { component: renderComponentRecord(c) };
  },

  ListComponents: (
    b: Backend,
    input: Valid<ListComponentsCommandInput>,
  ): Wire<ListComponentsCommandOutput> => {
    if (input.serviceInstanceName !== undefined && input.serviceName === undefined)
      throw validation("serviceInstanceName needs serviceName");
    const all = Object.values(b.state.components)
      .filter(
        (c) =>
          (input.environmentName === undefined || c.environmentName === input.environmentName) &&
          (input.serviceName === undefined || c.serviceName === input.serviceName) &&
          (input.serviceInstanceName === undefined || c.serviceInstanceName === input.serviceInstanceName),
      )
      .sort((x, y) => x.name.localeCompare(y.name));
    const { page, nextToken } = paginate("ListComponents", all, input);
    return {
      components: page.map((c) => renderComponentRecord(c, true)),
      ...(nextToken ? { nextToken } : {}),
    };
  },

  CancelComponentDeployment: (
    b: Backend,
    input: Valid<CancelComponentDeploymentCommandInput>,
  ): Wire<CancelComponentDeploymentCommandOutput> => {
    const c = getComponent(b, input.componentName);
    startCancel(b, c, c.name, `The component '${c.name}'`);
    return { component: renderComponentRecord(c) };
  },
};

/** Applies due deployments, cancellations and deletions of components. */
export function progressComponents(b: Backend, now: number): void {
  for (const c of Object.values(b.state.components)) {
    const outcome = progressDeployable(b, c, now);
    if (outcome === "succeeded" && c.next) {
      Object.assign(
        c,
        { serviceName: undefined, serviceInstanceName: undefined, serviceSpec: undefined },
        c.next,
      );
      for (const k of ["serviceName", "serviceInstanceName", "serviceSpec"] as const)
        if (c[k] === undefined) delete c[k];
    }
    if (outcome !== "none" && outcome !== "deleted") delete c.next;
    if (outcome === "deleted") {
      delete b.state.components[c.name];
      b.state.tombstones[`component/${c.name}`] = now;
    }
  }
}
