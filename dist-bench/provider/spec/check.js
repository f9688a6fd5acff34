"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.checkEnvironmentSpec = checkEnvironmentSpec;
exports.checkServiceSpec = checkServiceSpec;
exports.digestSchema = digestSchema;
const spec_1 = require("../../common/spec");
const node_crypto_1 = require("node:crypto");
const values_1 = require("../engine/values");
/** A bad spec is the spec's failure; a schema that can't be used (not YAML, a broken type) is templateSchema's. */
function failuresOf(e) {
    if (e instanceof spec_1.SpecError)
        return [{ property: "spec", reason: e.message }];
    if (e instanceof spec_1.SchemaError)
        return [{ property: "templateSchema", reason: `templateSchema ${e.message}` }];
    throw e;
}
/** A schema to check against: known, not empty, and not the digest a stored schema is replaced by after check. */
const isSchemaText = (schema) => typeof schema === "string" && !(0, values_1.hasUnknown)(schema) && schema !== "" && !schema.startsWith("sha256:");
function checkEnvironmentSpec(spec, templateSchema) {
    if (typeof spec !== "string" || (0, values_1.hasUnknown)(spec))
        return [];
    try {
        const { inputs } = (0, spec_1.parseEnvironmentSpec)(spec);
        if (!isSchemaText(templateSchema))
            return [];
        return (0, spec_1.schemaProblems)(templateSchema, "environment_input_type", inputs).map((p) => ({
            property: "spec",
            reason: `spec input ${p} (template schema)`,
        }));
    }
    catch (e) {
        return failuresOf(e);
    }
}
function checkServiceSpec(spec, templateSchema) {
    if (typeof spec !== "string" || (0, values_1.hasUnknown)(spec))
        return [];
    try {
        const parsed = (0, spec_1.parseServiceSpec)(spec);
        if (!isSchemaText(templateSchema))
            return [];
        const failures = [];
        for (const instance of parsed.instances) {
            for (const p of (0, spec_1.schemaProblems)(templateSchema, "service_input_type", instance.inputs))
                failures.push({
                    property: "spec",
                    reason: `spec instance '${instance.name}' input ${p} (template schema)`,
                });
        }
        if (parsed.pipeline)
            for (const p of (0, spec_1.schemaProblems)(templateSchema, "pipeline_input_type", parsed.pipeline))
                failures.push({ property: "spec", reason: `spec pipeline input ${p} (template schema)` });
        return failures;
    }
    catch (e) {
        return failuresOf(e);
    }
}
/**
 * Once checked, the schema is kept as a digest: the spec was validated against it, and the state and
 * `preview --diff` stay free of a copy of the whole schema on every environment and service.
 */
function digestSchema(inputs) {
    const schema = inputs.templateSchema;
    if (typeof schema === "string" && schema && !(0, values_1.hasUnknown)(schema) && !schema.startsWith("sha256:"))
        inputs.templateSchema = `sha256:${(0, node_crypto_1.createHash)("sha256").update(schema).digest("hex").slice(0, 16)}`;
}
