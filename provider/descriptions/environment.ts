import * as P from "@aws-sdk/client-proton";
import { tagList } from "../engine/common-fields";
import type { EnvironmentFields } from "../resources/environment";
import type { TemplateFields } from "../resources/versionChoice";
import type { ArgsOf, Failure, FieldOf, Inputs, ResourceDescription } from "../engine/description";
import { clearedAsLeftOut, hasUnknown, isoTime, pick, shown } from "../engine/values";
import { checkEnvironmentSpec, digestSchema } from "../spec/check";
import { renderSpecObject } from "../spec/render";
import { sameSpec } from "../spec/semantic";
import { deployedInMs, deploymentHealth, deploymentType, lowerMajor, versionMembers } from "./deployment";
import { outputMap, paginatorConfig } from "./outputs";

// Environment: name-keyed create that deploys; spec and template version change in place with the
// matching deploymentType; asynchronous delete.

/**
 * What the provider receives: the resource class has spread `templateVersion` into the separate fields, and
 * the spec is YAML text (check renders a spec given as an object).
 */
type Args = ArgsOf<Omit<EnvironmentFields, "spec"> & TemplateFields> & { spec: string };
/** GetEnvironment's answer plus the outputs read once its deployment settled. */
type Live = P.Environment & { environmentOutputs?: Record<string, string> };

const METADATA = [
  "description",
  "protonServiceRoleArn",
  "environmentAccountConnectionId",
  "componentRoleArn",
  "codebuildRoleArn",
  "provisioningRepository",
] as const satisfies FieldOf<Args>[];

/** A repository as the API takes it (the provider is also checked against the model's enum at preview). */
const repository = (r: Args["provisioningRepository"]): P.RepositoryBranchInput | undefined =>
  r && { provider: r.provider, name: r.name, branch: r.branch };

const createInput = (i: Inputs<Args>): Omit<P.CreateEnvironmentInput, "tags"> => ({
  name: i.name,
  templateName: i.templateName,
  templateMajorVersion: i.templateMajorVersion,
  templateMinorVersion: i.templateMinorVersion,
  description: i.description,
  spec: i.spec,
  protonServiceRoleArn: i.protonServiceRoleArn,
  environmentAccountConnectionId: i.environmentAccountConnectionId,
  provisioningRepository: repository(i.provisioningRepository),
  componentRoleArn: i.componentRoleArn,
  codebuildRoleArn: i.codebuildRoleArn,
});

/**
 * Proton's provisioning rules that need no template: AWS-managed environments deploy with their own role or
 * through an account connection (one of them), self-managed ones push to a repository and take neither.
 * A value not known yet at preview (another resource's output) fails no rule: it may be anything.
 */
function checkProvisioning(inputs: Inputs<Args>): Failure[] {
  const maybe = (v: unknown) => v !== undefined && v !== null && v !== "";
  const known = (v: unknown) => maybe(v) && !hasUnknown(v);
  const [role, connection, repository] = [
    inputs.protonServiceRoleArn,
    inputs.environmentAccountConnectionId,
    inputs.provisioningRepository,
  ];
  if (known(role) && known(connection))
    return [
      {
        property: "environmentAccountConnectionId",
        reason:
          "environmentAccountConnectionId and protonServiceRoleArn are both given: an environment deploys with its own role or through an account connection, not both",
      },
    ];
  if (known(repository) && (known(role) || known(connection)))
    return [
      {
        property: "provisioningRepository",
        reason: `provisioningRepository makes the environment self-managed, which takes no ${known(role) ? "protonServiceRoleArn" : "environmentAccountConnectionId"} (Proton provisions nothing itself)`,
      },
    ];
  if (!maybe(role) && !maybe(connection) && !maybe(repository))
    return [
      {
        property: "protonServiceRoleArn",
        reason:
          "protonServiceRoleArn is missing: an environment needs protonServiceRoleArn or environmentAccountConnectionId (AWS-managed provisioning), or provisioningRepository (self-managed)",
      },
    ];
  return [];
}

/** A field that decides how the environment is provisioned was given or taken out (not changed). */
const gainedOrLost = (old: unknown, next: unknown) => Boolean(old) !== Boolean(next);

export const environment: ResourceDescription<Args, Live> = {
  type: "Environment",
  label: "environment",
  idempotency: "name-keyed",
  deleteKind: "async",
  createOperation: "CreateEnvironment",
  fields: {
    name: { replace: true },
    templateName: { replace: true },
    templateMajorVersion: { replaceWhen: lowerMajor },
    templateMinorVersion: { serverDefault: true },
    spec: { same: sameSpec },
    description: {},
    protonServiceRoleArn: {},
    // Proton attaches another connection in place, but never moves an environment between its own role
    // and a connection, nor between AWS-managed and self-managed provisioning.
    environmentAccountConnectionId: { replaceWhen: gainedOrLost },
    componentRoleArn: { notClearable: "UpdateEnvironment takes a role ARN, never an empty one" },
    codebuildRoleArn: { notClearable: "UpdateEnvironment takes a role ARN, never an empty one" },
    provisioningRepository: { replaceWhen: gainedOrLost },
    templateSchema: { local: true },
  },
  nameOf: (inputs) => shown(inputs.name),
  idFromInputs: (inputs) => String(inputs.name),
  async *listNames(ctx) {
    for await (const page of P.paginateListEnvironments({ client: ctx.client, pageSize: 100 }, {}))
      yield (page.environments ?? []).map((e) => String(e.name));
  },
  check(inputs) {
    renderSpecObject(inputs, "EnvironmentSpec");
    const failures = [
      ...checkProvisioning(inputs),
      ...checkEnvironmentSpec(inputs.spec, inputs.templateSchema),
    ];
    digestSchema(inputs);
    return failures;
  },
  createInput,
  async create(ctx, inputs) {
    await ctx.client.send(
      new P.CreateEnvironmentCommand({ ...createInput(inputs), tags: tagList(inputs.tags) }),
    );
    return String(inputs.name);
  },
  read: async (ctx, id) => (await ctx.client.send(new P.GetEnvironmentCommand({ name: id }))).environment,
  async readOutputs(ctx, id, live) {
    const pages = P.paginateListEnvironmentOutputs(paginatorConfig(ctx.client), { environmentName: id });
    return { ...live, environmentOutputs: await outputMap(pages) };
  },
  health: (live) => deploymentHealth(live, ""),
  tookMs: (live) => deployedInMs([live]),
  liveInputs: (live, prior) => ({
    name: live.name,
    templateName: live.templateName,
    templateMajorVersion: live.templateMajorVersion,
    templateMinorVersion: prior.templateMinorVersion === undefined ? undefined : live.templateMinorVersion,
    spec: sameSpec(prior.spec, live.spec) ? prior.spec : live.spec,
    description: clearedAsLeftOut(live.description, prior.description),
    protonServiceRoleArn: live.protonServiceRoleArn,
    environmentAccountConnectionId: live.environmentAccountConnectionId,
    componentRoleArn: live.componentRoleArn,
    codebuildRoleArn: live.codebuildRoleArn,
    // Proton's RepositoryBranch always names its provider.
    provisioningRepository: live.provisioningRepository?.provider
      ? {
          provider: live.provisioningRepository.provider,
          name: live.provisioningRepository.name ?? "",
          branch: live.provisioningRepository.branch ?? "",
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
    outputs: live.environmentOutputs ?? {},
  }),
  async update(ctx, id, olds, news, changed) {
    const all: Pick<P.UpdateEnvironmentInput, (typeof METADATA)[number]> = {
      // An absent description is cleared with "", which the API accepts.
      description: news.description ?? "",
      protonServiceRoleArn: news.protonServiceRoleArn,
      environmentAccountConnectionId: news.environmentAccountConnectionId,
      componentRoleArn: news.componentRoleArn,
      codebuildRoleArn: news.codebuildRoleArn,
      provisioningRepository: repository(news.provisioningRepository),
    };
    const metadata = (fields: readonly (typeof METADATA)[number][]) =>
      pick(
        all,
        fields.filter((f) => changed.includes(f)),
      );
    const type = deploymentType(olds, news, changed.includes("spec"));
    await ctx.client.send(
      new P.UpdateEnvironmentCommand({
        name: id,
        deploymentType: type,
        ...(type === "NONE" ? {} : { spec: news.spec }),
        ...versionMembers(type, news),
        ...metadata(METADATA),
      }),
    );
  },
  async recover(ctx, id, inputs) {
    await ctx.client.send(
      new P.UpdateEnvironmentCommand({ name: id, deploymentType: "CURRENT_VERSION", spec: inputs.spec }),
    );
  },
  async delete(ctx, id) {
    await ctx.client.send(new P.DeleteEnvironmentCommand({ name: id }));
  },
};
