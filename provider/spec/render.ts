import { stringify } from "yaml";
import { isMap } from "../../common/spec";
import { hasUnknown } from "../engine/values";

// Canonical YAML of specs given as objects: a fixed document order (`proton`, `pipeline`, `instances`;
// `name`, `environment`, `spec` in an instance) and every inputs map with its keys sorted. Used by the
// resource classes in the program and by check, for programs that hand the provider an object.

/** Maps with their keys sorted, at every level; `undefined` members dropped, as in JSON. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isMap(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => [k, canonical(value[k])]),
  );
}

const yaml = (doc: unknown) => stringify(doc, { lineWidth: 0 });

/** Canonical YAML of an environment spec given as its inputs. */
export const renderEnvironmentSpecObject = (inputs: Record<string, unknown>): string =>
  yaml({ proton: "EnvironmentSpec", spec: canonical(inputs) });

/** Canonical YAML of a service spec given as an object: `proton`, `pipeline`, `instances`, other keys last. */
export function renderServiceSpecObject(spec: Record<string, unknown>): string {
  const { instances, pipeline, ...rest } = canonical(spec) as Record<string, unknown>;
  const ordered = (i: unknown) => {
    if (!isMap(i)) return i;
    const { name, environment, spec: inputs, ...more } = i;
    return { name, environment, ...(inputs === undefined ? {} : { spec: inputs }), ...more };
  };
  return yaml({
    proton: "ServiceSpec",
    ...(pipeline === undefined ? {} : { pipeline }),
    instances: Array.isArray(instances) ? instances.map(ordered) : instances,
    ...rest,
  });
}

/**
 * A spec given as a map becomes its canonical YAML in `inputs.spec`, so everything after check sees text.
 * Text, unknown values and values check refuses are left as they are.
 */
export function renderSpecObject(inputs: { spec?: unknown }, kind: "EnvironmentSpec" | "ServiceSpec"): void {
  const spec = inputs.spec;
  if (!isMap(spec) || hasUnknown(spec)) return;
  inputs.spec =
    kind === "EnvironmentSpec" ? renderEnvironmentSpecObject(spec) : renderServiceSpecObject(spec);
}
