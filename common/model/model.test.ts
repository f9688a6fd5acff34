import * as Sdk from "@aws-sdk/client-proton";
import { E, OPERATION_INPUTS, OPERATION_NAMES, type Members, type Shape } from ".";

// The model must say what the SDK's own shipped model says: the same operations, members, required
// members, idempotency tokens, sensitive strings, nesting and enum values. (The SDK ships no lengths,
// patterns or ranges; those come from the Smithy model and are exercised by the validation tests.)

/** The SDK's compiled Smithy schemas (static tuples; see @smithy/core's schema package). */
const schemas = require("@aws-sdk/client-proton/dist-cjs/schemas/schemas_0") as Record<string, unknown>;

/** A shape reduced to what both models state. */
type Outline =
  | { kind: "string"; sensitive: boolean }
  | { kind: "number" | "boolean" | "timestamp" | "other" }
  | { kind: "list"; member: Outline }
  | { kind: "structure" | "union"; members: Record<string, MemberOutline> };
interface MemberOutline {
  shape: Outline;
  required: boolean;
  idempotencyToken: boolean;
}

type Tuple = readonly unknown[];
const SENSITIVE = 8;
const IDEMPOTENCY_TOKEN = 4;
const hasTrait = (traits: unknown, bit: number, name: string): boolean =>
  typeof traits === "number"
    ? (traits & bit) !== 0
    : typeof traits === "object" && traits !== null && name in traits;

const resolve = (ref: unknown): unknown => (typeof ref === "function" ? (ref as () => unknown)() : ref);

/** A member entry is a schema or `[schema, memberTraits]`; a full schema tuple has its namespace second. */
function memberOf(entry: unknown, required: boolean): MemberOutline {
  const isPair = Array.isArray(entry) && entry.length === 2 && typeof entry[1] !== "string";
  const [ref, traits] = isPair ? (entry as Tuple) : [entry, 0];
  const shape = sdkOutline(ref, hasTrait(traits, SENSITIVE, "sensitive"));
  return { shape, required, idempotencyToken: hasTrait(traits, IDEMPOTENCY_TOKEN, "idempotencyToken") };
}

function sdkOutline(ref: unknown, sensitive = false): Outline {
  const schema = resolve(ref);
  if (typeof schema === "number") {
    if (schema >= 64 && schema < 128) return { kind: "list", member: sdkOutline(schema & 63) };
    if (schema === 0) return { kind: "string", sensitive };
    if (schema === 1) return { kind: "number" };
    if (schema === 2) return { kind: "boolean" };
    if (schema >= 4 && schema <= 7) return { kind: "timestamp" };
    return { kind: "other" };
  }
  const tuple = schema as Tuple;
  switch (tuple[0]) {
    case 0: // a named simple shape: [0, namespace, name, traits, base type]
      return sdkOutline(tuple[4], sensitive || hasTrait(tuple[3], SENSITIVE, "sensitive"));
    case 1: // a list: [1, namespace, name, traits, member]
      return { kind: "list", member: memberOf(tuple[4], false).shape };
    case 3:
    case 4: {
      // [3|4, namespace, name, traits, member names, member schemas, required count (the first n)]
      const names = tuple[4] as string[];
      const entries = tuple[5] as unknown[];
      const requiredCount = (tuple[6] as number | undefined) ?? 0;
      return {
        kind: tuple[0] === 3 ? "structure" : "union",
        members: Object.fromEntries(names.map((n, i) => [n, memberOf(entries[i], i < requiredCount)])),
      };
    }
    default:
      return { kind: "other" };
  }
}

function ourOutline(shape: Shape): Outline {
  switch (shape.kind) {
    case "string":
      return { kind: "string", sensitive: shape.sensitive ?? false };
    case "enum":
      return { kind: "string", sensitive: false };
    case "integer":
      return { kind: "number" };
    case "boolean":
      return { kind: "boolean" };
    case "list":
      return { kind: "list", member: ourOutline(shape.member) };
    case "structure":
      return { kind: shape.union ? "union" : "structure", members: ourMembers(shape.members) };
  }
}

const ourMembers = (members: Members): Record<string, MemberOutline> =>
  Object.fromEntries(
    Object.entries(members).map(([name, m]) => [
      name,
      {
        shape: ourOutline(m.shape),
        required: m.required ?? false,
        idempotencyToken: m.idempotencyToken ?? false,
      },
    ]),
  );

/** Every operation schema the SDK ships: [9, namespace, name, traits, input, output]. */
const sdkOperations = new Map(
  Object.values(schemas)
    .filter((s): s is Tuple => Array.isArray(s) && s[0] === 9)
    .map((s) => [s[2] as string, s]),
);

test("the model has exactly the SDK's 87 operations", () => {
  expect(sdkOperations.size).toBe(87);
  expect([...OPERATION_NAMES].sort()).toEqual([...sdkOperations.keys()].sort());
});

test.each([...sdkOperations.keys()].sort())(
  "%s: members, required members, tokens, sensitivity and nesting equal the SDK's",
  (name) => {
    const sdk = sdkOutline(sdkOperations.get(name)![4]);
    const ours = ourMembers(OPERATION_INPUTS[name as keyof typeof OPERATION_INPUTS]);
    expect(ours).toEqual(sdk.kind === "structure" ? sdk.members : {});
  },
);

test.each(Object.keys(E))("enum %s holds the SDK's values", (name) => {
  const shape = E[name as keyof typeof E];
  const sdkEnum = (Sdk as unknown as Record<string, Record<string, string>>)[name];
  expect(shape.kind).toBe("enum");
  expect(sdkEnum).toBeDefined();
  if (shape.kind === "enum") expect([...shape.values].sort()).toEqual(Object.values(sdkEnum).sort());
});
