import { readFileSync, statSync } from "node:fs";
import { readArchive } from "../../common/bundle-archive";
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

/** The parts of a bundle registration looks at. */
interface BundleFiles {
  schemaText?: string;
  hasFolder(name: string): boolean;
}

/** An unpacked bundle folder; every lookup inside it goes through bundlePath too. */
function folderBundle(root: string, source: { bucket: string; key: string }): BundleFiles {
  const schemaPath = bundlePath(root, source, "schema", "schema.yaml");
  return {
    schemaText: schemaPath === undefined ? undefined : readFileSync(schemaPath, "utf8"),
    hasFolder: (name) => bundlePath(root, source, name) !== undefined,
  };
}

/** A tarball holds the bundle at its root or, as `tar -czf b.tar.gz environment/` makes it, in one top folder. */
function archiveBundle(file: string): BundleFiles {
  const entries = readArchive(file);
  const tops = new Set([...entries.keys()].map((p) => p.split("/")[0]));
  const prefix = !entries.has("schema/schema.yaml") && tops.size === 1 ? `${[...tops][0]}/` : "";
  const schema = entries.get(`${prefix}schema/schema.yaml`);
  return {
    schemaText: schema?.data.toString("utf8"),
    hasFolder: (name) => [...entries.keys()].some((p) => p.startsWith(`${prefix}${name}/`)),
  };
}

/**
 * Reads a template bundle from the folder that stands in for S3, as a `.tar.gz` object or an unpacked
 * folder. Throws a message suitable for REGISTRATION_FAILED when the bundle is missing or invalid.
 */
export function readBundle(
  root: string | undefined,
  source: { bucket: string; key: string },
  kind: "ENVIRONMENT" | "SERVICE",
): BundleInfo {
  const where = `s3://${source.bucket}/${source.key}`;
  // Every lookup goes through bundlePath: nothing outside the root is read or even probed.
  const path = root === undefined ? undefined : bundlePath(root, source);
  if (root === undefined || path === undefined)
    throw new Error(`Unable to retrieve the template bundle ${where}: The specified key does not exist.`);
  let files: BundleFiles;
  try {
    files = statSync(path).isDirectory() ? folderBundle(root, source) : archiveBundle(path);
  } catch (e) {
    throw new Error(`Unable to read the template bundle ${where}: ${(e as Error).message}`);
  }
  return checkBundle(files, kind);
}

/** Registration's judgement of a bundle's files: its schema and layout, or the REGISTRATION_FAILED message. */
function checkBundle(files: BundleFiles, kind: "ENVIRONMENT" | "SERVICE"): BundleInfo {
  if (files.schemaText === undefined)
    throw new Error("Template bundle is not valid: Missing file [schema/schema.yaml]");
  const hasPipeline = kind === "SERVICE" && files.hasFolder("pipeline_infrastructure");
  const problem = spec.bundleSchemaProblem(files.schemaText, kind, hasPipeline);
  if (problem) throw new Error(problem);
  return { schema: files.schemaText, hasPipeline };
}

/** A bundle template sync took from a pushed commit: path relative to the bundle -> text. */
export function readSyncedBundle(files: Record<string, string>, kind: "ENVIRONMENT" | "SERVICE"): BundleInfo {
  const paths = Object.keys(files);
  return checkBundle(
    {
      schemaText: files["schema/schema.yaml"],
      hasFolder: (name) => paths.some((p) => p.startsWith(`${name}/`)),
    },
    kind,
  );
}

/**
 * Validates spec inputs against the OpenAPI type the template schema names under `typeKey`.
 * No schema (a version restored from a state file written before bundles were required) means nothing to check.
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
