import { providerFor } from "./runtime";
import { UNKNOWN } from "./engine/values";

// The preview-time validation table: every invalid input fails in check (no API call is possible there:
// no endpoint is configured in unit tests), naming the resource, the property and the rule.

const ROLE = "arn:aws:iam::000000000000:role/ProtonServiceRole";
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
const envSpec = "proton: EnvironmentSpec\nspec:\n  cidr: 10.0.0.0/16\n";
const svcSpec = "proton: ServiceSpec\ninstances:\n  - name: a\n    environment: dev\n";

const valid: Record<string, Record<string, unknown>> = {
  EnvironmentTemplate: { name: "vpc" },
  ServiceTemplate: { name: "web" },
  EnvironmentTemplateVersion: {
    templateName: "vpc",
    source: { s3: { bucket: "bundles", key: "env.tar.gz" } },
  },
  ServiceTemplateVersion: {
    templateName: "web",
    source: { s3: { bucket: "bundles", key: "svc.tar.gz" } },
    compatibleEnvironmentTemplates: [{ templateName: "vpc", majorVersion: "1" }],
  },
  Environment: {
    name: "dev",
    templateName: "vpc",
    templateMajorVersion: "1",
    spec: envSpec,
    protonServiceRoleArn: ROLE,
  },
  Service: { name: "api", templateName: "web", templateMajorVersion: "1", spec: svcSpec },
  EnvironmentAccountConnection: {
    managementAccountId: "111122223333",
    environmentName: "dev",
    roleArn: ROLE,
  },
};

const long = (n: number) => "x".repeat(n);
const fiftyOneTags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));

// [resource, property, bad value, rule the message must mention]
const CASES: [string, string, unknown, RegExp][] = [
  ["EnvironmentTemplate", "name", "bad name", /regular expression/],
  ["EnvironmentTemplate", "name", "-leading-dash", /regular expression/],
  ["EnvironmentTemplate", "name", long(101), /length less than or equal to 100/],
  ["EnvironmentTemplate", "name", undefined, /not be null/],
  ["EnvironmentTemplate", "displayName", "", /length greater than or equal to 1/],
  ["EnvironmentTemplate", "displayName", long(101), /length less than or equal to 100/],
  ["EnvironmentTemplate", "description", long(501), /length less than or equal to 500/],
  ["EnvironmentTemplate", "encryptionKey", "not-an-arn", /regular expression/],
  ["EnvironmentTemplate", "provisioning", "SELF", /enum value set: \[CUSTOMER_MANAGED\]/],
  ["EnvironmentTemplate", "tags", fiftyOneTags, /length less than or equal to 50/],
  ["EnvironmentTemplate", "tags", { [long(129)]: "v" }, /length less than or equal to 128/],
  ["EnvironmentTemplate", "tags", { k: long(257) }, /length less than or equal to 256/],
  ["EnvironmentTemplate", "region", "mars-1", /region must look like us-east-1/],
  ["EnvironmentTemplate", "timeouts", { create: "soon" }, /duration/],
  ["EnvironmentTemplate", "timeouts", { apply: "1m" }, /not one of create, update, delete/],
  ["EnvironmentTemplate", "adoptExisting", "yes", /true or false/],
  ["ServiceTemplate", "name", "web/api", /regular expression/],
  ["ServiceTemplate", "pipelineProvisioning", "AWS_MANAGED", /enum value set/],
  ["ServiceTemplate", "encryptionKey", "arn:aws:kms:us-east-1:123:key/x", /regular expression/],
  ["EnvironmentTemplateVersion", "templateName", "has space", /regular expression/],
  ["EnvironmentTemplateVersion", "majorVersion", "01", /regular expression/],
  ["EnvironmentTemplateVersion", "majorVersion", "one", /regular expression/],
  [
    "EnvironmentTemplateVersion",
    "source",
    { s3: { bucket: "UPPER", key: "k" } },
    /source.s3.bucket .*regular expression/,
  ],
  [
    "EnvironmentTemplateVersion",
    "source",
    { s3: { bucket: "ab", key: "k" } },
    /length greater than or equal to 3/,
  ],
  ["EnvironmentTemplateVersion", "source", { s3: { bucket: "bundles", key: "" } }, /source.s3.key/],
  ["EnvironmentTemplateVersion", "source", undefined, /not be null/],
  ["EnvironmentTemplateVersion", "publish", "yes", /publish must be true or false/],
  ["EnvironmentTemplateVersion", "bundleDir", "/nonexistent/bundle", /has no schema\/schema.yaml/],
  ["ServiceTemplateVersion", "compatibleEnvironmentTemplates", [], /length greater than or equal to 1/],
  [
    "ServiceTemplateVersion",
    "compatibleEnvironmentTemplates",
    Array(11).fill({ templateName: "v", majorVersion: "1" }),
    /less than or equal to 10/,
  ],
  [
    "ServiceTemplateVersion",
    "compatibleEnvironmentTemplates",
    [{ templateName: "vpc", majorVersion: "1.0" }],
    /majorVersion .*regular expression/,
  ],
  ["ServiceTemplateVersion", "supportedComponentSources", ["GIT"], /enum value set: \[DIRECTLY_DEFINED\]/],
  ["Environment", "name", "dev env", /regular expression/],
  ["Environment", "templateMajorVersion", "v1", /regular expression/],
  ["Environment", "templateMinorVersion", "-1", /regular expression/],
  ["Environment", "spec", "proton: EnvironmentSpec\nspec: [unclosed", /not valid YAML/],
  ["Environment", "spec", "proton: ServiceSpec\ninstances: []\n", /must declare 'proton: EnvironmentSpec'/],
  ["Environment", "spec", "spec:\n  cidr: 10.0.0.0/16\n", /must declare 'proton: EnvironmentSpec'/],
  ["Environment", "spec", long(51201), /length less than or equal to 51200/],
  ["Environment", "protonServiceRoleArn", "role/Proton", /regular expression/],
  ["Environment", "environmentAccountConnectionId", "not-a-uuid", /regular expression/],
  ["Environment", "componentRoleArn", "arn:aws:iam::000000000000:user/bob", /regular expression/],
  [
    "Environment",
    "provisioningRepository",
    { provider: "GITLAB", name: "o/r", branch: "main" },
    /enum value set/,
  ],
  ["Service", "spec", "proton: ServiceSpec\ninstances:\n  - name: a\n", /must name its environment/],
  [
    "Service",
    "spec",
    "proton: ServiceSpec\ninstances:\n  - environment: dev\n",
    /name must be a resource name/,
  ],
  ["Service", "spec", "proton: ServiceSpec\npipeline: []\ninstances: []\n", /pipeline must be a mapping/],
  ["Service", "spec", "proton: ServiceSpec\n", /instances must be a list/],
  [
    "Service",
    "spec",
    "proton: ServiceSpec\ninstances:\n  - {name: a, environment: dev}\n  - {name: a, environment: prod}\n",
    /twice/,
  ],
  ["Service", "templateName", "", /length greater than or equal to 1/],
  ["Service", "repositoryId", long(201), /length less than or equal to 200/],
  ["EnvironmentAccountConnection", "managementAccountId", "12345", /pattern: \^\\d\{12\}\$/],
  ["EnvironmentAccountConnection", "roleArn", "arn:aws:iam::12:role/x", /regular expression/],
  ["EnvironmentAccountConnection", "environmentName", "dev!", /regular expression/],
  ["EnvironmentAccountConnection", "accept", "true", /accept must be true or false/],
];

describe("check rejects invalid input at preview, naming resource, property and rule", () => {
  test("the table covers every resource type and at least 40 cases", () => {
    expect(new Set(CASES.map((c) => c[0]))).toEqual(new Set(Object.keys(valid)));
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  test.each(Object.keys(valid))("%s: the valid baseline passes", async (type) => {
    expect((await providerFor(type).check({}, { ...valid[type] })).failures).toEqual([]);
  });

  test.each(CASES)("%s.%s = %j", async (type, property, value, rule) => {
    const { failures } = await providerFor(type).check({}, { ...valid[type], [property]: value });
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

  test("unknown values (preview) are not judged", async () => {
    const { failures } = await providerFor("Environment").check(
      {},
      { ...valid.Environment, name: UNKNOWN, spec: UNKNOWN, templateSchema: UNKNOWN },
    );
    expect(failures).toEqual([]);
  });
});
