import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import { parse } from "yaml";
import { validation } from "../protocol/errors";

// Spec documents (`proton: EnvironmentSpec` / `proton: ServiceSpec`) and the template bundle schemas
// they are validated against.

export type Inputs = Record<string, unknown>;

export interface EnvironmentSpec {
  inputs: Inputs;
}

export interface InstanceSpec {
  name: string;
  environment: string;
  inputs: Inputs;
}

export interface ServiceSpec {
  instances: InstanceSpec[];
  pipeline?: Inputs;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function parseDocument(text: string, kind: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw validation(`spec is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!isMap(doc)) throw validation(`spec must be a YAML mapping with 'proton: ${kind}'`);
  if (doc.proton !== kind)
    throw validation(`spec must declare 'proton: ${kind}', found '${String(doc.proton)}'`);
  return doc;
}

function inputsOf(value: unknown, where: string): Inputs {
  if (value === undefined || value === null) return {};
  if (!isMap(value)) throw validation(`${where} must be a mapping of inputs`);
  return value;
}

export function parseEnvironmentSpec(text: string): EnvironmentSpec {
  const doc = parseDocument(text, "EnvironmentSpec");
  return { inputs: inputsOf(doc.spec, "spec.spec") };
}

export function parseServiceSpec(text: string): ServiceSpec {
  const doc = parseDocument(text, "ServiceSpec");
  if (!Array.isArray(doc.instances)) throw validation("spec.instances must be a list of service instances");
  const seen = new Set<string>();
  const instances = doc.instances.map((raw, i): InstanceSpec => {
    if (!isMap(raw)) throw validation(`spec.instances[${i}] must be a mapping`);
    if (
      typeof raw.name !== "string" ||
      !/^[0-9A-Za-z]+[0-9A-Za-z_-]*$/.test(raw.name) ||
      raw.name.length > 100
    )
      throw validation(`spec.instances[${i}].name must be a valid resource name`);
    if (typeof raw.environment !== "string" || raw.environment === "")
      throw validation(`spec.instances[${i}] (${raw.name}) must name its environment`);
    if (seen.has(raw.name)) throw validation(`spec.instances has the instance name '${raw.name}' twice`);
    seen.add(raw.name);
    return {
      name: raw.name,
      environment: raw.environment,
      inputs: inputsOf(raw.spec, `spec.instances[${i}].spec`),
    };
  });
  const pipeline = doc.pipeline === undefined ? undefined : inputsOf(doc.pipeline, "spec.pipeline");
  return { instances, ...(pipeline ? { pipeline } : {}) };
}

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
  const dir = join(root, source.bucket, source.key);
  const schemaPath = join(dir, "schema", "schema.yaml");
  if (!existsSync(schemaPath)) return undefined;
  const text = readFileSync(schemaPath, "utf8");
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new Error(`schema/schema.yaml is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  const schema = isMap(doc) && isMap(doc.schema) ? doc.schema : undefined;
  if (!schema || !isMap(schema.format) || schema.format.openapi === undefined)
    throw new Error("Template schema is not valid: Missing property [format.openapi]");
  const types = isMap(schema.types) ? schema.types : {};
  const typeKeys =
    kind === "ENVIRONMENT" ? ["environment_input_type"] : ["service_input_type", "pipeline_input_type"];
  for (const key of typeKeys) {
    const name = schema[key];
    if (name !== undefined && !isMap(types[String(name)]))
      throw new Error(`Template schema is not valid: type '${String(name)}' named by ${key} is not defined`);
  }
  if (schema[typeKeys[0]] === undefined)
    throw new Error(`Template schema is not valid: Missing property [${typeKeys[0]}]`);
  const hasPipeline = kind === "SERVICE" && existsSync(join(dir, "pipeline_infrastructure"));
  if (hasPipeline && schema.pipeline_input_type === undefined)
    throw new Error("Service template schema is not valid: Missing property [pipelineInputType]");
  return { schema: text, hasPipeline };
}

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new Map<string, ValidateFunction>();

/**
 * Validates spec inputs against the OpenAPI type the template schema names under `typeKey`.
 * No schema (bundle unavailable) means nothing to check, as with a template Proton could not read.
 */
export function validateInputs(
  schemaText: string | undefined,
  typeKey: "environment_input_type" | "service_input_type" | "pipeline_input_type",
  inputs: Inputs,
  where: string,
): void {
  if (!schemaText) return;
  const schema = (parse(schemaText) as { schema: Record<string, unknown> }).schema;
  const typeName = schema[typeKey];
  if (typeName === undefined) {
    if (typeKey === "pipeline_input_type" && Object.keys(inputs).length > 0)
      throw validation(`${where}: the template has no pipeline, so the spec must not set pipeline inputs`);
    return;
  }
  const cacheKey = `${schemaText}\u0000${typeKey}`;
  let validate = compiled.get(cacheKey);
  if (!validate) {
    const type = (schema.types as Record<string, object>)[String(typeName)];
    validate = ajv.compile(type);
    compiled.set(cacheKey, validate);
  }
  if (!validate(inputs)) {
    const problems = (validate.errors ?? []).map((e) => {
      const at = e.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") : "inputs";
      const allowed =
        e.keyword === "enum"
          ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")})`
          : "";
      return `${at} ${e.message}${allowed}`;
    });
    throw validation(
      `${where} does not match the template schema (${String(typeName)}): ${problems.join("; ")}`,
    );
  }
}
