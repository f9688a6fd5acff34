import { readFileSync } from "node:fs";
import * as spec from "../../common/spec";
import { validation } from "../protocol/errors";
import { bundlePath } from "./bundle-path";

// Spec documents (`proton: EnvironmentSpec` / `proton: ServiceSpec`) and the template bundle schemas
// they are validated against. Parsing and schema checks are shared with the provider (common/spec.ts);
// here their problems become Proton's ValidationException.

export type { InstanceSpec } from "../../common/spec";
type Inputs = spec.Inputs;

function asValidation<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof spec.SpecError) throw validation(e.message);
    throw e;
  }
}

export const parseEnvironmentSpec = (text: string) => asValidation(() => spec.parseEnvironmentSpec(text));
export const parseServiceSpec = (text: string) => asValidation(() => spec.parseServiceSpec(text));

/** The bundle facts registration learns from `schema/schema.yaml` and the bundle layout. */
export interface BundleInfo {
  schema: string;
  hasPipeline: boolean;
}

/**
 * Reads a template bundle from the folder that stands in for S3. Returns undefined when the bundle
 * is not available locally; throws a message suitable for REGISTRATION_FAILED when it is invalid.
 */
export function readBundle(
  root: string | undefined,
  source: { bucket: string; key: string },
  kind: "ENVIRONMENT" | "SERVICE",
): BundleInfo | undefined {
  if (!root) return undefined;
  // Every lookup goes through bundlePath: nothing outside the root is read or even probed.
  const schemaPath = bundlePath(root, source, "schema", "schema.yaml");
  if (!schemaPath) return undefined;
  const text = readFileSync(schemaPath, "utf8");
  const hasPipeline = kind === "SERVICE" && bundlePath(root, source, "pipeline_infrastructure") !== undefined;
  const problem = spec.bundleSchemaProblem(text, kind, hasPipeline);
  if (problem) throw new Error(problem);
  return { schema: text, hasPipeline };
}

/**
 * Validates spec inputs against the OpenAPI type the template schema names under `typeKey`.
 * No schema (bundle unavailable) means nothing to check, as with a template Proton could not read.
 */
export function validateInputs(
  schemaText: string | undefined,
  typeKey: spec.InputTypeKey,
  inputs: Inputs,
  where: string,
): void {
  if (!schemaText) return;
  const typeName = spec.schemaTypeName(schemaText, typeKey);
  if (typeName === undefined) {
    if (typeKey === "pipeline_input_type" && Object.keys(inputs).length > 0)
      throw validation(`${where}: the template has no pipeline, so the spec must not set pipeline inputs`);
    return;
  }
  const problems = spec.schemaProblems(schemaText, typeKey, inputs);
  if (problems.length)
    throw validation(`${where} does not match the template schema (${typeName}): ${problems.join("; ")}`);
}
