import * as pulumi from "@pulumi/pulumi";
import { ProtonResource, type CommonArgs } from "./base";
import type { RepositoryProvider } from "./repository";

/** A branch of a linked repository (a `Repository`). */
export interface RepositoryBranchArgs {
  /** `GITHUB`, `GITHUB_ENTERPRISE` or `BITBUCKET`. */
  provider: pulumi.Input<RepositoryProvider>;
  /** The repository as `owner/repo`; it must be linked to Proton. */
  name: pulumi.Input<string>;
  /** The branch Proton writes to. */
  branch: pulumi.Input<string>;
}

/**
 * Account settings take no tags (Proton does not tag them). Every setting is optional and updated in place;
 * one left out is not managed: the stack neither sets nor restores it.
 */
export interface AccountSettingsArgs extends Omit<CommonArgs, "tags"> {
  /** ARN of the role Proton assumes to provision pipelines with AWS-managed provisioning. */
  pipelineServiceRoleArn?: pulumi.Input<string>;
  /** The linked repository (and branch) self-managed pipeline provisioning writes to. */
  pipelineProvisioningRepository?: pulumi.Input<RepositoryBranchArgs>;
  /** ARN of the role Proton assumes for CodeBuild-based pipeline provisioning. */
  pipelineCodebuildRoleArn?: pulumi.Input<string>;
}

/** The settings as they were before the stack took them over: what destroy puts back. */
export interface AccountSettingsPrior {
  pipelineServiceRoleArn?: string;
  pipelineProvisioningRepository?: { provider: string; name: string; branch: string };
  pipelineCodebuildRoleArn?: string;
}

const OUTPUTS = ["prior", "pipelineProvisioningRepositoryArn", "region", "endpoint"] as const;

/**
 * Proton's account settings for the stack's region (one per account and region; the id is the region).
 * Create records the settings it finds in `prior` and applies the program's; destroy puts back the prior
 * value of every setting the program manages (clearing one that was not set). A setting already holding
 * the program's value at create is taken over as the stack's own, and cleared by destroy.
 */
export class AccountSettings extends ProtonResource {
  declare public readonly pipelineServiceRoleArn: pulumi.Output<string | undefined>;
  declare public readonly pipelineProvisioningRepository: pulumi.Output<
    { provider: string; name: string; branch: string } | undefined
  >;
  declare public readonly pipelineCodebuildRoleArn: pulumi.Output<string | undefined>;
  /** ARN of the linked pipeline provisioning repository, when one is set. */
  declare public readonly pipelineProvisioningRepositoryArn: pulumi.Output<string | undefined>;
  /** The settings found at create, as destroy restores them. */
  declare public readonly prior: pulumi.Output<AccountSettingsPrior>;
  declare public readonly region: pulumi.Output<string>;

  constructor(name: string, args: AccountSettingsArgs, opts?: pulumi.CustomResourceOptions) {
    super("AccountSettings", name, args, OUTPUTS, opts);
  }
}
