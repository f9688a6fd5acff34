import Ajv, { type ValidateFunction } from "ajv";
import { ERROR_STATUS } from "../protocol/errors";
import { OPERATION_NAMES } from "../../common/model";
import { DEFAULT_DURATIONS, PHASES } from "../service/backend";

// The JSON schema of every control-plane request body, one entry per route ("METHOD /path"). A route with
// no entry takes no body (nothing, or `{}`). Every object is closed (additionalProperties: false), so an
// unknown member — including `__proto__` or `constructor` — is refused, and every member is a bounded
// scalar or a list of enums, so nothing deeply nested is ever kept. Adding a route's body = one entry here.

const DAY_MS = 24 * 60 * 60 * 1000;
const text = (maxLength: number) => ({ type: "string", minLength: 1, maxLength });
/** A duration as a string ("8h", "500ms") or milliseconds. */
const duration = (maxMs: number) => ({
  anyOf: [
    { type: "string", minLength: 1, maxLength: 32 },
    { type: "number", minimum: 0, maximum: maxMs },
  ],
});
const closed = (properties: Record<string, object>, required: string[] = []) => ({
  type: "object",
  properties,
  required,
  additionalProperties: false,
});
const phases = closed({ phases: { type: "array", items: { enum: PHASES }, uniqueItems: true } });
const kindIs = (kind: string, required: string[]) => ({
  if: { properties: { kind: { const: kind } }, required: ["kind"] },
  then: { required },
});

export const CONTROL_BODY_SCHEMAS: Record<string, object> = {
  "POST /faults": {
    ...closed(
      {
        kind: {
          enum: [
            "throttle",
            "internal",
            "reset",
            "latency",
            "error",
            "lose-response",
            "fail-registration",
            "fail-deployment",
            "fail-deletion",
          ],
        },
        operation: { enum: ["*", ...OPERATION_NAMES] },
        resource: text(1024),
        probability: { type: "number", minimum: 0, maximum: 1 },
        count: { type: "integer", minimum: 1, maximum: 1_000_000_000 },
        latencyMs: { type: "number", exclusiveMinimum: 0, maximum: 10 * 60 * 1000 },
        errorType: { enum: Object.keys(ERROR_STATUS) },
        message: { type: "string", maxLength: 4096 },
      },
      ["kind"],
    ),
    allOf: [kindIs("error", ["errorType"]), kindIs("latency", ["latencyMs"])],
  },
  "POST /limits": closed(
    {
      operation: { enum: ["*", ...OPERATION_NAMES] },
      tps: { type: "number", exclusiveMinimum: 0, maximum: 100_000 },
      burst: { type: "number", minimum: 1, maximum: 100_000 },
    },
    ["tps"],
  ),
  "POST /freeze": phases,
  "POST /thaw": phases,
  "POST /clock": closed({ advance: duration(10 * 365 * DAY_MS) }, ["advance"]),
  // Closed and typed here; service/git.ts checks the values (providers, names, paths) with its own messages.
  "POST /git/push": closed(
    {
      repository: closed({ provider: { type: "string" }, name: { type: "string" } }),
      branch: { type: "string" },
      commitId: { type: "string" },
      files: { type: "object" },
      folder: { type: "string" },
    },
    ["repository", "branch", "commitId"],
  ),
  "PUT /durations": closed(
    Object.fromEntries(Object.keys(DEFAULT_DURATIONS).map((key) => [key, duration(7 * DAY_MS)])),
  ),
};

// strictRequired off: the if/then rules name members declared in the enclosing object.
const ajv = new Ajv({ allErrors: false, strict: true, strictRequired: false });
// Compiled up front, so a mistake in a schema fails at start rather than on the first request.
const validators = new Map<string, ValidateFunction>(
  Object.entries(CONTROL_BODY_SCHEMAS).map(([route, schema]) => [route, ajv.compile(schema)]),
);
const noBody = ajv.compile(closed({}));

/** The problem with `body` for `route` ("POST /faults"), or undefined when it is valid. */
export function controlBodyProblem(route: string, body: unknown): string | undefined {
  const validate = validators.get(route) ?? noBody;
  if (validate(body)) return undefined;
  const errors = validate.errors ?? [];
  const where = (path: string) => (path ? `body${path.replace(/\//g, ".")}` : "body");
  const anyOf = errors.find((e) => e.keyword === "anyOf");
  if (anyOf) return `${where(anyOf.instancePath)} must be a duration such as "2s" or milliseconds in range`;
  const [first] = errors;
  if (!first) return "body is not valid";
  const params = first.params as { additionalProperty?: string; allowedValues?: unknown[] };
  if (validate === noBody && params.additionalProperty !== undefined)
    return `${route} takes no body (found '${params.additionalProperty}')`;
  if (params.additionalProperty !== undefined)
    return `${where(first.instancePath)} has an unknown member '${params.additionalProperty}'`;
  if (params.allowedValues)
    return `${where(first.instancePath)} must be one of ${params.allowedValues.join(", ")}`;
  return `${where(first.instancePath)} ${first.message ?? "is not valid"}`;
}
