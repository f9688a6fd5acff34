import * as P from "@aws-sdk/client-proton";
import type { ArgsOf, Failure, Inputs, ResourceDescription } from "../engine/description";
import { shown } from "../engine/values";
import type { ServiceSyncConfigArgs, TemplateSyncConfigArgs } from "../resources/syncConfig";

// TemplateSyncConfig and ServiceSyncConfig: Proton keeps one per template (name and type) and one per
// service, so both are name-keyed. The repository, branch and path change in place (Update*SyncConfig
// takes them all); the template or service they serve replaces the configuration.

type TemplateArgs = ArgsOf<TemplateSyncConfigArgs>;
type ServiceArgs = ArgsOf<ServiceSyncConfigArgs>;
// Sync configurations have no ARN (so no tags); the engine reads tags only where there is one.
type TemplateLive = P.TemplateSyncConfig & { arn?: string };
type ServiceLive = P.ServiceSyncConfig & { arn?: string };

/** Proton does not tag sync configurations: tags given anyway are refused rather than dropped. */
const noTags = (inputs: { tags?: unknown }): Failure[] =>
  inputs.tags != null
    ? [{ property: "tags", reason: "tags are not supported (Proton does not tag it)" }]
    : [];

/** A template sync configuration's id is "ENVIRONMENT/name" or "SERVICE/name". */
const templateKeyOf = (id: string) => {
  const at = id.indexOf("/");
  return { templateType: id.slice(0, at) as P.TemplateType, templateName: id.slice(at + 1) };
};

const templateInput = (i: Inputs<TemplateArgs> | P.TemplateSyncConfig) => ({
  templateName: i.templateName,
  templateType: i.templateType,
  repositoryProvider: i.repositoryProvider,
  repositoryName: i.repositoryName,
  branch: i.branch,
  subdirectory: i.subdirectory,
});

export const templateSyncConfig: ResourceDescription<TemplateArgs, TemplateLive> = {
  type: "TemplateSyncConfig",
  label: "template sync configuration",
  idempotency: "name-keyed",
  untagged: true,
  deleteKind: "sync",
  createOperation: "CreateTemplateSyncConfig",
  fields: {
    templateName: { replace: true },
    templateType: { replace: true },
    repositoryProvider: {},
    repositoryName: {},
    branch: {},
    subdirectory: {},
  },
  nameOf: (inputs) => `${shown(inputs.templateName)} (${shown(inputs.templateType)})`,
  idFromInputs: (inputs) => `${String(inputs.templateType)}/${String(inputs.templateName)}`,
  check: noTags,
  createInput: templateInput,
  async create(ctx, inputs) {
    await ctx.client.send(new P.CreateTemplateSyncConfigCommand(templateInput(inputs)));
    return `${inputs.templateType}/${inputs.templateName}`;
  },
  read: async (ctx, id) =>
    (await ctx.client.send(new P.GetTemplateSyncConfigCommand(templateKeyOf(id)))).templateSyncConfig,
  health: () => ({ state: "stable" }),
  liveInputs: templateInput,
  outputs: () => ({}),
  async update(ctx, _id, _olds, news) {
    await ctx.client.send(new P.UpdateTemplateSyncConfigCommand(templateInput(news)));
  },
  async delete(ctx, id) {
    await ctx.client.send(new P.DeleteTemplateSyncConfigCommand(templateKeyOf(id)));
  },
};

const serviceInput = (i: Inputs<ServiceArgs> | P.ServiceSyncConfig) => ({
  serviceName: i.serviceName,
  repositoryProvider: i.repositoryProvider,
  repositoryName: i.repositoryName,
  branch: i.branch,
  filePath: i.filePath,
});

export const serviceSyncConfig: ResourceDescription<ServiceArgs, ServiceLive> = {
  type: "ServiceSyncConfig",
  label: "service sync configuration",
  idempotency: "name-keyed",
  untagged: true,
  deleteKind: "sync",
  createOperation: "CreateServiceSyncConfig",
  fields: {
    serviceName: { replace: true },
    repositoryProvider: {},
    repositoryName: {},
    branch: {},
    filePath: {},
  },
  nameOf: (inputs) => shown(inputs.serviceName),
  idFromInputs: (inputs) => String(inputs.serviceName),
  check: noTags,
  createInput: serviceInput,
  async create(ctx, inputs) {
    await ctx.client.send(new P.CreateServiceSyncConfigCommand(serviceInput(inputs)));
    return String(inputs.serviceName);
  },
  read: async (ctx, id) =>
    (await ctx.client.send(new P.GetServiceSyncConfigCommand({ serviceName: id }))).serviceSyncConfig,
  health: () => ({ state: "stable" }),
  liveInputs: serviceInput,
  outputs: () => ({}),
  async update(ctx, _id, _olds, news) {
    await ctx.client.send(new P.UpdateServiceSyncConfigCommand(serviceInput(news)));
  },
  async delete(ctx, id) {
    await ctx.client.send(new P.DeleteServiceSyncConfigCommand({ serviceName: id }));
  },
};
