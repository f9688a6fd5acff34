import * as P from "@aws-sdk/client-proton";
import { tagList } from "../engine/common-fields";
import { manifestProblem } from "../../common/component-manifest";
import { parseServiceSpec, SpecError } from "../../common/spec";
import type { ArgsOf, Failure, Inputs, ResourceDescription } from "../engine/description";
import { answered } from "../engine/errors";
import { clearedAsLeftOut, hasUnknown, isoTime, shown } from "../engine/values";
import type { ComponentArgs } from "../resources/component";
import { deploymentHealth } from "./deployment";
import { outputMap, paginatorConfig } from "./outputs";

// Component (directly defined): created with a derived client token, deployed asynchronously; the
// template file, service spec, attachment (service and instance) and description change in place
// (UpdateComponent); the name, another environment and the manifest replace it, deleting
// first (Proton keeps one component of a name, and an instance one component); asynchronous delete.

type Args = ArgsOf<ComponentArgs>;
/** GetComponent's answer plus the outputs read once its deployment settled. */
type Live = P.Component & { componentOutputs?: Record<string, string> };

const DEPLOYED = ["templateFile", "serviceSpec"];
const ATTACHMENT = ["serviceName", "serviceInstanceName"];

/**
 * Proton's rules for a component's inputs, judged at preview: attached to an instance (serviceName and
 * serviceInstanceName together) or on its own in an environment; a service spec only when attached; the
 * manifest and service spec well formed. A value not known yet breaks no rule.
 */
function check(inputs: Inputs<Args>): Failure[] {
  const maybe = (v: unknown) => v !== undefined && v !== null;
  const known = (v: unknown): v is string => typeof v === "string" && !hasUnknown(v);
  const failures: Failure[] = [];
  const [service, instance] = [inputs.serviceName, inputs.serviceInstanceName];
  if (maybe(service) !== maybe(instance)) {
    const [given, missing] = maybe(service)
      ? ["serviceName", "serviceInstanceName"]
      : ["serviceInstanceName", "serviceName"];
    failures.push({
      property: given,
      reason: `${given} is given without ${missing}: an attached component names both (a component on its own, neither)`,
    });
  }
  const attached = maybe(service) || maybe(instance);
  if (!attached && !maybe(inputs.environmentName))
    failures.push({
      property: "environmentName",
      reason:
        "environmentName is missing: a component not attached to a service instance (serviceName and serviceInstanceName) needs its environment",
    });
  if (!attached && known(inputs.serviceSpec))
    failures.push({
      property: "serviceSpec",
      reason:
        "serviceSpec is only for a component attached to a service instance (serviceName and serviceInstanceName)",
    });
  const manifest = known(inputs.manifest) ? manifestProblem(inputs.manifest) : undefined;
  if (manifest) failures.push({ property: "manifest", reason: manifest });
  if (known(inputs.serviceSpec) && inputs.serviceSpec !== "")
    try {
      parseServiceSpec(inputs.serviceSpec);
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      failures.push({ property: "serviceSpec", reason: `serviceSpec${e.message.replace(/^spec/, "")}` });
    }
  return failures;
}

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
  uniqueName: true,
  deleteKind: "async",
  createOperation: "CreateComponent",
  fields: {
    name: { replace: true },
    // Recorded from Proton (an attached component's is its instance's): left out, it never diffs; named to
    // detach the component, the same environment changes nothing. Named where none was recorded (a state
    // written before it was), the update checks it against Proton's.
    environmentName: {
      serverDefault: true,
      replaceWhen: (old, next) => old !== undefined && next !== undefined && old !== next,
      declaredWhen: (state) => state.serviceName === undefined,
    },
    // UpdateComponent moves a component to another instance, or detaches it ("" for both).
    serviceName: {},
    serviceInstanceName: {},
    description: {},
    templateFile: {},
    // UpdateComponent takes no manifest.
    manifest: { replace: true },
    // UpdateComponent keeps the spec it is not sent: one taken out can't be cleared in place.
    serviceSpec: { replaceWhen: (old, next) => old !== undefined && next === undefined },
  },
  nameOf: (inputs) => shown(inputs.name),
  check,
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
    environmentName: live.environmentName,
    serviceName: live.serviceName,
    serviceInstanceName: live.serviceInstanceName,
    // A cleared description reads "": the program left it out.
    description: clearedAsLeftOut(live.description, prior.description),
    // GetComponent does not return the template file or manifest: the stored ones stand.
    templateFile: prior.templateFile,
    manifest: prior.manifest,
    serviceSpec: live.serviceSpec ?? prior.serviceSpec,
  }),
  outputs: (live) => ({
    arn: live.arn,
    environmentName: live.environmentName,
    deploymentStatus: live.deploymentStatus,
    deploymentStatusMessage: live.deploymentStatusMessage ?? "",
    outputs: live.componentOutputs ?? {},
    createdAt: isoTime(live.createdAt),
    lastDeploymentSucceededAt: isoTime(live.lastDeploymentSucceededAt),
    lastAttemptedDeploymentId: live.lastAttemptedDeploymentId ?? "",
    lastSucceededDeploymentId: live.lastSucceededDeploymentId ?? "",
  }),
  async update(ctx, id, _olds, news, changed, live) {
    if (changed.includes("environmentName") && news.environmentName !== live.environmentName)
      throw new Error(
        `${ctx.what} is in environment '${String(live.environmentName)}', not '${String(news.environmentName)}': ` +
          "moving it to another environment needs a replacement (`pulumi up --replace <urn>`), or name its own",
      );
    const moves = changed.some((f) => ATTACHMENT.includes(f));
    const deploys = moves || changed.some((f) => DEPLOYED.includes(f));
    await ctx.client.send(
      new P.UpdateComponentCommand({
        name: id,
        deploymentType: deploys ? "CURRENT_VERSION" : "NONE",
        // A description taken out is cleared with "".
        ...(changed.includes("description") ? { description: news.description ?? "" } : {}),
        ...(deploys ? { templateFile: news.templateFile, serviceSpec: news.serviceSpec } : {}),
        // Detached with "" for both: the component stays in its environment, on its own.
        ...(moves
          ? { serviceName: news.serviceName ?? "", serviceInstanceName: news.serviceInstanceName ?? "" }
          : {}),
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
