import { join } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import * as proton from "../../provider";
import {
  CASES,
  FIXTURE_BUNDLES,
  valid,
  type CheckCase,
  type ResourceType,
  type SchemaBundle,
} from "../fixtures/check-cases";
import { BUCKET } from "./harness";
import type { StackProgram } from "./harness";

// The program of test/e2e/bad-input.test.ts: either every type's valid baseline, or one case of the
// validation table as its own resource, with the template schema its spec is checked against taken from a
// template version whose bundleDir is the fixture bundle (as a user's program would pass `version.schema`).

const CLASSES: Record<ResourceType, new (name: string, args: never) => pulumi.CustomResource> = {
  EnvironmentTemplate: proton.EnvironmentTemplate,
  ServiceTemplate: proton.ServiceTemplate,
  EnvironmentTemplateVersion: proton.EnvironmentTemplateVersion,
  ServiceTemplateVersion: proton.ServiceTemplateVersion,
  Environment: proton.Environment,
  Service: proton.Service,
  EnvironmentAccountConnection: proton.EnvironmentAccountConnection,
  Repository: proton.Repository,
  TemplateSyncConfig: proton.TemplateSyncConfig,
  ServiceSyncConfig: proton.ServiceSyncConfig,
  Component: proton.Component,
  AccountSettings: proton.AccountSettings,
};

/** The schema-bound types and the bundle their baseline is checked against. */
const BASELINE_SCHEMAS: Partial<Record<ResourceType, SchemaBundle>> = {
  Environment: "env-vpc/v1",
  Service: "svc-web/v1",
};

/** The logical name of a case's resource: unique per case and readable in diagnostics. */
export const caseName = (index: number, [type, property]: CheckCase) =>
  `bad-${String(index + 1).padStart(3, "0")}-${type}-${property}`.toLowerCase();

export const baselineName = (type: ResourceType) => `valid-${type}`.toLowerCase();
export const schemaVersionName = (bundle: SchemaBundle) => `schema-${bundle.replace("/", "-")}`;

/** A template version reading the fixture bundle's schema at preview; its `schema` output carries it. */
function schemaFrom(bundle: SchemaBundle): pulumi.Output<string> {
  const args = { source: { s3: { bucket: BUCKET, key: bundle } }, bundleDir: join(FIXTURE_BUNDLES, bundle) };
  return bundle.startsWith("env-")
    ? new proton.EnvironmentTemplateVersion(schemaVersionName(bundle), { templateName: "vpc", ...args })
        .schema
    : new proton.ServiceTemplateVersion(schemaVersionName(bundle), {
        templateName: "web",
        ...args,
        compatibleEnvironmentTemplates: [{ templateName: "vpc", majorVersion: "1" }],
      }).schema;
}

function declare(type: ResourceType, name: string, args: Record<string, unknown>, bundle?: SchemaBundle) {
  const inputs = bundle ? { ...args, templateSchema: schemaFrom(bundle) } : args;
  new CLASSES[type](name, inputs as never);
}

/** What the next run declares: "baselines", or the index of one case in CASES. */
export type Selection = "baselines" | number;

export function badInputProgram(selected: () => Selection): StackProgram {
  return () => {
    const selection = selected();
    if (selection === "baselines") {
      for (const [type, args] of Object.entries(valid) as [ResourceType, Record<string, unknown>][])
        declare(type, baselineName(type), args, BASELINE_SCHEMAS[type]);
      return;
    }
    const c = CASES[selection];
    const [type, property, value, , bundle] = c;
    declare(type, caseName(selection, c), { ...valid[type], [property]: value }, bundle);
  };
}
