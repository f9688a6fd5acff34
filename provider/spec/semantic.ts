import { parse } from "yaml";
import { deepEqual } from "../../common/model";

/**
 * True when two YAML specs mean the same: key order, comments, quoting and flow vs block style never count.
 * Text that does not parse is compared as text.
 */
export function sameSpec(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "string" || typeof b !== "string") return false;
  try {
    return deepEqual(parse(a), parse(b));
  } catch {
    return false;
  }
}
