import type { Members, Shape } from "./shapes";

/** One broken constraint: the member path ("source.s3.bucket", "tags.1.member.key") and the rule. */
export interface Violation {
  path: string;
  rule: string;
  /** AWS's wording: "Value 'x' at 'path' failed to satisfy constraint: Member must ...". */
  message: string;
}

/**
 * Checks a value against an operation's input members. `skip` lets a caller leave out values it
 * can't judge yet (the provider's preview-time unknowns).
 */
export function violations(
  members: Members,
  input: unknown,
  skip: (v: unknown) => boolean = () => false,
): Violation[] {
  const out: Violation[] = [];
  checkStructure(members, input, "", out, skip);
  return out;
}

/** AWS's ValidationException message for a list of violations: "N validation errors detected: ...". */
export function validationMessage(found: Violation[]): string {
  const n = found.length;
  return `${n} validation error${n === 1 ? "" : "s"} detected: ${found.map((v) => v.message).join("; ")}`;
}

function describe(value: unknown, shape: Shape): string {
  if (value === undefined || value === null) return "Value null";
  if (shape.kind === "string" && shape.sensitive) return "Value";
  if (typeof value === "object") return "Value";
  return `Value '${typeof value === "string" ? value : JSON.stringify(value)}'`;
}

function push(out: Violation[], value: string, path: string, rule: string): void {
  out.push({
    path,
    rule,
    message: `${value} at '${path}' failed to satisfy constraint: Member must ${rule}`,
  });
}

function checkStructure(
  members: Members,
  input: unknown,
  prefix: string,
  out: Violation[],
  skip: (v: unknown) => boolean,
  union = false,
): void {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    push(out, "Value", prefix || "input", "be a structure");
    return;
  }
  const record = input as Record<string, unknown>;
  for (const [name, member] of Object.entries(members)) {
    const path = prefix ? `${prefix}.${name}` : name;
    const value = record[name];
    if (skip(value)) continue;
    if (value === undefined || value === null) {
      if (member.required) push(out, "Value null", path, "not be null");
      continue;
    }
    checkShape(member.shape, value, path, out, skip);
  }
  if (union) {
    const set = Object.keys(members).filter((k) => record[k] !== undefined && record[k] !== null);
    if (set.length !== 1) push(out, "Value", prefix, "have exactly one member set");
  }
}

function checkShape(
  shape: Shape,
  value: unknown,
  path: string,
  out: Violation[],
  skip: (v: unknown) => boolean,
): void {
  const fail = (rule: string): void => push(out, describe(value, shape), path, rule);
  switch (shape.kind) {
    case "string": {
      if (typeof value !== "string") return fail("be a string");
      if (shape.min !== undefined && value.length < shape.min)
        fail(`have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value.length > shape.max)
        fail(`have length less than or equal to ${shape.max}`);
      if (shape.pattern && !shape.pattern.test(value))
        fail(`satisfy regular expression pattern: ${shape.pattern.source}`);
      return;
    }
    case "enum":
      if (typeof value !== "string" || !shape.values.includes(value))
        fail(`satisfy enum value set: [${shape.values.join(", ")}]`);
      return;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) return fail("be an integer");
      if (shape.min !== undefined && value < shape.min)
        fail(`have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value > shape.max) fail(`have value less than or equal to ${shape.max}`);
      return;
    case "boolean":
      if (typeof value !== "boolean") fail("be a boolean");
      return;
    case "list": {
      if (!Array.isArray(value)) return fail("be a list");
      if (shape.min !== undefined && value.length < shape.min)
        fail(`have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value.length > shape.max)
        fail(`have length less than or equal to ${shape.max}`);
      value.forEach((item: unknown, i) => {
        if (!skip(item)) checkShape(shape.member, item, `${path}.${i + 1}.member`, out, skip);
      });
      return;
    }
    case "structure":
      checkStructure(shape.members, value, path, out, skip, shape.union);
      return;
  }
}
