import * as pulumi from "@pulumi/pulumi";
import { ProtonResource, type CommonArgs } from "./base";

interface TemplateVersionArgs extends CommonArgs {
  /** The template this version belongs to. Changing it replaces the version. */
  templateName: pulumi.Input<string>;
  /**
   * The major version to add a minor version to. Leave it out to start a new major version. Proton assigns
   * the numbers (see the `majorVersion`/`minorVersion` outputs). Changing it replaces the version.
   */
  majorVersion?: pulumi.Input<string>;
  /** Where the template bundle (a gzipped tarball) is in S3. Versions are immutable: changing it creates a new version. */
  source: pulumi.Input<{ s3: pulumi.Input<{ bucket: pulumi.Input<string>; key: pulumi.Input<string> }> }>;
  /** Description (at most 500 characters). Updated in place. */
  description?: pulumi.Input<string>;
  /** Publish the version once registered (default true). Publishing can't be undone: setting false later replaces it. */
  publish?: pulumi.Input<boolean>;
  /**
   * A local copy of the bundle (the folder holding `schema/schema.yaml`). Read at preview time so specs can be
   * checked against the schema before anything is deployed, and so a schema change shows as a new version.
   */
  bundleDir?: pulumi.Input<string>;
}

export type EnvironmentTemplateVersionArgs = TemplateVersionArgs;

export interface ServiceTemplateVersionArgs extends TemplateVersionArgs {
  /** Environment templates (name and major version) whose environments can run this service (1-10). Updated in place. */
  compatibleEnvironmentTemplates: pulumi.Input<
    pulumi.Input<{ templateName: pulumi.Input<string>; majorVersion: pulumi.Input<string> }>[]
  >;
  /** Component sources this version supports (`DIRECTLY_DEFINED`). Updated in place. */
  supportedComponentSources?: pulumi.Input<pulumi.Input<"DIRECTLY_DEFINED">[]>;
}

const OUTPUTS = [
  "majorVersion",
  "minorVersion",
  "version",
  "status",
  "statusMessage",
  "recommendedMinorVersion",
  "arn",
  "schema",
  "createdAt",
  "lastModifiedAt",
  "region",
  "endpoint",
] as const;

abstract class TemplateVersion extends ProtonResource {
  declare public readonly templateName: pulumi.Output<string>;
  /** Major version Proton assigned. */
  declare public readonly majorVersion: pulumi.Output<string>;
  /** Minor version Proton assigned. */
  declare public readonly minorVersion: pulumi.Output<string>;
  /** "major.minor". */
  declare public readonly version: pulumi.Output<string>;
  /** DRAFT or PUBLISHED once registered. */
  declare public readonly status: pulumi.Output<string>;
  declare public readonly statusMessage: pulumi.Output<string>;
  /** The recommended minor of this version's major, "" while none is published. */
  declare public readonly recommendedMinorVersion: pulumi.Output<string>;
  declare public readonly arn: pulumi.Output<string>;
  /** The template's schema.yaml text (from the local bundle at preview, from Proton once registered). */
  declare public readonly schema: pulumi.Output<string>;
  declare public readonly createdAt: pulumi.Output<string>;
  declare public readonly lastModifiedAt: pulumi.Output<string>;
  declare public readonly region: pulumi.Output<string>;
}

/** A registered (and by default published) version of an environment template. */
export class EnvironmentTemplateVersion extends TemplateVersion {
  constructor(name: string, args: EnvironmentTemplateVersionArgs, opts?: pulumi.CustomResourceOptions) {
    super("EnvironmentTemplateVersion", name, args, OUTPUTS, opts);
  }
}

/** A registered (and by default published) version of a service template. */
export class ServiceTemplateVersion extends TemplateVersion {
  declare public readonly compatibleEnvironmentTemplates: pulumi.Output<
    { templateName: string; majorVersion: string }[]
  >;

  constructor(name: string, args: ServiceTemplateVersionArgs, opts?: pulumi.CustomResourceOptions) {
    super("ServiceTemplateVersion", name, args, OUTPUTS, opts);
  }
}
