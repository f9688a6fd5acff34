import * as pulumi from "@pulumi/pulumi";
import type { DeploymentStatus } from "@aws-sdk/client-proton";
import { ProtonResource, type NameKeyedArgs } from "./base";
import { specInput, type EnvironmentSpecObject } from "../spec/structured";
import type { RepositoryBranchArgs } from "./accountSettings";
import type { EnvironmentTemplateVersion } from "./templateVersions";
import { withTemplateVersion, type TemplateVersionChoice } from "./versionChoice";

/** An environment's arguments: its template version as `templateVersion`, or as separate fields. */
export type EnvironmentArgs = EnvironmentFields & TemplateVersionChoice<EnvironmentTemplateVersion>;

export interface EnvironmentFields extends NameKeyedArgs {
  /** Environment name. Changing it replaces the environment (deleted first: names are unique). */
  name: pulumi.Input<string>;
  /**
   * The spec, YAML with `proton: EnvironmentSpec` and a `spec:` map of inputs, or just the inputs as an object
   * (`{ vpc_cidr: "10.0.0.0/16" }`, `pulumi.Input`s anywhere inside), rendered to canonical YAML. Compared by
   * meaning (key order, comments, quoting and style never cause a diff); a change redeploys in place
   * (CURRENT_VERSION).
   */
  spec: pulumi.Input<string> | EnvironmentSpecObject<object>;
  /** Description (at most 500 characters). Updated in place. */
  description?: pulumi.Input<string>;
  /**
   * IAM role Proton uses to provision an AWS-managed environment. Give exactly one of this,
   * `environmentAccountConnectionId` and `provisioningRepository`. Another role updates in place; moving to
   * or from a connection replaces the environment, and a role can't be taken out in place.
   */
  protonServiceRoleArn?: pulumi.Input<string>;
  /**
   * Environment account connection to provision through, for environments in another account. Another
   * connection updates in place; moving to or from the environment's own role replaces it.
   */
  environmentAccountConnectionId?: pulumi.Input<string>;
  /** IAM role for directly defined components. Updated in place; once set, it can't be taken out in place. */
  componentRoleArn?: pulumi.Input<string>;
  /** IAM role for CodeBuild-based provisioning. Updated in place; once set, it can't be taken out in place. */
  codebuildRoleArn?: pulumi.Input<string>;
  /**
   * A linked repository (`Repository`) for self-managed (CUSTOMER_MANAGED) provisioning, for templates with
   * `provisioning: "CUSTOMER_MANAGED"`. Another repository updates in place; gaining or losing one replaces
   * the environment.
   */
  provisioningRepository?: pulumi.Input<RepositoryBranchArgs>;
  /**
   * The template version's schema (`version.schema`; `templateVersion: version` sets it) to check the spec's
   * inputs at preview time.
   */
  templateSchema?: pulumi.Input<string>;
}

const OUTPUTS = [
  "arn",
  "deploymentStatus",
  "deploymentStatusMessage",
  "environmentAccountId",
  "createdAt",
  "lastDeploymentAttemptedAt",
  "lastDeploymentSucceededAt",
  "lastAttemptedDeploymentId",
  "lastSucceededDeploymentId",
  "outputs",
  // Outputs too when the program leaves them out: the deployed version, as Proton reports it.
  "templateMajorVersion",
  "templateMinorVersion",
  "region",
  "endpoint",
] as const;

/** An AWS Proton environment, deployed from a published environment template version. */
export class Environment extends ProtonResource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly arn: pulumi.Output<string>;
  declare public readonly templateName: pulumi.Output<string>;
  /** Deployed template major version. */
  declare public readonly templateMajorVersion: pulumi.Output<string>;
  /** Deployed template minor version. */
  declare public readonly templateMinorVersion: pulumi.Output<string>;
  declare public readonly spec: pulumi.Output<string>;
  /** SUCCEEDED once deployed. */
  declare public readonly deploymentStatus: pulumi.Output<DeploymentStatus>;
  declare public readonly deploymentStatusMessage: pulumi.Output<string>;
  declare public readonly environmentAccountId: pulumi.Output<string>;
  declare public readonly createdAt: pulumi.Output<string>;
  declare public readonly lastDeploymentAttemptedAt: pulumi.Output<string>;
  declare public readonly lastDeploymentSucceededAt: pulumi.Output<string>;
  declare public readonly lastAttemptedDeploymentId: pulumi.Output<string>;
  declare public readonly lastSucceededDeploymentId: pulumi.Output<string>;
  /**
   * The environment's outputs (ListEnvironmentOutputs: its template's `Outputs:` as deployed), key to value,
   * e.g. `env.outputs.apply((o) => o.VpcId)`. Read when a deployment settles and on refresh; they never
   * cause a diff.
   */
  declare public readonly outputs: pulumi.Output<Record<string, string>>;
  declare public readonly region: pulumi.Output<string>;

  constructor(name: string, args: EnvironmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "Environment",
      name,
      withTemplateVersion({ ...args, spec: specInput(args.spec, "EnvironmentSpec") }),
      OUTPUTS,
      opts,
    );
  }
}
