// pulumi-proton: AWS Proton resources for Pulumi programs.
//   resources/     the public resource classes (typed args and outputs)
//   shim.ts        the tiny provider text stored with each resource; it loads runtime.ts at run time
//   runtime.ts     the implementation entry: one generic lifecycle per resource description
//   descriptions/  one declarative description per resource type
//   engine/        the generic lifecycle: check, diff, create, read, update, delete, waiting, tokens
//   spec/          spec comparison and preview-time spec checks
export { EnvironmentTemplate, ServiceTemplate } from "./resources/templates";
export type { EnvironmentTemplateArgs, ServiceTemplateArgs } from "./resources/templates";
export { EnvironmentTemplateVersion, ServiceTemplateVersion } from "./resources/templateVersions";
export type {
  EnvironmentTemplateVersionArgs,
  ServiceTemplateVersionArgs,
} from "./resources/templateVersions";
export { TemplateBundle } from "./resources/bundle";
export type { TemplateBundleArgs, TemplateBundleRef } from "./resources/bundle";
export { environmentSpec, serviceSpec } from "./spec/structured";
export type {
  DeepInput,
  EnvironmentSpecObject,
  ServiceInstanceSpecObject,
  ServiceSpecObject,
  SpecInputs,
} from "./spec/structured";
export { Environment } from "./resources/environment";
export type { EnvironmentArgs } from "./resources/environment";
export { Service } from "./resources/service";
export type { ServiceArgs, ServiceInstanceOutput, ServicePipelineOutput } from "./resources/service";
export { EnvironmentAccountConnection } from "./resources/connection";
export type { EnvironmentAccountConnectionArgs } from "./resources/connection";
export type { CommonArgs, NameKeyedArgs, Timeouts } from "./resources/base";
export type { TemplateVersionNumbers } from "./resources/versionChoice";
export { Repository } from "./resources/repository";
export type { RepositoryArgs, RepositoryProvider } from "./resources/repository";
export { TemplateSyncConfig, ServiceSyncConfig } from "./resources/syncConfig";
export type { TemplateSyncConfigArgs, ServiceSyncConfigArgs } from "./resources/syncConfig";
export { Component } from "./resources/component";
export type { ComponentArgs } from "./resources/component";
export { AccountSettings } from "./resources/accountSettings";
export type {
  AccountSettingsArgs,
  AccountSettingsPrior,
  RepositoryBranchArgs,
} from "./resources/accountSettings";
