import { expect } from "@jest/globals";
import { bundleSchema, CASES, caseInputs, valid } from "../test/fixtures/check-cases";
import { DESCRIPTIONS } from "./descriptions";
import { COMMON_FIELDS, NAME_KEYED_FIELDS } from "./engine/common-fields";
import { providerFor } from "./runtime";
import { UNKNOWN } from "./engine/values";

// The preview-time validation table (test/fixtures/check-cases.ts, shared with test/e2e/bad-input.test.ts):
// every invalid input fails in check (no API call is possible there: no endpoint is configured in unit
// tests), naming the resource, the property and the rule.

const SCHEMA = `schema:
  format: { openapi: "3.0.0" }
  environment_input_type: EnvInput
  service_input_type: SvcInput
  pipeline_input_type: PipeInput
  types:
    EnvInput: { type: object, properties: { cidr: { type: string, pattern: "^10\\\\." } }, required: [cidr] }
    SvcInput: { type: object, properties: { port: { type: number, maximum: 65535 }, size: { type: string, enum: [small, large] } } }
    PipeInput: { type: object, properties: { build_cmd: { type: string, minLength: 1 } } }
`;

describe("check rejects invalid input at preview, naming resource, property and rule", () => {
  test("the table covers every resource type and at least 60 cases", () => {
    expect(new Set(CASES.map((c) => c[0]))).toEqual(new Set(Object.keys(valid)));
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  // Not judged at check: the identity the resource class sets, and the versions' schema, which check
  // itself reads from bundleDir.
  const UNCHECKED = ["logicalId", "schema"];

  test.each(Object.keys(valid))("%s: every argument has at least one case", (type) => {
    const d = DESCRIPTIONS[type];
    const args = [
      ...d.fields,
      ...Object.keys(COMMON_FIELDS),
      ...(d.idempotency === "name-keyed" ? Object.keys(NAME_KEYED_FIELDS) : []),
    ].filter((k) => !UNCHECKED.includes(k));
    const covered = new Set(CASES.filter((c) => c[0] === type).map((c) => c[1]));
    expect(args.filter((k) => !covered.has(k))).toEqual([]);
  });

  test.each(Object.entries(valid))("%s: the valid baseline passes", async (type, inputs) => {
    expect((await providerFor(type).check({}, { ...inputs })).failures).toEqual([]);
  });

  test.each([
    ["Environment", "env-vpc/v1"],
    ["Service", "svc-web/v1"],
  ] as const)("%s: the valid baseline also passes the %s template schema", async (type, bundle) => {
    const inputs = { ...valid[type], templateSchema: bundleSchema(bundle) };
    expect((await providerFor(type).check({}, inputs)).failures).toEqual([]);
  });

  test.each(CASES)("%s.%s = %j", async (...c) => {
    const [type, property, , rule] = c;
    const { failures } = await providerFor(type).check({}, caseInputs(c));
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ property, reason: expect.stringMatching(new RegExp(`^${type} .*`)) }),
      ]),
    );
    expect(
      failures!
        .filter((f) => f.property === property)
        .map((f) => f.reason)
        .join("\n"),
    ).toMatch(rule);
    // A missing name reads "(missing)" in the message, never "undefined".
    expect(failures!.map((f) => f.reason).join("\n")).not.toMatch(/undefined/);
  });
});

describe("a value Proton can change but not clear can't be taken out", () => {
  test.each([
    ["Environment", "componentRoleArn", /UpdateEnvironment takes a role ARN, never an empty one/],
    ["Environment", "codebuildRoleArn", /UpdateEnvironment takes a role ARN/],
    ["EnvironmentAccountConnection", "roleArn", /UpdateEnvironmentAccountConnection takes a role ARN/],
    [
      "EnvironmentAccountConnection",
      "componentRoleArn",
      /UpdateEnvironmentAccountConnection takes a role ARN/,
    ],
    [
      "EnvironmentAccountConnection",
      "codebuildRoleArn",
      /UpdateEnvironmentAccountConnection takes a role ARN/,
    ],
    ["EnvironmentTemplate", "displayName", /take 1 to 100 characters/],
    ["ServiceTemplate", "displayName", /take 1 to 100 characters/],
  ] as const)("%s.%s", async (type, property, rule) => {
    const set = {
      ...valid[type],
      [property]: property === "displayName" ? "Shown" : "arn:aws:iam::000000000000:role/Other",
    };
    const { [property]: _left, ...news } = set;
    // Set and kept, or never set: no failure.
    expect((await providerFor(type).check(set, set)).failures).toEqual([]);
    expect((await providerFor(type).check(news, news)).failures).toEqual([]);
    const { failures } = await providerFor(type).check(set, news);
    expect(failures).toEqual([
      {
        property,
        reason: expect.stringMatching(
          new RegExp(
            `^${type} '.*': ${property} can't be taken out once set \\(.*\\); give another value, or replace the .* \\(\`pulumi up --replace <urn>\`\\)$`,
          ),
        ),
      },
    ]);
    expect(failures![0].reason).toMatch(rule);
  });
});

describe("specs are checked against the template schema when it is known", () => {
  test("environment inputs breaking the schema fail", async () => {
    const { failures } = await providerFor("Environment").check(
      {},
      {
        ...valid.Environment,
        spec: "proton: EnvironmentSpec\nspec:\n  cidr: 192.168.0.0/16\n",
        templateSchema: SCHEMA,
      },
    );
    expect(failures).toEqual([
      expect.objectContaining({ property: "spec", reason: expect.stringMatching(/cidr must match pattern/) }),
    ]);
  });

  test("instance and pipeline inputs breaking the schema fail, each named", async () => {
    const spec =
      "proton: ServiceSpec\npipeline: {build_cmd: ''}\ninstances:\n  - {name: a, environment: dev, spec: {port: 70000, size: huge}}\n";
    const { failures } = await providerFor("Service").check(
      {},
      { ...valid.Service, spec, templateSchema: SCHEMA },
    );
    const reasons = failures!.map((f) => f.reason).join("\n");
    expect(reasons).toMatch(/instance 'a' input port must be <= 65535/);
    expect(reasons).toMatch(
      /instance 'a' input size must be equal to one of the allowed values \(small, large\)/,
    );
    expect(reasons).toMatch(/pipeline input build_cmd must NOT have fewer than 1 characters/);
  });

  test("unknown provisioning values (preview) break no provisioning rule", async () => {
    const check = (extra: Record<string, unknown>) =>
      providerFor("Environment").check({}, { ...valid.Environment, ...extra });
    // The role is known, the connection not yet: it may still come out empty.
    expect((await check({ environmentAccountConnectionId: UNKNOWN })).failures).toEqual([]);
    expect(
      (await check({ provisioningRepository: { provider: "GITHUB", name: UNKNOWN, branch: "main" } }))
        .failures,
    ).toEqual([]);
    // Nothing known yet is not missing either.
    expect((await check({ protonServiceRoleArn: UNKNOWN })).failures).toEqual([]);
  });

  test("unknown values (preview) are not judged", async () => {
    const { failures } = await providerFor("Environment").check(
      {},
      { ...valid.Environment, name: UNKNOWN, spec: UNKNOWN, templateSchema: UNKNOWN },
    );
    expect(failures).toEqual([]);
  });
});

describe("a schema from a version the resource is not on fails at preview", () => {
  /** The stored inputs after a first check: the schema kept as its digest. */
  const deployed = async (type: "Environment" | "Service", extra: Record<string, unknown> = {}) =>
    (await providerFor(type).check({}, { ...valid[type], templateSchema: SCHEMA, ...extra })).inputs!;
  const otherSchema = `${SCHEMA}  # another version\n  description: v1.1\n`;

  test.each(["Environment", "Service"] as const)(
    "%s: a changed schema with the minor version left out fails as templateSchema",
    async (type) => {
      const olds = await deployed(type);
      const { failures } = await providerFor(type).check(olds, {
        ...valid[type],
        templateSchema: otherSchema,
      });
      expect(failures).toEqual([
        {
          property: "templateSchema",
          reason:
            `${type} '${String(valid[type].name)}': templateSchema changed, but it stays on its current minor ` +
            `version of ${String(valid[type].templateName)} major 1 (templateMinorVersion is left out, so it does ` +
            "not move); a version's schema never changes, so this is another version's schema and specs would be " +
            "checked against a version that is not deployed. Give `templateVersion: <the version resource>` to " +
            "move to that version with its schema, or set templateMinorVersion to it.",
        },
      ]);
    },
  );

  test("the same minor given explicitly fails too; a moved minor or major, or an unknown one, passes", async () => {
    const olds = await deployed("Environment", { templateMinorVersion: "0" });
    const check = (extra: Record<string, unknown>) =>
      providerFor("Environment").check(olds, { ...valid.Environment, templateSchema: otherSchema, ...extra });
    expect((await check({ templateMinorVersion: "0" })).failures).toEqual([
      expect.objectContaining({
        property: "templateSchema",
        reason: expect.stringMatching(/stays on vpc:1\.0;/),
      }),
    ]);
    expect((await check({ templateMinorVersion: "1" })).failures).toEqual([]);
    expect((await check({ templateMajorVersion: "2" })).failures).toEqual([]);
    expect((await check({ templateMinorVersion: UNKNOWN })).failures).toEqual([]);
  });

  test("the same schema, or a first check with no stored one, passes", async () => {
    const olds = await deployed("Environment");
    const same = { ...valid.Environment, templateSchema: SCHEMA };
    expect((await providerFor("Environment").check(olds, same)).failures).toEqual([]);
    expect((await providerFor("Environment").check({}, same)).failures).toEqual([]);
  });
});
