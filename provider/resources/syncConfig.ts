import * as pulumi from "@pulumi/pulumi";
import type { NameKeyedArgs } from "./base";
import { ProtonResource } from "./base";
import type { RepositoryProvider } from "./repository";

/** Sync configurations take no tags: Proton does not tag them. */
interface SyncArgs extends Omit<NameKeyedArgs, "tags"> {
  /** Provider of the linked repository (a `Repository`). Updated in place. */
  repositoryProvider: pulumi.Input<RepositoryProvider>;
  /** The linked repository as `owner/repo`. Updated in place. */
  repositoryName: pulumi.Input<string>;
  /** The branch Proton follows. Updated in place. */
  branch: pulumi.Input<string>;
}

export interface TemplateSyncConfigArgs extends SyncArgs {
  /** The template new versions are added to. Changing it replaces the configuration. */
  templateName: pulumi.Input<string>;
  /** `ENVIRONMENT` or `SERVICE`. Changing it replaces the configuration. */
  templateType: pulumi.Input<"ENVIRONMENT" | "SERVICE">;
  /** Folder of the repository holding the template's `v<major>` folders. Updated in place. */
  subdirectory?: pulumi.Input<string>;
}

export interface ServiceSyncConfigArgs extends SyncArgs {
  /** The service whose instances follow the repository. Changing it replaces the configuration. */
  serviceName: pulumi.Input<string>;
  /** Path of the proton-ops file in the repository. Updated in place. */
  filePath: pulumi.Input<string>;
}

const OUTPUTS = ["region", "endpoint"] as const;

/** Template sync: each commit to the branch that changes a `v<major>` folder adds a template minor version. */
export class TemplateSyncConfig extends ProtonResource {
  declare public readonly templateName: pulumi.Output<string>;
  declare public readonly templateType: pulumi.Output<"ENVIRONMENT" | "SERVICE">;
  declare public readonly repositoryProvider: pulumi.Output<RepositoryProvider>;
  declare public readonly repositoryName: pulumi.Output<string>;
  declare public readonly branch: pulumi.Output<string>;
  declare public readonly subdirectory: pulumi.Output<string | undefined>;
  declare public readonly region: pulumi.Output<string>;

  constructor(name: string, args: TemplateSyncConfigArgs, opts?: pulumi.CustomResourceOptions) {
    super("TemplateSyncConfig", name, args, [...OUTPUTS, "subdirectory"], opts);
  }
}

/** Service sync: the service's instances follow the proton-ops file and specs of the branch. */
export class ServiceSyncConfig extends ProtonResource {
  declare public readonly serviceName: pulumi.Output<string>;
  declare public readonly repositoryProvider: pulumi.Output<RepositoryProvider>;
  declare public readonly repositoryName: pulumi.Output<string>;
  declare public readonly branch: pulumi.Output<string>;
  declare public readonly filePath: pulumi.Output<string>;
  declare public readonly region: pulumi.Output<string>;

  constructor(name: string, args: ServiceSyncConfigArgs, opts?: pulumi.CustomResourceOptions) {
    super("ServiceSyncConfig", name, args, OUTPUTS, opts);
  }
}
