import { clientToken } from "./token";

// The client token: a hash of the resource's identity and create parameters, deterministic so a retried
// create is recognised, and opaque so no description or spec text reaches Proton's request logs.

const IDENTITY = "platform/prod/env-template-v1";
const PARAMS = {
  templateName: "vpc",
  description: "Shared VPC with flow logs, owned by the network team",
  source: { s3: { bucket: "bundles", key: "env-vpc/v1.tar.gz" } },
  tags: [{ key: "team", value: "network" }],
};
const token = (params: unknown = PARAMS, identity = IDENTITY, type = "EnvironmentTemplateVersion") =>
  clientToken(type, identity, params);

test("is a prefixed hex digest that fits Proton's clientToken (at most 64 printable characters)", () => {
  expect(token()).toMatch(/^pulumi-proton-[0-9a-f]{48}$/);
  expect(token().length).toBeLessThanOrEqual(64);
});

test("is the same for the same identity and parameters, whatever their key order or left-out members", () => {
  const reordered = {
    tags: PARAMS.tags,
    source: { s3: { key: PARAMS.source.s3.key, bucket: PARAMS.source.s3.bucket } },
    description: PARAMS.description,
    templateName: PARAMS.templateName,
    majorVersion: undefined,
  };
  expect(token(reordered)).toBe(token());
});

test.each([
  ["the description", { ...PARAMS, description: "Shared VPC" }],
  ["the source", { ...PARAMS, source: { s3: { bucket: "bundles", key: "env-vpc/v2.tar.gz" } } }],
  ["the tags", { ...PARAMS, tags: [{ key: "team", value: "payments" }] }],
  ["a member added", { ...PARAMS, majorVersion: "1" }],
])("changes with %s", (_what, params) => {
  expect(token(params)).not.toBe(token());
});

test("changes with the identity (project, stack or logical name) and with the resource type", () => {
  const tokens = [
    token(),
    token(PARAMS, "platform/staging/env-template-v1"),
    token(PARAMS, "platform/prod/env-template-v2"),
    token(PARAMS, IDENTITY, "ServiceTemplateVersion"),
  ];
  expect(new Set(tokens).size).toBe(tokens.length);
});

test("holds no text of the parameters: a spec's values cannot be read back from it", () => {
  const spec = "proton: ServiceSpec\ninstances:\n  - name: api\n    spec:\n      db_password: hunter2\n";
  const t = token({ name: "api", serviceName: "shop", spec });
  const words = [...spec.split(/\W+/), "api", "shop", "hunter2"].filter((w) => w.length > 2);
  expect(words.filter((w) => t.slice("pulumi-proton-".length).includes(w))).toEqual([]);
});
