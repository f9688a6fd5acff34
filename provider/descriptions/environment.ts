import * as P from "@aws-sdk/client-proton";
import { tagList } from "../engine/common-fields";
import { send, type Inputs, type ResourceDescription } from "../engine/description";
import { isoTime, shown } from "../engine/values";
import { checkEnvironmentSpec, digestSchema } from "../spec/check";
import { renderSpecObject } from "../spec/render";
import { sameSpec } from "../spec/semantic";
import { deploymentHealth, deploymentType, versionMembers } from "./deployment";

// Environment: name-keyed create that deploys; spec and template version change in place with the
// matching deploymentType; asynchronous delete.

const METADATA = [
  "description",
  "protonServiceRoleArn",
  "environmentAccountConnectionId",
  "componentRoleArn",
  "codebuildRoleArn",
  "provisioningRepository",
];

export const environment: ResourceDescription = {
  type: "Environment",
  label: "environment",
  idempotency: "name-keyed",
  deleteKind: "async",
  createOperation: "CreateEnvironment",
  fields: {
    name: { replace: true },
    templateName: { replace: true },
    templateMajorVersion: {},
    templateMinorVersion: { serverDefault: true },
    spec: { same: sameSpec },
    description: {},
    protonServiceRoleArn: {},
    environmentAccountConnectionId: {},
    componentRoleArn: {},
    codebuildRoleArn: {},
    provisioningRepository: {},
    templateSchema: { local: true },
  },
  nameOf: (inputs) => shown(inputs.name),
  idFromInputs: (inputs) => String(inputs.name),
  check(inputs) {
    renderSpecObject(inputs, "EnvironmentSpec");
    const failures = checkEnvironmentSpec(inputs.spec, inputs.templateSchema);
    digestSchema(inputs);
    return failures;
  },
  createInput: (i) => ({
    name: i.name,
    templateName: i.templateName,
    templateMajorVersion: i.templateMajorVersion,
    templateMinorVersion: i.templateMinorVersion,
    description: i.description,
    spec: i.spec,
    protonServiceRoleArn: i.protonServiceRoleArn,
    environmentAccountConnectionId: i.environmentAccountConnectionId,
    provisioningRepository: i.provisioningRepository,
    componentRoleArn: i.componentRoleArn,
    codebuildRoleArn: i.codebuildRoleArn,
  }),
  async create(ctx, inputs) {
    await send(
      ctx,
      new P.CreateEnvironmentCommand({ ...this.createInput(inputs), tags: tagList(inputs.tags) } as never),
    );
    return String(inputs.name);
  },
  read: async (ctx, id) => (await send(ctx, new P.GetEnvironmentCommand({ name: id }))).environment,
  health: (live) => deploymentHealth(live, ""),
  liveInputs: (live, prior) => ({
    name: live.name,
    templateName: live.templateName,
    templateMajorVersion: live.templateMajorVersion,
    templateMinorVersion: prior.templateMinorVersion === undefined ? undefined : live.templateMinorVersion,
    spec: sameSpec(prior.spec, live.spec) ? prior.spec : live.spec,
    description: live.description,
    protonServiceRoleArn: live.protonServiceRoleArn,
    environmentAccountConnectionId: live.environmentAccountConnectionId,
    componentRoleArn: live.componentRoleArn,
    codebuildRoleArn: live.codebuildRoleArn,
    provisioningRepository: live.provisioningRepository
      ? {
          provider: live.provisioningRepository.provider,
          name: live.provisioningRepository.name,
          branch: live.provisioningRepository.branch,
        }
      : undefined,
  }),
  outputs: (live) => ({
    arn: live.arn,
    deploymentStatus: live.deploymentStatus,
    deploymentStatusMessage: live.deploymentStatusMessage ?? "",
    templateMajorVersion: live.templateMajorVersion,
    templateMinorVersion: live.templateMinorVersion,
    environmentAccountId: live.environmentAccountId ?? "",
    createdAt: isoTime(live.createdAt),
    lastDeploymentAttemptedAt: isoTime(live.lastDeploymentAttemptedAt),
    lastDeploymentSucceededAt: isoTime(live.lastDeploymentSucceededAt),
    lastAttemptedDeploymentId: live.lastAttemptedDeploymentId ?? "",
    lastSucceededDeploymentId: live.lastSucceededDeploymentId ?? "",
  }),
  async update(ctx, id, olds, news, changed) {
    const metadata = (fields: string[]) =>
      Object.fromEntries(
        fields
          .filter((f) => changed.includes(f))
          .map((f) => [f, news[f] ?? (f === "description" ? "" : undefined)]),
      );
    // Proton takes one of the role and the connection per call.
    if (changed.includes("protonServiceRoleArn") && changed.includes("environmentAccountConnectionId")) {
      await send(
        ctx,
        new P.UpdateEnvironmentCommand({
          name: id,
          deploymentType: "NONE",
          ...metadata(["environmentAccountConnectionId"]),
        } as never),
      );
      changed = changed.filter((f) => f !== "environmentAccountConnectionId");
    }
    const type = deploymentType(olds, news, changed.includes("spec"));
    await send(
      ctx,
      new P.UpdateEnvironmentCommand({
        name: id,
        deploymentType: type,
        ...(type === "NONE" ? {} : { spec: news.spec }),
        ...versionMembers(type, news),
        ...metadata(METADATA),
      } as never),
    );
  },
  async recover(ctx, id, inputs: Inputs) {
    await send(
      ctx,
      new P.UpdateEnvironmentCommand({
        name: id,
        deploymentType: "CURRENT_VERSION",
        spec: inputs.spec as string,
      }),
    );
  },
  async delete(ctx, id) {
    await send(ctx, new P.DeleteEnvironmentCommand({ name: id }));
  },
};
