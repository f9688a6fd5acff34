import * as pulumi from "@pulumi/pulumi";
import type { DeploymentStatus } from "@aws-sdk/client-proton";
import { ProtonResource, type CommonArgs } from "./base";

export interface ComponentArgs extends CommonArgs {
  /** Component name. Changing it replaces the component. */
  name: pulumi.Input<string>;
  /**
   * Environment the component deploys in: needed on its own, optional when attached (the instance's). Moving
   * to another environment replaces the component. To detach it in place, take out serviceName and
   * serviceInstanceName and name the environment it is in (the `environmentName` output).
   */
  environmentName?: pulumi.Input<string>;
  /** Service of the instance the component is attached to. Changing it moves the component in place (UpdateComponent). */
  serviceName?: pulumi.Input<string>;
  /** Service instance the component is attached to. Changing it moves the component in place; taking both out detaches it. */
  serviceInstanceName?: pulumi.Input<string>;
  /** Description. Updated in place without a deployment. */
  description?: pulumi.Input<string>;
  /** The infrastructure-as-code file (a Jinja template). Changing it redeploys the component. */
  templateFile: pulumi.Input<string>;
  /** The manifest naming the file, its language and rendering engine. Changing it replaces the component (UpdateComponent takes none). */
  manifest: pulumi.Input<string>;
  /** Service spec the component's template reads (attached components). Changing it redeploys the component; taking it out replaces it (UpdateComponent can't clear it). */
  serviceSpec?: pulumi.Input<string>;
}

const OUTPUTS = [
  "arn",
  "environmentName",
  "serviceName",
  "serviceInstanceName",
  "deploymentStatus",
  "deploymentStatusMessage",
  "outputs",
  "createdAt",
  "lastDeploymentSucceededAt",
  "lastAttemptedDeploymentId",
  "lastSucceededDeploymentId",
  "region",
  "endpoint",
] as const;

/** A directly defined AWS Proton component, deployed with its environment or service instance. */
export class Component extends ProtonResource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly arn: pulumi.Output<string>;
  /** The environment the component deploys in (an attached component's is its instance's). */
  declare public readonly environmentName: pulumi.Output<string>;
  declare public readonly serviceName: pulumi.Output<string | undefined>;
  declare public readonly serviceInstanceName: pulumi.Output<string | undefined>;
  declare public readonly deploymentStatus: pulumi.Output<DeploymentStatus>;
  declare public readonly deploymentStatusMessage: pulumi.Output<string>;
  /** The component's outputs (ListComponentOutputs) after its last settled deployment. */
  declare public readonly outputs: pulumi.Output<Record<string, string>>;
  declare public readonly createdAt: pulumi.Output<string>;
  declare public readonly lastDeploymentSucceededAt: pulumi.Output<string>;
  declare public readonly lastAttemptedDeploymentId: pulumi.Output<string>;
  declare public readonly lastSucceededDeploymentId: pulumi.Output<string>;
  declare public readonly region: pulumi.Output<string>;

  constructor(name: string, args: ComponentArgs, opts?: pulumi.CustomResourceOptions) {
    super("Component", name, args, OUTPUTS, opts);
  }
}
