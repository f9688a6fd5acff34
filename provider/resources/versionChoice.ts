import * as pulumi from "@pulumi/pulumi";

// How environments and services say which template version they deploy: one `templateVersion` argument
// (a version resource, or its template name and numbers), or the separate fields for literals.

/** A template version by its numbers. */
export interface TemplateVersionNumbers {
  templateName: pulumi.Input<string>;
  majorVersion: pulumi.Input<string>;
  /** Left out, Proton deploys the major's recommended minor. */
  minorVersion?: pulumi.Input<string>;
}

/** What a version resource offers a deployment (EnvironmentTemplateVersion, ServiceTemplateVersion). */
interface VersionResource extends pulumi.CustomResource {
  templateName: pulumi.Output<string>;
  majorVersion: pulumi.Output<string>;
  minorVersion: pulumi.Output<string>;
  schema: pulumi.Output<string>;
}

export type TemplateVersionChoice<V extends VersionResource> =
  | {
      /**
       * The template version to deploy: the version resource (sets the template name, major and minor version
       * and the schema specs are checked against, together), or `{ templateName, majorVersion, minorVersion }`.
       * Pointing it at another version of the same template is an in-place deployment (MINOR_VERSION or
       * MAJOR_VERSION).
       */
      templateVersion: V | pulumi.Input<TemplateVersionNumbers>;
      templateName?: never;
      templateMajorVersion?: never;
      templateMinorVersion?: never;
    }
  | {
      templateVersion?: undefined;
      /** The template. Changing it replaces the resource. */
      templateName: pulumi.Input<string>;
      /** Template major version. Raising it is an in-place MAJOR_VERSION deployment. */
      templateMajorVersion: pulumi.Input<string>;
      /** Template minor version; left out, Proton deploys the recommended minor. Changing it is a MINOR_VERSION deployment. */
      templateMinorVersion?: pulumi.Input<string>;
    };

/** The separate fields, which is what the provider receives: the resource class spreads `templateVersion` into them. */
export type TemplateFields = Omit<
  Extract<TemplateVersionChoice<VersionResource>, { templateName: unknown }>,
  "templateVersion"
>;

/** The separate template fields `templateVersion` stands for (a version resource also gives its schema). */
export function withTemplateVersion<A extends { templateVersion?: unknown; templateSchema?: unknown }>(
  args: A,
): Omit<A, "templateVersion"> {
  const { templateVersion: version, ...rest } = args;
  if (version === undefined) return rest;
  if (pulumi.CustomResource.isInstance(version)) {
    const v = version as unknown as VersionResource;
    return {
      ...rest,
      templateName: v.templateName,
      templateMajorVersion: v.majorVersion,
      templateMinorVersion: v.minorVersion,
      templateSchema: rest.templateSchema ?? v.schema,
    };
  }
  const numbers = pulumi.output(version as pulumi.Input<TemplateVersionNumbers>);
  return {
    ...rest,
    templateName: numbers.templateName,
    templateMajorVersion: numbers.majorVersion,
    templateMinorVersion: numbers.minorVersion,
  };
}
