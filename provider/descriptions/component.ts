import * as P from "@aws-sdk/client-proton";
import { tagList } from "../engine/common-fields";
import type { ArgsOf, Inputs, ResourceDescription } from "../engine/description";
import { answered } from "../engine/errors";
import { isoTime, shown } from "../engine/values";
import type { ComponentArgs } from "../resources/component";
import { deploymentHealth } from "./deployment";
import { outputMap, paginatorConfig } from "./outputs";

// Component (directly defined): created with a derived client token, deployed asynchronously; the
// template file, service spec and description change in place (UpdateComponent), the
// attachment (environment, service, instance) and the name replace it; asynchronous delete.

type Args = ArgsOf<ComponentArgs>;
/** GetComponent's answer plus the outputs read once its deployment settled. */
type Live = P.Component & { componentOutputs?: Record<string, string> };

const DEPLOYED = ["templateFile", "serviceSpec"];

const createInput = (i: Inputs<Args>) => ({
  name: i.name,
  description: i.description,
  environmentName: i.environmentName,
  serviceName: i.serviceName,
  serviceInstanceName: i.serviceInstanceName,
  templateFile: i.templateFile,
  manifest: i.manifest,
  serviceSpec: i.serviceSpec,
});

export const component: ResourceDescription<Args, Live> = {
  type: "Component",
  label: "component",
  idempotency: "client-token",
  deleteKind: "async",
  createOperation: "CreateComponent",
  fields: {
    name: { replace: true },
    environmentName: { replace: true },
    serviceName: { replace: true },
    serviceInstanceName: { replace: true },
    description: {},
    templateFile: {},
    // UpdateComponent takes no manifest.
    manifest: { replace: true },
    serviceSpec: {},
  },
  nameOf: (inputs) => shown(inputs.name),
  createInput,
  async create(ctx, inputs, clientToken) {
    const out = await ctx.client.send(
      new P.CreateComponentCommand({ ...createInput(inputs), tags: tagList(inputs.tags), clientToken }),
    );
    return String(answered(out.component, ctx.what, "component").name);
  },
  read: async (ctx, id) => (await ctx.client.send(new P.GetComponentCommand({ name: id }))).component,
  async readOutputs(ctx, id, live) {
    const pages = P.paginateListComponentOutputs(paginatorConfig(ctx.client), { componentName: id });
    return { ...live, componentOutputs: await outputMap(pages) };
  },
  health: (live) => deploymentHealth(live, ""),
  liveInputs: (live, prior) => ({
    name: live.name,
    // An attached component's environment is its instance's, read back though the program left it out.
    environmentName:
      live.serviceName !== undefined && prior.environmentName === undefined
        ? undefined
        : live.environmentName,
    serviceName: live.serviceName,
    serviceInstanceName: live.serviceInstanceName,
    // A cleared description reads "": the program left it out.
    description: live.description === "" && prior.description === undefined ? undefined : live.description,
    // GetComponent does not return the template file or manifest: the stored ones stand.
    templateFile: prior.templateFile,
    manifest: prior.manifest,
    serviceSpec: live.serviceSpec ?? prior.serviceSpec,
  }),
  outputs: (live) => ({
    arn: live.arn,
    deploymentStatus: live.deploymentStatus,
    deploymentStatusMessage: live.deploymentStatusMessage ?? "",
    outputs: live.componentOutputs ?? {},
    createdAt: isoTime(live.createdAt),
    lastDeploymentSucceededAt: isoTime(live.lastDeploymentSucceededAt),
    lastAttemptedDeploymentId: live.lastAttemptedDeploymentId ?? "",
    lastSucceededDeploymentId: live.lastSucceededDeploymentId ?? "",
  }),
  async update(ctx, id, _olds, news, changed) {
    const deploys = changed.some((f) => DEPLOYED.includes(f));
    await ctx.client.send(
      new P.UpdateComponentCommand({
        name: id,
        deploymentType: deploys ? "CURRENT_VERSION" : "NONE",
        // A description taken out is cleared with "".
        ...(changed.includes("description") ? { description: news.description ?? "" } : {}),
        ...(deploys ? { templateFile: news.templateFile, serviceSpec: news.serviceSpec } : {}),
      }),
    );
  },
  async recover(ctx, id, inputs) {
    await ctx.client.send(
      new P.UpdateComponentCommand({
        name: id,
        deploymentType: "CURRENT_VERSION",
        templateFile: inputs.templateFile,
        serviceSpec: inputs.serviceSpec,
      }),
    );
  },
  async delete(ctx, id) {
    await ctx.client.send(new P.DeleteComponentCommand({ name: id }));
  },
};
