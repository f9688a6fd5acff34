import * as pulumi from "@pulumi/pulumi";
import { ProtonResource, type NameKeyedArgs } from "./base";

export interface TemplateArgs extends NameKeyedArgs {
  /** Template name: letters, digits, `-` and `_`, starting with a letter or digit, at most 100. Changing it replaces the template. */
  name: pulumi.Input<string>;
  /** Name shown in the Proton console (1-100 characters). Updated in place; once set, it can't be taken out in place (Proton has no empty value). */
  displayName?: pulumi.Input<string>;
  /** Description (at most 500 characters). Updated in place. */
  description?: pulumi.Input<string>;
  /** ARN of a customer-managed KMS key for the template's data. Changing it replaces the template. */
  encryptionKey?: pulumi.Input<string>;
}

export interface EnvironmentTemplateArgs extends TemplateArgs {
  /** `CUSTOMER_MANAGED` for templates whose infrastructure you provision yourself. Changing it replaces the template. */
  provisioning?: pulumi.Input<"CUSTOMER_MANAGED">;
}

export interface ServiceTemplateArgs extends TemplateArgs {
  /** `CUSTOMER_MANAGED` when you provision the service pipeline yourself. Changing it replaces the template. */
  pipelineProvisioning?: pulumi.Input<"CUSTOMER_MANAGED">;
}

const OUTPUTS = ["arn", "recommendedVersion", "createdAt", "lastModifiedAt", "region", "endpoint"] as const;

abstract class Template extends ProtonResource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly arn: pulumi.Output<string>;
  /** "major.minor" of the recommended (latest published) version, "" while none is published. */
  declare public readonly recommendedVersion: pulumi.Output<string>;
  declare public readonly displayName: pulumi.Output<string | undefined>;
  declare public readonly description: pulumi.Output<string | undefined>;
  declare public readonly createdAt: pulumi.Output<string>;
  declare public readonly lastModifiedAt: pulumi.Output<string>;
  declare public readonly region: pulumi.Output<string>;
}

/** An AWS Proton environment template. Versions are separate resources (EnvironmentTemplateVersion). */
export class EnvironmentTemplate extends Template {
  constructor(name: string, args: EnvironmentTemplateArgs, opts?: pulumi.CustomResourceOptions) {
    super("EnvironmentTemplate", name, args, OUTPUTS, opts);
  }
}

/** An AWS Proton service template. Versions are separate resources (ServiceTemplateVersion). */
export class ServiceTemplate extends Template {
  constructor(name: string, args: ServiceTemplateArgs, opts?: pulumi.CustomResourceOptions) {
    super("ServiceTemplate", name, args, OUTPUTS, opts);
  }
}
