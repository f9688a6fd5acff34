import {
  CancelServiceInstanceDeploymentCommand,
  CancelServicePipelineDeploymentCommand,
  CreateServiceCommand,
  CreateServiceInstanceCommand,
  DeleteServiceCommand,
  GetServiceCommand,
  GetServiceInstanceCommand,
  ListServiceInstancesCommand,
  UpdateServiceCommand,
  UpdateServiceInstanceCommand,
  UpdateServicePipelineCommand,
} from "@aws-sdk/client-proton";
import {
  BUNDLES,
  environment,
  envTemplate,
  expectError,
  service,
  serviceSpec,
  serviceTemplate,
  serviceWorld,
  uniq,
  useHarness,
} from "./helpers";

const h = useHarness();

const getService = async (name: string) => (await h.client.send(new GetServiceCommand({ name }))).service!;
const getInstance = async (serviceName: string, name: string) =>
  (await h.client.send(new GetServiceInstanceCommand({ serviceName, name }))).serviceInstance!;

describe("service lifecycle", () => {
  test("CreateService: CREATE_IN_PROGRESS -> ACTIVE, with its instances and pipeline deployed", async () => {
    const w = await serviceWorld(h);
    const name = uniq("svc");
    const spec = serviceSpec(
      [
        { name: "api", environment: w.environment, spec: { port: 8080, size: "large" } },
        { name: "worker", environment: w.environment },
      ],
      { build_cmd: "make image" },
    );
    const { service: s } = await h.client.send(
      new CreateServiceCommand({ name, templateName: w.serviceTemplate, templateMajorVersion: "1", spec }),
    );
    expect(s).toMatchObject({ name, status: "CREATE_IN_PROGRESS", templateName: w.serviceTemplate, spec });
    expect(s!.pipeline).toMatchObject({
      deploymentStatus: "IN_PROGRESS",
      templateMajorVersion: "1",
      templateMinorVersion: "0",
    });
    expect((await getInstance(name, "api")).deploymentStatus).toBe("IN_PROGRESS");

    await h.settle();
    const after = await getService(name);
    expect(after.status).toBe("ACTIVE");
    expect(after.pipeline!.deploymentStatus).toBe("SUCCEEDED");
    const api = await getInstance(name, "api");
    expect(api).toMatchObject({
      deploymentStatus: "SUCCEEDED",
      environmentName: w.environment,
      serviceName: name,
    });
    expect(api.arn).toBe(`arn:aws:proton:us-east-1:000000000000:service/${name}/service-instance/api`);
  });

  test("a failed instance deployment makes the service CREATE_FAILED", async () => {
    const w = await serviceWorld(h);
    await h.control.addFault({ kind: "fail-deployment", resource: "flaky", message: "task failed to start" });
    const name = await service(h, w, { instances: ["steady", "flaky"] });
    const s = await getService(name);
    expect(s.status).toBe("CREATE_FAILED");
    expect(s.statusMessage).toContain("task failed to start");
    expect((await getInstance(name, "flaky")).deploymentStatus).toBe("FAILED");
    expect((await getInstance(name, "steady")).deploymentStatus).toBe("SUCCEEDED");
  });

  test("UpdateService adds and removes instances: UPDATE_IN_PROGRESS -> ACTIVE", async () => {
    const w = await serviceWorld(h);
    const name = await service(h, w, { instances: ["a", "b"] });
    const spec = serviceSpec([
      { name: "a", environment: w.environment, spec: { port: 8080 } },
      { name: "c", environment: w.environment, spec: { port: 7070 } },
    ]);
    const { service: s } = await h.client.send(new UpdateServiceCommand({ name, spec }));
    expect(s!.status).toBe("UPDATE_IN_PROGRESS");
    expect((await getInstance(name, "b")).deploymentStatus).toBe("DELETE_IN_PROGRESS");
    await h.settle();
    expect((await getService(name)).status).toBe("ACTIVE");
    const { serviceInstances } = await h.client.send(new ListServiceInstancesCommand({ serviceName: name }));
    expect(serviceInstances!.map((i) => [i.name, i.deploymentStatus])).toEqual([
      ["a", "SUCCEEDED"],
      ["c", "SUCCEEDED"],
    ]);
  });

  test("DeleteService: DELETE_IN_PROGRESS -> gone, with its instances", async () => {
    const w = await serviceWorld(h);
    const name = await service(h, w, { instances: ["one"] });
    const { service: s } = await h.client.send(new DeleteServiceCommand({ name }));
    expect(s!.status).toBe("DELETE_IN_PROGRESS");
    expect((await getInstance(name, "one")).deploymentStatus).toBe("DELETE_IN_PROGRESS");
    await h.settle();
    await expectError(h.client.send(new GetServiceCommand({ name })), "ResourceNotFoundException");
    const { serviceInstances } = await h.client.send(new ListServiceInstancesCommand({}));
    expect(serviceInstances!.filter((i) => i.serviceName === name)).toEqual([]);
  });

  test("a failed deletion leaves the service DELETE_FAILED", async () => {
    const w = await serviceWorld(h);
    const name = await service(h, w);
    await h.control.addFault({ kind: "fail-deletion", resource: name, message: "stack is protected" });
    await h.client.send(new DeleteServiceCommand({ name }));
    await h.settle();
    expect(await getService(name)).toMatchObject({
      status: "DELETE_FAILED",
      statusMessage: "stack is protected",
    });
  });

  test("a service whose template has no pipeline gets none", async () => {
    const et = await envTemplate(h);
    const env = await environment(h, et);
    const st = await serviceTemplate(h, et, uniq("svct"), { bundle: BUNDLES.worker });
    const name = await service(h, { environment: env, serviceTemplate: st });
    expect((await getService(name)).pipeline).toBeUndefined();
    await expectError(
      h.client.send(
        new UpdateServicePipelineCommand({
          serviceName: name,
          deploymentType: "CURRENT_VERSION",
          spec: "proton: ServiceSpec",
        }),
      ),
      "ValidationException",
      /has no pipeline/,
    );
    await expectError(
      h.client.send(
        new CreateServiceCommand({
          name: uniq("svc"),
          templateName: st,
          templateMajorVersion: "1",
          spec: serviceSpec([{ name: "one", environment: env }], { build_cmd: "make" }),
        }),
      ),
      "ValidationException",
      /has no pipeline/,
    );
  });
});

describe("instances", () => {
  test("CreateServiceInstance adds an instance from the service spec", async () => {
    const w = await serviceWorld(h);
    const name = await service(h, w, { instances: ["one"] });
    const spec = serviceSpec([
      { name: "one", environment: w.environment, spec: { port: 8080 } },
      { name: "two", environment: w.environment, spec: { port: 9090 } },
    ]);
    const { serviceInstance } = await h.client.send(
      new CreateServiceInstanceCommand({ serviceName: name, name: "two", spec, clientToken: "add-two" }),
    );
    expect(serviceInstance).toMatchObject({
      name: "two",
      deploymentStatus: "IN_PROGRESS",
      lastClientRequestToken: "add-two",
    });
    await h.settle();
    expect((await getInstance(name, "two")).deploymentStatus).toBe("SUCCEEDED");
  });

  test("UpdateServiceInstance redeploys an instance with new inputs", async () => {
    const w = await serviceWorld(h);
    const name = await service(h, w, { instances: ["one"] });
    const spec = serviceSpec([
      { name: "one", environment: w.environment, spec: { port: 9443, size: "large" } },
    ]);
    const { serviceInstance: i } = await h.client.send(
      new UpdateServiceInstanceCommand({
        serviceName: name,
        name: "one",
        deploymentType: "CURRENT_VERSION",
        spec,
      }),
    );
    expect(i!.deploymentStatus).toBe("IN_PROGRESS");
    await h.settle();
    const after = await getInstance(name, "one");
    expect(after.deploymentStatus).toBe("SUCCEEDED");
    expect(after.spec).toContain("9443");
  });

  test("cancel an instance deployment: CANCELLING -> CANCELLED", async () => {
    const w = await serviceWorld(h);
    const name = await service(h, w, { instances: ["one"] });
    await h.client.send(
      new UpdateServiceInstanceCommand({ serviceName: name, name: "one", deploymentType: "CURRENT_VERSION" }),
    );
    const { serviceInstance: i } = await h.client.send(
      new CancelServiceInstanceDeploymentCommand({ serviceName: name, serviceInstanceName: "one" }),
    );
    expect(i!.deploymentStatus).toBe("CANCELLING");
    await h.settle();
    expect((await getInstance(name, "one")).deploymentStatus).toBe("CANCELLED");
  });

  test("ListServiceInstances filters and sorts", async () => {
    const w = await serviceWorld(h);
    const name = await service(h, w, { instances: ["b", "a", "c"] });
    await h.client.send(
      new UpdateServiceInstanceCommand({ serviceName: name, name: "c", deploymentType: "CURRENT_VERSION" }),
    );
    const byStatus = await h.client.send(
      new ListServiceInstancesCommand({
        serviceName: name,
        filters: [{ key: "deploymentStatus", value: "SUCCEEDED" }],
      }),
    );
    expect(byStatus.serviceInstances!.map((i) => i.name)).toEqual(["a", "b"]);
    const sorted = await h.client.send(
      new ListServiceInstancesCommand({ serviceName: name, sortBy: "name", sortOrder: "DESCENDING" }),
    );
    expect(sorted.serviceInstances!.map((i) => i.name)).toEqual(["c", "b", "a"]);
  });
});

describe("pipelines", () => {
  test("UpdateServicePipeline deploys IN_PROGRESS -> SUCCEEDED with the new spec", async () => {
    const w = await serviceWorld(h);
    const name = await service(h, w, { pipeline: { build_cmd: "make" } });
    const spec = serviceSpec([{ name: "one", environment: w.environment, spec: { port: 8080 } }], {
      build_cmd: "make release",
    });
    const { pipeline } = await h.client.send(
      new UpdateServicePipelineCommand({ serviceName: name, deploymentType: "CURRENT_VERSION", spec }),
    );
    expect(pipeline!.deploymentStatus).toBe("IN_PROGRESS");
    await h.settle();
    const after = (await getService(name)).pipeline!;
    expect(after.deploymentStatus).toBe("SUCCEEDED");
    expect(after.spec).toContain("make release");
  });

  test("cancel a pipeline deployment: CANCELLING -> CANCELLED", async () => {
    const w = await serviceWorld(h);
    const name = await service(h, w, { pipeline: { build_cmd: "make" } });
    const spec = serviceSpec([{ name: "one", environment: w.environment }], { build_cmd: "make again" });
    await h.client.send(
      new UpdateServicePipelineCommand({ serviceName: name, deploymentType: "CURRENT_VERSION", spec }),
    );
    const { pipeline } = await h.client.send(
      new CancelServicePipelineDeploymentCommand({ serviceName: name }),
    );
    expect(pipeline!.deploymentStatus).toBe("CANCELLING");
    await h.settle();
    const after = (await getService(name)).pipeline!;
    expect(after.deploymentStatus).toBe("CANCELLED");
    expect(after.spec).not.toContain("make again");
  });
});

describe("dependency rules", () => {
  test("an instance's environment must exist", async () => {
    const w = await serviceWorld(h);
    await expectError(
      h.client.send(
        new CreateServiceCommand({
          name: uniq("svc"),
          templateName: w.serviceTemplate,
          templateMajorVersion: "1",
          spec: serviceSpec([{ name: "one", environment: uniq("ghost") }]),
        }),
      ),
      "ValidationException",
      /environment '.*' does not exist/,
    );
  });

  test("an instance's environment must use a compatible environment template", async () => {
    const w = await serviceWorld(h);
    const otherTemplate = await envTemplate(h);
    const otherEnv = await environment(h, otherTemplate);
    await expectError(
      h.client.send(
        new CreateServiceCommand({
          name: uniq("svc"),
          templateName: w.serviceTemplate,
          templateMajorVersion: "1",
          spec: serviceSpec([{ name: "one", environment: otherEnv }]),
        }),
      ),
      "ValidationException",
      /not compatible/,
    );
  });

  test("only a published service template version can be deployed", async () => {
    const et = await envTemplate(h);
    const env = await environment(h, et);
    const st = await serviceTemplate(h, et, uniq("svct"), { publish: false });
    await expectError(
      h.client.send(
        new CreateServiceCommand({
          name: uniq("svc"),
          templateName: st,
          templateMajorVersion: "1",
          templateMinorVersion: "0",
          spec: serviceSpec([{ name: "one", environment: env }]),
        }),
      ),
      "ValidationException",
      /only published versions/,
    );
  });

  test("changes while the service is being created are ConflictException", async () => {
    const w = await serviceWorld(h);
    const name = await service(h, w, { instances: ["one"], settle: false });
    const spec = serviceSpec([{ name: "one", environment: w.environment, spec: { port: 8080 } }]);
    await expectError(
      h.client.send(new UpdateServiceCommand({ name, description: "x" })),
      "ConflictException",
      /CREATE_IN_PROGRESS/,
    );
    await expectError(h.client.send(new DeleteServiceCommand({ name })), "ConflictException");
    await expectError(
      h.client.send(
        new UpdateServiceInstanceCommand({
          serviceName: name,
          name: "one",
          deploymentType: "CURRENT_VERSION",
          spec,
        }),
      ),
      "ConflictException",
      /IN_PROGRESS/,
    );
    await expectError(
      h.client.send(
        new UpdateServicePipelineCommand({ serviceName: name, deploymentType: "CURRENT_VERSION", spec }),
      ),
      "ConflictException",
      /IN_PROGRESS/,
    );
  });
});
