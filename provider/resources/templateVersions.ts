import * as pulumi from "@pulumi/pulumi";
import type { TemplateVersionStatus } from "@aws-sdk/client-proton";
import { ProtonResource, type CommonArgs } from "./base";
import type { TemplateBundleRef } from "./bundle";
import type { EnvironmentTemplate, ServiceTemplate } from "./templates";

/** The template a version belongs to: the template resource, or its name. */
type TemplateOf<T extends pulumi.Resource> =
  | {
      /**
       * The template resource (recommended). The version is then deleted with it (Pulumi's `deletedWith`):
       * destroying the stack deletes the template's versions in the order Proton allows (a major's
       * recommended minor last), however the versions refer to each other. Changing it replaces the version.
       */
      template: T;
      templateName?: never;
    }
  | {
      /** The template's name, for a template outside this program. Changing it replaces the version. */
      templateName: pulumi.Input<string>;
      template?: never;
    };

export interface TemplateVersionFields extends CommonArgs {
  /**
   * The major version to add a minor version to. Leave it out to start a new major version. Proton assigns
   * the numbers (see the `majorVersion`/`minorVersion` outputs). Changing it replaces the version.
   */
  majorVersion?: pulumi.Input<string>;
  /**
   * Where the template bundle (a gzipped tarball) is in S3. Versions are immutable: changing it creates a new
   * version. Required unless `bundle` gives it.
   */
  source?: pulumi.Input<{ s3: pulumi.Input<{ bucket: pulumi.Input<string>; key: pulumi.Input<string> }> }>;
  /**
   * The bundle as one value, usually a `TemplateBundle`: sets `source` and `bundleDir` together, so the
   * archive Proton registers and the folder checked at preview always agree. Leave both of those out then.
   */
  bundle?: TemplateBundleRef;
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

/** Where the bundle comes from: `source` (with `bundleDir`), or `bundle` alone; a version needs one. */
type BundleOf =
  | (Pick<TemplateVersionFields, "bundleDir"> &
      Required<Pick<TemplateVersionFields, "source">> & { bundle?: never })
  | (Required<Pick<TemplateVersionFields, "bundle">> & { source?: never; bundleDir?: never });

type Arguments<Fields extends TemplateVersionFields, T extends pulumi.Resource> = Omit<
  Fields,
  "source" | "bundle" | "bundleDir"
> &
  BundleOf &
  TemplateOf<T>;

export type EnvironmentTemplateVersionArgs = Arguments<TemplateVersionFields, EnvironmentTemplate>;

export type ServiceTemplateVersionArgs = Arguments<ServiceTemplateVersionFields, ServiceTemplate>;

export interface ServiceTemplateVersionFields extends TemplateVersionFields {
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

/** `template` becomes the `templateName` input and the `deletedWith` option (unless the program set one). */
function withTemplate<A extends { template?: pulumi.Resource & { name: pulumi.Output<string> } }>(
  args: A,
  opts: pulumi.CustomResourceOptions = {},
): [Omit<A, "template">, pulumi.CustomResourceOptions] {
  const { template, ...rest } = args;
  if (!template) return [rest, opts];
  return [
    { ...rest, templateName: template.name },
    { deletedWith: template, ...opts },
  ];
}

/** Spreads `bundle` into `source` and `bundleDir`; giving either of those as well is a mistake. */
function withBundle<T extends TemplateVersionFields>(type: string, name: string, args: T): Omit<T, "bundle"> {
  const { bundle, ...rest } = args;
  if (!bundle) return rest;
  const extra = (["source", "bundleDir"] as const).filter((k) => rest[k] !== undefined);
  if (extra.length)
    throw new Error(
      `${type} '${name}': bundle sets source and bundleDir; leave out ${extra.join(" and ")} (or bundle)`,
    );
  return { ...rest, source: bundle.source, bundleDir: bundle.bundleDir };
}

abstract class TemplateVersion extends ProtonResource {
  declare public readonly templateName: pulumi.Output<string>;
  /** Major version Proton assigned. */
  declare public readonly majorVersion: pulumi.Output<string>;
  /** Minor version Proton assigned. */
  declare public readonly minorVersion: pulumi.Output<string>;
  /** "major.minor". */
  declare public readonly version: pulumi.Output<string>;
  /** DRAFT or PUBLISHED once registered. */
  declare public readonly status: pulumi.Output<TemplateVersionStatus>;
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
    const [inputs, options] = withTemplate(withBundle("EnvironmentTemplateVersion", name, args), opts);
    super("EnvironmentTemplateVersion", name, inputs, OUTPUTS, options);
  }
}

/** A registered (and by default published) version of a service template. */
export class ServiceTemplateVersion extends TemplateVersion {
  declare public readonly compatibleEnvironmentTemplates: pulumi.Output<
    { templateName: string; majorVersion: string }[]
  >;
  /** The component sources the version accepts (none when left out). */
  declare public readonly supportedComponentSources: pulumi.Output<"DIRECTLY_DEFINED"[] | undefined>;

  constructor(name: string, args: ServiceTemplateVersionArgs, opts?: pulumi.CustomResourceOptions) {
    const [inputs, options] = withTemplate(withBundle("ServiceTemplateVersion", name, args), opts);
    super("ServiceTemplateVersion", name, inputs, [...OUTPUTS, "supportedComponentSources"], options);
  }
}
