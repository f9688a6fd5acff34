import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentAccountConnectionStatus } from "@aws-sdk/client-proton";
import { ProtonResource, type CommonArgs } from "./base";

export interface EnvironmentAccountConnectionArgs extends CommonArgs {
  /** The management account (12 digits) that will run environments in this account. Changing it replaces the connection. */
  managementAccountId: pulumi.Input<string>;
  /** The environment this connection serves. Changing it replaces the connection. */
  environmentName: pulumi.Input<string>;
  /** IAM role in this account that Proton assumes to provision the environment. Updated in place; once set, it can't be taken out in place. */
  roleArn?: pulumi.Input<string>;
  /** IAM role for directly defined components. Updated in place; once set, it can't be taken out in place. */
  componentRoleArn?: pulumi.Input<string>;
  /** IAM role for CodeBuild-based provisioning. Updated in place; once set, it can't be taken out in place. */
  codebuildRoleArn?: pulumi.Input<string>;
  /**
   * Accept the connection right away (AcceptEnvironmentAccountConnection). Needs credentials of the
   * management account; with one account (or proton-local) that is the same account. An instruction, not a
   * state: `false` never takes an acceptance back (Proton can't); delete or reject the connection to end it.
   */
  accept?: pulumi.Input<boolean>;
}

const OUTPUTS = [
  "connectionId",
  "arn",
  "status",
  "environmentAccountId",
  "requestedAt",
  "lastModifiedAt",
  "region",
  "endpoint",
] as const;

/** An AWS Proton environment account connection, requested from the environment account. */
export class EnvironmentAccountConnection extends ProtonResource {
  /** The connection id (also the resource id). */
  declare public readonly connectionId: pulumi.Output<string>;
  declare public readonly arn: pulumi.Output<string>;
  /** PENDING until accepted, then CONNECTED (or REJECTED). */
  declare public readonly status: pulumi.Output<EnvironmentAccountConnectionStatus>;
  declare public readonly environmentAccountId: pulumi.Output<string>;
  declare public readonly managementAccountId: pulumi.Output<string>;
  declare public readonly environmentName: pulumi.Output<string>;
  declare public readonly requestedAt: pulumi.Output<string>;
  declare public readonly lastModifiedAt: pulumi.Output<string>;
  declare public readonly region: pulumi.Output<string>;

  constructor(name: string, args: EnvironmentAccountConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    super("EnvironmentAccountConnection", name, args, OUTPUTS, opts);
  }
}
