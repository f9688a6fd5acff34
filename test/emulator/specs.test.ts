import {
  CreateEnvironmentCommand,
  CreateServiceCommand,
  UpdateEnvironmentCommand,
  UpdateServiceCommand,
  UpdateServiceInstanceCommand,
  UpdateServicePipelineCommand,
} from "@aws-sdk/client-proton";
import {
  ROLE_ARN,
  environment,
  envSpec,
  envTemplate,
  expectError,
  service,
  serviceSpec,
  serviceWorld,
  uniq,
  useHarness,
} from "./helpers";

// Specs are YAML documents checked against the OpenAPI schema in the template bundle
// (test/fixtures/bundles), at create and at update time.

const h = useHarness();

const createEnv = (templateName: string, spec: string) =>
  h.client.send(
    new CreateEnvironmentCommand({
      name: uniq("env"),
      templateName,
      templateMajorVersion: "1",
      spec,
      protonServiceRoleArn: ROLE_ARN,
    }),
  );

const createService = (world: { serviceTemplate: string }, spec: string) =>
  h.client.send(
    new CreateServiceCommand({
      name: uniq("svc"),
      templateName: world.serviceTemplate,
      templateMajorVersion: "1",
      spec,
    }),
  );

describe("spec documents", () => {
  test("a spec that is not YAML", async () => {
    const et = await envTemplate(h);
    await expectError(
      createEnv(et, "proton: EnvironmentSpec\nspec: [unclosed"),
      "ValidationException",
      /not valid YAML/,
    );
  });

  test("a spec of the wrong kind", async () => {
    const et = await envTemplate(h);
    await expectError(
      createEnv(et, "proton: ServiceSpec\ninstances: []\n"),
      "ValidationException",
      /must declare 'proton: EnvironmentSpec', found 'ServiceSpec'/,
    );
  });

  test("a service instance without an environment", async () => {
    const w = await serviceWorld(h);
    await expectError(
      createService(w, "proton: ServiceSpec\ninstances:\n  - name: one\n    spec:\n      port: 80\n"),
      "ValidationException",
      /\(one\) must name its environment/,
    );
  });

  test("the same instance name twice", async () => {
    const w = await serviceWorld(h);
    const spec = serviceSpec([
      { name: "one", environment: w.environment },
      { name: "one", environment: w.environment },
    ]);
    await expectError(createService(w, spec), "ValidationException", /'one' twice/);
  });
});

describe("inputs against the bundle schema", () => {
  test("an environment input that breaks its pattern, at create", async () => {
    const et = await envTemplate(h);
    await expectError(
      createEnv(et, envSpec({ cidr: "everything" })),
      "ValidationException",
      /cidr must match pattern/,
    );
  });

  test("an environment input of the wrong type, at update", async () => {
    const et = await envTemplate(h);
    const name = await environment(h, et);
    await expectError(
      h.client.send(
        new UpdateEnvironmentCommand({
          name,
          deploymentType: "CURRENT_VERSION",
          spec: envSpec({ flow_logs: "yes" }),
        }),
      ),
      "ValidationException",
      /flow_logs must be boolean/,
    );
  });

  test("a service input outside its enum, at create", async () => {
    const w = await serviceWorld(h);
    await expectError(
      createService(w, serviceSpec([{ name: "one", environment: w.environment, spec: { size: "medium" } }])),
      "ValidationException",
      /size must be equal to one of the allowed values \(small, large\)/,
    );
  });

  test("a service input above its maximum, at instance update", async () => {
    const w = await serviceWorld(h);
    const name = await service(h, w, { instances: ["one"] });
    const spec = serviceSpec([{ name: "one", environment: w.environment, spec: { port: 70000 } }]);
    const err = await expectError(
      h.client.send(
        new UpdateServiceInstanceCommand({
          serviceName: name,
          name: "one",
          deploymentType: "CURRENT_VERSION",
          spec,
        }),
      ),
      "ValidationException",
      /port must be <= 65535/,
    );
    expect(err.message).toContain("service instance 'one'");
  });

  test("a pipeline input below its minimum length, at pipeline update", async () => {
    const w = await serviceWorld(h);
    const name = await service(h, w, { pipeline: { build_cmd: "make" } });
    const spec = serviceSpec([{ name: "one", environment: w.environment }], { build_cmd: "" });
    await expectError(
      h.client.send(
        new UpdateServicePipelineCommand({ serviceName: name, deploymentType: "CURRENT_VERSION", spec }),
      ),
      "ValidationException",
      /build_cmd must NOT have fewer than 1 characters/,
    );
  });
});

describe("what UpdateService may change", () => {
  test("UpdateService can't edit an existing instance", async () => {
    const w = await serviceWorld(h);
    const name = await service(h, w, { instances: ["one"] });
    const spec = serviceSpec([{ name: "one", environment: w.environment, spec: { port: 9999 } }]);
    await expectError(
      h.client.send(new UpdateServiceCommand({ name, spec })),
      "ValidationException",
      /can't change the existing service instance 'one'; use UpdateServiceInstance/,
    );
  });

  test("UpdateService can't edit the pipeline", async () => {
    const w = await serviceWorld(h);
    const name = await service(h, w, { instances: ["one"], pipeline: { build_cmd: "make" } });
    const spec = serviceSpec([{ name: "one", environment: w.environment, spec: { port: 8080 } }], {
      build_cmd: "make all",
    });
    await expectError(
      h.client.send(new UpdateServiceCommand({ name, spec })),
      "ValidationException",
      /can't change the pipeline inputs; use UpdateServicePipeline/,
    );
  });

  test("UpdateService checks added instances against the schema", async () => {
    const w = await serviceWorld(h);
    const name = await service(h, w, { instances: ["one"] });
    const spec = serviceSpec([
      { name: "one", environment: w.environment, spec: { port: 8080 } },
      { name: "two", environment: w.environment, spec: { port: 0 } },
    ]);
    await expectError(
      h.client.send(new UpdateServiceCommand({ name, spec })),
      "ValidationException",
      /port must be >= 1/,
    );
  });
});
