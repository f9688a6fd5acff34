import * as pulumi from "@pulumi/pulumi";
import { ProtonResource, type NameKeyedArgs } from "./base";

/** The Git providers Proton links repositories from. */
export type RepositoryProvider = "GITHUB" | "GITHUB_ENTERPRISE" | "BITBUCKET";

export interface RepositoryArgs extends NameKeyedArgs {
  /** `GITHUB`, `GITHUB_ENTERPRISE` or `BITBUCKET`. Changing it replaces the link. */
  provider: pulumi.Input<RepositoryProvider>;
  /** The repository as `owner/repo`. Changing it replaces the link. */
  name: pulumi.Input<string>;
  /** ARN of the CodeStar connection to the provider. Changing it replaces the link. */
  connectionArn: pulumi.Input<string>;
  /** ARN of a customer-managed KMS key. Changing it replaces the link. */
  encryptionKey?: pulumi.Input<string>;
}

const OUTPUTS = ["arn", "region", "endpoint"] as const;

/** A Git repository linked to AWS Proton (for template sync, service sync and self-managed provisioning). */
export class Repository extends ProtonResource {
  declare public readonly arn: pulumi.Output<string>;
  declare public readonly provider: pulumi.Output<RepositoryProvider>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly connectionArn: pulumi.Output<string>;
  declare public readonly region: pulumi.Output<string>;

  constructor(name: string, args: RepositoryArgs, opts?: pulumi.CustomResourceOptions) {
    super("Repository", name, args, OUTPUTS, opts);
  }
}
