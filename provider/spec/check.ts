import {
  parseEnvironmentSpec,
  parseServiceSpec,
  SchemaError,
  schemaProblems,
  SpecError,
} from "../../common/spec";
import { createHash } from "node:crypto";
import { hasUnknown } from "../engine/values";

// Preview-time spec checks: the document parses, has the right `proton:` kind, every service instance
// has a name and an environment, and, when the template schema is known, the inputs match it.

type Failure = { property: string; reason: string };

/** A bad spec is the spec's failure; a schema that can't be used (not YAML, a broken type) is templateSchema's. */
function failuresOf(e: unknown): Failure[] {
  if (e instanceof SpecError) return [{ property: "spec", reason: e.message }];
  if (e instanceof SchemaError)
    return [{ property: "templateSchema", reason: `templateSchema ${e.message}` }];
  throw e;
}

/** A schema to check against: known, not empty, and not the digest a stored schema is replaced by after check. */
const isSchemaText = (schema: unknown): schema is string =>
  typeof schema === "string" && !hasUnknown(schema) && schema !== "" && !schema.startsWith("sha256:");

export function checkEnvironmentSpec(spec: unknown, templateSchema: unknown): Failure[] {
  if (typeof spec !== "string" || hasUnknown(spec)) return [];
  try {
    const { inputs } = parseEnvironmentSpec(spec);
    if (!isSchemaText(templateSchema)) return [];
    return schemaProblems(templateSchema, "environment_input_type", inputs).map((p) => ({
      property: "spec",
      reason: `spec input ${p} (template schema)`,
    }));
  } catch (e) {
    return failuresOf(e);
  }
}

export function checkServiceSpec(spec: unknown, templateSchema: unknown): Failure[] {
  if (typeof spec !== "string" || hasUnknown(spec)) return [];
  try {
    const parsed = parseServiceSpec(spec);
    if (!isSchemaText(templateSchema)) return [];
    const failures: Failure[] = [];
    for (const instance of parsed.instances) {
      for (const p of schemaProblems(templateSchema, "service_input_type", instance.inputs))
        failures.push({
          property: "spec",
          reason: `spec instance '${instance.name}' input ${p} (template schema)`,
        });
    }
    if (parsed.pipeline)
      for (const p of schemaProblems(templateSchema, "pipeline_input_type", parsed.pipeline))
        failures.push({ property: "spec", reason: `spec pipeline input ${p} (template schema)` });
    return failures;
  } catch (e) {
    return failuresOf(e);
  }
}

/**
 * Once checked, the schema is kept as a digest: the spec was validated against it, and the state and
 * `preview --diff` stay free of a copy of the whole schema on every environment and service.
 */
export function digestSchema(inputs: Record<string, unknown>): void {
  const schema = inputs.templateSchema;
  if (typeof schema === "string" && schema && !hasUnknown(schema) && !schema.startsWith("sha256:"))
    inputs.templateSchema = `sha256:${createHash("sha256").update(schema).digest("hex").slice(0, 16)}`;
}
