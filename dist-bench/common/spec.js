"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.SchemaError = exports.isMap = exports.SpecError = void 0;
exports.parseEnvironmentSpec = parseEnvironmentSpec;
exports.parseServiceSpec = parseServiceSpec;
exports.renderServiceSpec = renderServiceSpec;
exports.schemaProblems = schemaProblems;
exports.schemaTypeName = schemaTypeName;
exports.bundleSchemaProblem = bundleSchemaProblem;
const ajv_1 = __importDefault(require("ajv"));
const yaml_1 = require("yaml");
class SpecError extends Error {
}
exports.SpecError = SpecError;
const NAME = /^[0-9A-Za-z]+[0-9A-Za-z_-]*$/;
const isMap = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
exports.isMap = isMap;
function parseSpecDocument(text, kind) {
    let doc;
    try {
        doc = (0, yaml_1.parse)(text);
    }
    catch (e) {
        throw new SpecError(`spec is not valid YAML: ${e.message.split("\n")[0]}`);
    }
    if (!(0, exports.isMap)(doc))
        throw new SpecError(`spec must be a YAML mapping with 'proton: ${kind}'`);
    if (doc.proton !== kind)
        throw new SpecError(`spec must declare 'proton: ${kind}', ${doc.proton === undefined ? "found no 'proton' key" : `found '${String(doc.proton)}'`}`);
    return doc;
}
function inputsOf(value, where) {
    if (value === undefined || value === null)
        return {};
    if (!(0, exports.isMap)(value))
        throw new SpecError(`${where} must be a mapping of inputs`);
    return value;
}
function parseEnvironmentSpec(text) {
    const doc = parseSpecDocument(text, "EnvironmentSpec");
    return { inputs: inputsOf(doc.spec, "spec.spec") };
}
function parseServiceSpec(text) {
    const doc = parseSpecDocument(text, "ServiceSpec");
    if (!Array.isArray(doc.instances))
        throw new SpecError("spec.instances must be a list of service instances");
    const seen = new Set();
    const instances = doc.instances.map((raw, i) => {
        if (!(0, exports.isMap)(raw))
            throw new SpecError(`spec.instances[${i}] must be a mapping`);
        if (typeof raw.name !== "string" || !NAME.test(raw.name) || raw.name.length > 100)
            throw new SpecError(`spec.instances[${i}].name must be a resource name matching ${NAME.source} (at most 100 characters)`);
        if (typeof raw.environment !== "string" || raw.environment === "")
            throw new SpecError(`spec.instances[${i}] (${raw.name}) must name its environment`);
        if (seen.has(raw.name))
            throw new SpecError(`spec.instances has the instance name '${raw.name}' twice`);
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
function renderServiceSpec(spec) {
    return (0, yaml_1.stringify)({
        proton: "ServiceSpec",
        ...(spec.pipeline ? { pipeline: spec.pipeline } : {}),
        instances: spec.instances.map((i) => ({
            name: i.name,
            environment: i.environment,
            ...(Object.keys(i.inputs).length ? { spec: i.inputs } : {}),
        })),
    });
}
const ajv = new ajv_1.default({ allErrors: true, strict: false });
/** A template schema that can't be used: not YAML, or its input type is not a valid JSON schema. */
class SchemaError extends Error {
}
exports.SchemaError = SchemaError;
const inputTypes = new Map();
/** The input type a schema names under `typeKey`, parsed and compiled once per schema text. */
function inputType(schemaText, typeKey) {
    const cacheKey = `${typeKey}\u0000${schemaText}`;
    let found = inputTypes.get(cacheKey);
    if (!found) {
        found = compileInputType(schemaText, typeKey);
        inputTypes.set(cacheKey, found);
    }
    return found;
}
function compileInputType(schemaText, typeKey) {
    let doc;
    try {
        doc = (0, yaml_1.parse)(schemaText);
    }
    catch (e) {
        throw new SchemaError(`is not valid YAML: ${e.message.split("\n")[0]}`);
    }
    const named = doc?.schema?.[typeKey];
    if (named === undefined)
        return { validate: null };
    const name = String(named);
    const type = doc?.schema?.types?.[name];
    return { name, validate: type ? compileType(type, name, typeKey) : null };
}
/** Compiles one schema type; a type that is not a valid JSON schema is a SchemaError naming it. */
function compileType(type, typeName, typeKey) {
    try {
        return ajv.compile(type);
    }
    catch (e) {
        throw new SchemaError(`type '${typeName}' (${typeKey}) is not a valid schema: ${e.message}`);
    }
}
/**
 * Checks inputs against the OpenAPI type a template's `schema.yaml` names under `typeKey`. Returns the
 * problems ("port must be <= 65535"); an empty list when they conform or the schema defines no such type.
 */
function schemaProblems(schemaText, typeKey, inputs) {
    const { validate } = inputType(schemaText, typeKey);
    if (!validate || validate(inputs))
        return [];
    return (validate.errors ?? []).map((e) => {
        const at = e.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") : "inputs";
        const allowed = e.keyword === "enum" ? ` (${e.params.allowedValues.join(", ")})` : "";
        return `${at} ${e.message}${allowed}`;
    });
}
/** The name of the type a template schema names under `typeKey`; undefined when it names none. */
function schemaTypeName(schemaText, typeKey) {
    return inputType(schemaText, typeKey).name;
}
/**
 * The rules template registration applies to a bundle's `schema/schema.yaml`: valid YAML, an OpenAPI
 * `format`, the input type the kind needs (and a pipeline input type when the bundle has a pipeline),
 * every named type defined and a usable JSON schema. Returns the first rule broken, worded as Proton's
 * REGISTRATION_FAILED message, or undefined for a schema registration accepts.
 */
function bundleSchemaProblem(text, kind, hasPipeline) {
    let doc;
    try {
        doc = (0, yaml_1.parse)(text);
    }
    catch (e) {
        return `schema/schema.yaml is not valid YAML: ${e.message.split("\n")[0]}`;
    }
    const schema = (0, exports.isMap)(doc) && (0, exports.isMap)(doc.schema) ? doc.schema : undefined;
    if (!schema || !(0, exports.isMap)(schema.format) || schema.format.openapi === undefined)
        return "Template schema is not valid: Missing property [format.openapi]";
    const types = (0, exports.isMap)(schema.types) ? schema.types : {};
    const typeKeys = kind === "ENVIRONMENT" ? ["environment_input_type"] : ["service_input_type", "pipeline_input_type"];
    for (const key of typeKeys) {
        const name = schema[key];
        if (name !== undefined && !(0, exports.isMap)(types[String(name)]))
            return `Template schema is not valid: type '${String(name)}' named by ${key} is not defined`;
    }
    if (schema[typeKeys[0]] === undefined)
        return `Template schema is not valid: Missing property [${typeKeys[0]}]`;
    if (hasPipeline && schema.pipeline_input_type === undefined)
        return "Service template schema is not valid: Missing property [pipelineInputType]";
    for (const key of typeKeys)
        try {
            if (schema[key] !== undefined)
                compileType(types[String(schema[key])], String(schema[key]), key);
        }
        catch (e) {
            return `Template schema is not valid: ${e.message}`;
        }
    return undefined;
}
