import {
  parseEnvironmentSpec,
  parseServiceSpec,
  SchemaError,
  schemaProblems,
  SpecError,
} from "../../common/spec";
import { createHash } from "node:crypto";
import { hasUnknown, shown } from "../engine/values";

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

/** A spec that is neither text nor a map (maps were rendered to text before check). */
function notTextOrMap(spec: unknown, shape: string): Failure[] {
  if (spec === undefined || spec === null || typeof spec === "string" || hasUnknown(spec)) return [];
  const got = Array.isArray(spec) ? "a list" : `a ${typeof spec}`;
  return [{ property: "spec", reason: `spec must be YAML text or a map (${shape}), got ${got}` }];
}

export function checkEnvironmentSpec(spec: unknown, templateSchema: unknown): Failure[] {
  if (typeof spec !== "string" || hasUnknown(spec)) return notTextOrMap(spec, "the template's inputs");
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
  if (typeof spec !== "string" || hasUnknown(spec)) return notTextOrMap(spec, "instances and pipeline");
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
export function digestSchema(inputs: { templateSchema?: string }): void {
  const schema = inputs.templateSchema;
  if (isSchemaText(schema)) inputs.templateSchema = schemaDigest(schema);
}

const schemaDigest = (schema: string) =>
  `sha256:${createHash("sha256").update(schema).digest("hex").slice(0, 16)}`;

/**
 * A template version never changes, so a templateSchema other than the last one, for a resource that stays
 * on the same version, is another version's schema: its specs would be checked against a version it does
 * not run. (Pointing templateMajorVersion and templateSchema at a new minor without templateMinorVersion
 * did that: the spec was checked against the new minor and nothing moved.) `olds` are the prior inputs,
 * whose schema is kept as a digest.
 */
export function schemaOfAnotherVersion(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Failure[] {
  const [before, after] = [olds.templateSchema, news.templateSchema];
  if (typeof before !== "string" || !before.startsWith("sha256:") || !isSchemaText(after)) return [];
  const version = ["templateName", "templateMajorVersion", "templateMinorVersion"] as const;
  if (version.some((k) => hasUnknown(news[k]))) return [];
  const moves =
    news.templateName !== olds.templateName ||
    news.templateMajorVersion !== olds.templateMajorVersion ||
    (news.templateMinorVersion !== undefined && news.templateMinorVersion !== olds.templateMinorVersion);
  if (moves || schemaDigest(after) === before) return [];
  const on =
    news.templateMinorVersion === undefined
      ? `its current minor version of ${shown(news.templateName)} major ${shown(news.templateMajorVersion)} (templateMinorVersion is left out, so it does not move)`
      : `${shown(news.templateName)}:${shown(news.templateMajorVersion)}.${shown(news.templateMinorVersion)}`;
  return [
    {
      property: "templateSchema",
      reason:
        `templateSchema changed, but it stays on ${on}; a version's schema never changes, ` +
        "so this is another version's schema and specs would be checked against a version that is not deployed. " +
        "Give `templateVersion: <the version resource>` to move to that version with its schema, or set templateMinorVersion to it.",
    },
  ];
}
