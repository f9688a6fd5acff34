/**
 * A value read from a YAML or JSON document as text: a scalar as written (`1.5`, `true`), a mapping or a
 * list as JSON, so it never turns into "[object Object]".
 */
export function valueText(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return v === undefined ? "undefined" : JSON.stringify(v);
}
