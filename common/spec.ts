import Ajv, { type ValidateFunction } from "ajv";
import { parse, stringify } from "yaml";

// Proton spec documents (`proton: EnvironmentSpec` / `proton: ServiceSpec`) and template-schema checks,
// shared by the provider (preview-time checks, diffs) and proton-local (server-side validation).

export type Inputs = Record<string, unknown>;

export interface InstanceSpec {
  name: string;
  environment: string;
  inputs: Inputs;
}

export interface ServiceSpec {
  instances: InstanceSpec[];
  pipeline?: Inputs;
}

export class SpecError extends Error {}

const NAME = /^[0-9A-Za-z]+[0-9A-Za-z_-]*$/;
export const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A YAML value as messages and type names show it: text as written, a mapping or list as JSON. */
const shownYaml = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

function parseSpecDocument(text: string, kind: "EnvironmentSpec" | "ServiceSpec"): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new SpecError(`spec is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!isMap(doc)) throw new SpecError(`spec must be a YAML mapping with 'proton: ${kind}'`);
  if (doc.proton !== kind)
    throw new SpecError(
      `spec must declare 'proton: ${kind}', ${doc.proton === undefined ? "found no 'proton' key" : `found '${shownYaml(doc.proton)}'`}`,
    );
  return doc;
}

function inputsOf(value: unknown, where: string): Inputs {
  if (value === undefined || value === null) return {};
  if (!isMap(value)) throw new SpecError(`${where} must be a mapping of inputs`);
  return value;
}

export function parseEnvironmentSpec(text: string): { inputs: Inputs } {
  const doc = parseSpecDocument(text, "EnvironmentSpec");
  return { inputs: inputsOf(doc.spec, "spec.spec") };
}

export function parseServiceSpec(text: string): ServiceSpec {
  const doc = parseSpecDocument(text, "ServiceSpec");
  if (!Array.isArray(doc.instances))
    throw new SpecError("spec.instances must be a list of service instances");
  const seen = new Set<string>();
  const instances = doc.instances.map((raw, i): InstanceSpec => {
    if (!isMap(raw)) throw new SpecError(`spec.instances[${i}] must be a mapping`);
    if (typeof raw.name !== "string" || !NAME.test(raw.name) || raw.name.length > 100)
      throw new SpecError(
        `spec.instances[${i}].name must be a resource name matching ${NAME.source} (at most 100 characters)`,
      );
    if (typeof raw.environment !== "string" || raw.environment === "")
      throw new SpecError(`spec.instances[${i}] (${raw.name}) must name its environment`);
    if (seen.has(raw.name)) throw new SpecError(`spec.instances has the instance name '${raw.name}' twice`);
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

/** A service spec document for the given instances and pipeline inputs. */
export function renderServiceSpec(spec: ServiceSpec): string {
  return stringify({
    proton: "ServiceSpec",
    ...(spec.pipeline ? { pipeline: spec.pipeline } : {}),
    instances: spec.instances.map((i) => ({
      name: i.name,
      environment: i.environment,
      ...(Object.keys(i.inputs).length ? { spec: i.inputs } : {}),
    })),
  });
}

/** The input-type keys of a template schema. */
export type InputTypeKey = "environment_input_type" | "service_input_type" | "pipeline_input_type";

const ajv = new Ajv({ allErrors: true, strict: false });

/** A template schema that can't be used: not YAML, or its input type is not a valid JSON schema. */
export class SchemaError extends Error {}

/** The type a schema names under one input-type key, and its validator (null when it is not defined). */
interface InputType {
  name?: string;
  validate: ValidateFunction | null;
}

const inputTypes = new Map<string, InputType>();

/** The input type a schema names under `typeKey`, parsed and compiled once per schema text. */
function inputType(schemaText: string, typeKey: InputTypeKey): InputType {
  const cacheKey = `${typeKey}\u0000${schemaText}`;
  let found = inputTypes.get(cacheKey);
  if (!found) {
    found = compileInputType(schemaText, typeKey);
    inputTypes.set(cacheKey, found);
  }
  return found;
}

function compileInputType(schemaText: string, typeKey: InputTypeKey): InputType {
  let doc: unknown;
  try {
    doc = parse(schemaText);
  } catch (e) {
    throw new SchemaError(`is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  const schema = isMap(doc) && isMap(doc.schema) ? doc.schema : {};
  const named = schema[typeKey];
  if (named === undefined) return { validate: null };
  const name = shownYaml(named);
  const type = isMap(schema.types) ? schema.types[name] : undefined;
  return { name, validate: type ? compileType(type, name, typeKey) : null };
}

/** Compiles one schema type; a type that is not a valid JSON schema is a SchemaError naming it. */
function compileType(type: object, typeName: string, typeKey: InputTypeKey): ValidateFunction {
  try {
    return ajv.compile(type);
  } catch (e) {
    throw new SchemaError(`type '${typeName}' (${typeKey}) is not a valid schema: ${(e as Error).message}`);
  }
}

/**
 * Checks inputs against the OpenAPI type a template's `schema.yaml` names under `typeKey`. Returns the
 * problems ("port must be <= 65535"); an empty list when they conform or the schema defines no such type.
 */
export function schemaProblems(schemaText: string, typeKey: InputTypeKey, inputs: Inputs): string[] {
  const { validate } = inputType(schemaText, typeKey);
  if (!validate || validate(inputs)) return [];
  return (validate.errors ?? []).map((e) => {
    const at = e.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") : "inputs";
    const allowed =
      e.keyword === "enum" ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")})` : "";
    return `${at} ${e.message}${allowed}`;
  });
}

/** The name of the type a template schema names under `typeKey`; undefined when it names none. */
export function schemaTypeName(schemaText: string, typeKey: InputTypeKey): string | undefined {
  return inputType(schemaText, typeKey).name;
}

/**
 * The rules template registration applies to a bundle's `schema/schema.yaml`: valid YAML, an OpenAPI
 * `format`, the input type the kind needs (and a pipeline input type when the bundle has a pipeline),
 * every named type defined and a usable JSON schema. Returns the first rule broken, worded as Proton's
 * REGISTRATION_FAILED message, or undefined for a schema registration accepts.
 */
export function bundleSchemaProblem(
  text: string,
  kind: "ENVIRONMENT" | "SERVICE",
  hasPipeline: boolean,
): string | undefined {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    return `schema/schema.yaml is not valid YAML: ${(e as Error).message.split("\n")[0]}`;
  }
  const schema = isMap(doc) && isMap(doc.schema) ? doc.schema : undefined;
  if (!schema || !isMap(schema.format) || schema.format.openapi === undefined)
    return "Template schema is not valid: Missing property [format.openapi]";
  const types = isMap(schema.types) ? schema.types : {};
  const typeKeys: InputTypeKey[] =
    kind === "ENVIRONMENT" ? ["environment_input_type"] : ["service_input_type", "pipeline_input_type"];
  for (const key of typeKeys) {
    const name = schema[key];
    if (name !== undefined && !isMap(types[shownYaml(name)]))
      return `Template schema is not valid: type '${shownYaml(name)}' named by ${key} is not defined`;
  }
  if (schema[typeKeys[0]] === undefined)
    return `Template schema is not valid: Missing property [${typeKeys[0]}]`;
  if (hasPipeline && schema.pipeline_input_type === undefined)
    return "Service template schema is not valid: Missing property [pipelineInputType]";
  for (const key of typeKeys)
    try {
      if (schema[key] !== undefined)
        compileType(types[shownYaml(schema[key])] as object, shownYaml(schema[key]), key);
    } catch (e) {
      return `Template schema is not valid: ${(e as Error).message}`;
    }
  return undefined;
}
