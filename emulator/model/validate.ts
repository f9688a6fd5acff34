import { validation } from "../protocol/errors";
import type { Members, Shape } from "./shapes";

// Validates a request body against the operation's input members, reporting every violation
// the way AWS does: "N validation errors detected: Value 'x' at 'path' failed to satisfy constraint: ...".
export function validateInput(members: Members, input: unknown): void {
  const errors: string[] = [];
  checkStructure(members, input, "", errors);
  if (errors.length > 0) {
    const n = errors.length;
    throw validation(`${n} validation error${n === 1 ? "" : "s"} detected: ${errors.join("; ")}`);
  }
}

function describe(value: unknown, shape: Shape): string {
  if (value === undefined || value === null) return "Value null";
  if (shape.kind === "string" && shape.sensitive) return "Value";
  if (typeof value === "object") return "Value";
  return `Value '${String(value)}'`;
}

function checkStructure(members: Members, input: unknown, prefix: string, errors: string[], union = false): void {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    errors.push(`Value at '${prefix || "input"}' failed to satisfy constraint: Member must be a structure`);
    return;
  }
  const record = input as Record<string, unknown>;
  for (const [name, member] of Object.entries(members)) {
    const path = prefix ? `${prefix}.${name}` : name;
    const value = record[name];
    if (value === undefined || value === null) {
      if (member.required) errors.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    checkShape(member.shape, value, path, errors);
  }
  if (union) {
    const set = Object.keys(members).filter((k) => record[k] !== undefined && record[k] !== null);
    if (set.length !== 1) {
      errors.push(`Value at '${prefix}' failed to satisfy constraint: Member must have exactly one member set`);
    }
  }
}

function checkShape(shape: Shape, value: unknown, path: string, errors: string[]): void {
  const fail = (rule: string): void => {
    errors.push(`${describe(value, shape)} at '${path}' failed to satisfy constraint: Member must ${rule}`);
  };
  switch (shape.kind) {
    case "string": {
      if (typeof value !== "string") return fail("be a string");
      if (shape.min !== undefined && value.length < shape.min)
        fail(`have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value.length > shape.max) fail(`have length less than or equal to ${shape.max}`);
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
      if (shape.min !== undefined && value < shape.min) fail(`have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value > shape.max) fail(`have value less than or equal to ${shape.max}`);
      return;
    case "boolean":
      if (typeof value !== "boolean") fail("be a boolean");
      return;
    case "list": {
      if (!Array.isArray(value)) return fail("be a list");
      if (shape.min !== undefined && value.length < shape.min) fail(`have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value.length > shape.max) fail(`have length less than or equal to ${shape.max}`);
      value.forEach((item, i) => checkShape(shape.member, item, `${path}.${i + 1}.member`, errors));
      return;
    }
    case "structure":
      checkStructure(shape.members, value, path, errors, shape.union);
      return;
  }
}
