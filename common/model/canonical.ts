/** The value with object keys sorted and undefined members dropped, so equal meanings serialise equally. */
function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === "object") {
    const record = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort()
        .map((k) => [k, sorted(record[k])]),
    );
  }
  return v;
}

/** Canonical JSON (sorted keys, undefined members left out): key order never matters. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(sorted(v)) ?? "undefined";
}

/** Order-insensitive deep equality of JSON-like values. */
export const deepEqual = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);
