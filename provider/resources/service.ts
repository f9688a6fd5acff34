import * as pulumi from "@pulumi/pulumi";
import type { DeploymentStatus, ServiceStatus } from "@aws-sdk/client-proton";
import { ProtonResource, type NameKeyedArgs } from "./base";
import { specInput, type ServiceSpecObject } from "../spec/structured";
import type { ServiceTemplateVersion } from "./templateVersions";
import { withTemplateVersion, type TemplateVersionChoice } from "./versionChoice";

/**
 * A service's arguments: its template version (for every instance and the pipeline) as `templateVersion`,
 * or as separate fields.
 */
export type ServiceArgs = ServiceFields & TemplateVersionChoice<ServiceTemplateVersion>;

export interface ServiceFields extends NameKeyedArgs {
  /** Service name. Changing it replaces the service (deleted first: names are unique). */
  name: pulumi.Input<string>;
  /**
   * The spec: YAML with `proton: ServiceSpec`, an `instances:` list (each with `name`, `environment` and an
   * optional `spec:` map of inputs) and an optional `pipeline:` map. Compared by meaning. Adding or removing
   * instances goes through UpdateService, changed instance inputs through UpdateServiceInstance, changed
   * pipeline inputs through UpdateServicePipeline: all in place. Or the same as an object,
   * `{ instances: [{ name, environment, spec: { port: 8080 } }], pipeline: {...} }` with `pulumi.Input`s
   * anywhere inside, rendered to canonical YAML.
   */
  spec: pulumi.Input<string> | ServiceSpecObject<object, object>;
  /** Description (at most 500 characters). Updated in place. */
  description?: pulumi.Input<string>;
  /** CodeStar connection ARN of the pipeline's source repository (templates with a pipeline). Replaces on change. */
  repositoryConnectionArn?: pulumi.Input<string>;
  /** Source repository id, e.g. `owner/repo`. Replaces on change. */
  repositoryId?: pulumi.Input<string>;
  /** Source branch. Replaces on change. */
  branchName?: pulumi.Input<string>;
  /**
   * The template version's schema (`version.schema`; `templateVersion: version` sets it) to check instance
   * and pipeline inputs at preview time.
   */
  templateSchema?: pulumi.Input<string>;
}

/** A service instance as deployed. */
export interface ServiceInstanceOutput {
  name: string;
  environmentName: string;
  arn: string;
  deploymentStatus: DeploymentStatus;
  deploymentStatusMessage: string;
  templateMajorVersion: string;
  templateMinorVersion: string;
}

/** The service pipeline as deployed. */
export interface ServicePipelineOutput {
  arn: string;
  deploymentStatus: DeploymentStatus;
  deploymentStatusMessage: string;
  templateMajorVersion: string;
  templateMinorVersion: string;
}

const OUTPUTS = [
  "arn",
  "status",
  "statusMessage",
  "createdAt",
  "lastModifiedAt",
  "pipeline",
  "instances",
  "instanceOutputs",
  "pipelineOutputs",
  // Outputs too when the program leaves them out: the deployed version, as Proton reports it.
  "templateMajorVersion",
  "templateMinorVersion",
  "region",
  "endpoint",
] as const;

/** An AWS Proton service with its instances and (if the template has one) its pipeline. */
export class Service extends ProtonResource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly arn: pulumi.Output<string>;
  declare public readonly templateName: pulumi.Output<string>;
  /** Deployed template major version. */
  declare public readonly templateMajorVersion: pulumi.Output<string>;
  /** Deployed template minor version. */
  declare public readonly templateMinorVersion: pulumi.Output<string>;
  declare public readonly spec: pulumi.Output<string>;
  /** ACTIVE once created. */
  declare public readonly status: pulumi.Output<ServiceStatus>;
  declare public readonly statusMessage: pulumi.Output<string>;
  declare public readonly createdAt: pulumi.Output<string>;
  declare public readonly lastModifiedAt: pulumi.Output<string>;
  declare public readonly pipeline: pulumi.Output<ServicePipelineOutput | null>;
  declare public readonly instances: pulumi.Output<ServiceInstanceOutput[]>;
  /**
   * Each instance's outputs (ListServiceInstanceOutputs) by instance name, key to value:
   * `svc.instanceOutputs.apply((o) => o["web-dev"].Url)`. Read when a deployment settles and on refresh.
   */
  declare public readonly instanceOutputs: pulumi.Output<Record<string, Record<string, string>>>;
  /** The pipeline's outputs (ListServicePipelineOutputs), key to value; empty without a pipeline. */
  declare public readonly pipelineOutputs: pulumi.Output<Record<string, string>>;
  declare public readonly region: pulumi.Output<string>;

  constructor(name: string, args: ServiceArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "Service",
      name,
      withTemplateVersion({ ...args, spec: specInput(args.spec, "ServiceSpec") }),
      OUTPUTS,
      opts,
    );
  }
}
