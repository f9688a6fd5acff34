// Plain-JSON helpers for values crossing the engine boundary.

/** The string the Pulumi engine puts in place of values it does not know yet (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True if the value, or anything inside it, is not known yet. */
export function hasUnknown(v: unknown): boolean {
  if (typeof v === "string") return v.includes(UNKNOWN);
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (v && typeof v === "object") return Object.values(v).some(hasUnknown);
  return false;
}

/** Deep copy as clean JSON: Dates become ISO strings, undefined members disappear. */
export function cleanJson<T>(v: T): T {
  return JSON.parse(
    JSON.stringify(v, (_k, value: unknown) => (value instanceof Date ? value.toISOString() : value)),
  ) as T;
}

export function isoTime(v: unknown): string | undefined {
  return v instanceof Date ? v.toISOString() : typeof v === "string" ? v : undefined;
}

/**
 * A text Proton reads back as "" once cleared (a description taken out is cleared with ""): left out, as the
 * program has it, so a refresh finds no difference.
 */
export const clearedAsLeftOut = (live: string | undefined, prior: unknown): string | undefined =>
  live === "" && prior === undefined ? undefined : live;

/** An input as it appears in messages: a missing one says so instead of printing "undefined". */
export const shown = (v: unknown): string =>
  v === undefined || v === null ? "(missing)" : typeof v === "string" ? v : JSON.stringify(v);

/** The members of `value` named in `keys`. */
export function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, value[k]])) as Pick<T, K>;
}
