import { expect } from "@jest/globals";
import {
  CreateEnvironmentCommand,
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  DeleteDeploymentCommand,
  GetDeploymentCommand,
  GetEnvironmentCommand,
  GetEnvironmentTemplateVersionCommand,
  GetResourcesSummaryCommand,
  GetServiceCommand,
  GetServiceInstanceCommand,
  ListDeploymentsCommand,
  ListEnvironmentOutputsCommand,
  ListEnvironmentProvisionedResourcesCommand,
  ListServiceInstanceOutputsCommand,
  ListServiceInstanceProvisionedResourcesCommand,
  ListServicePipelineOutputsCommand,
  ListServicePipelineProvisionedResourcesCommand,
  NotifyResourceDeploymentStatusChangeCommand,
  UpdateEnvironmentCommand,
  paginateListDeployments,
} from "@aws-sdk/client-proton";
import {
  addVersion,
  BUNDLES,
  environment,
  envSpec,
  envTemplate,
  expectError,
  service,
  serviceTemplate,
  serviceWorld,
  STEP_MS,
  linkedRepository,
  uniq,
  useHarness,
} from "./helpers";

const h = useHarness();

describe("deployment history", () => {
  test("every environment deployment is recorded with its real fields and states", async () => {
    const et = await envTemplate(h);
    const name = await environment(h, et, uniq("env"), { spec: envSpec({ cidr: "10.1.0.0/16" }) });
    const { environment: e } = await h.client.send(
      new UpdateEnvironmentCommand({
        name,
        deploymentType: "CURRENT_VERSION",
        spec: envSpec({ cidr: "10.2.0.0/16" }),
      }),
    );
    const { deployments } = await h.client.send(new ListDeploymentsCommand({ environmentName: name }));
    expect(deployments!.map((d) => d.deploymentStatus)).toEqual(["IN_PROGRESS", "SUCCEEDED"]);
    const [second, first] = deployments!;
    expect(second).toMatchObject({
      id: e!.lastAttemptedDeploymentId,
      arn: `arn:aws:proton:us-east-1:000000000000:deployment/${e!.lastAttemptedDeploymentId}`,
      targetArn: e!.arn,
      targetResourceType: "ENVIRONMENT",
      environmentName: name,
      lastAttemptedDeploymentId: first.id,
      lastSucceededDeploymentId: first.id,
    });
    expect(first.completedAt).toBeInstanceOf(Date);
    await h.settle();
    const { deployment } = await h.client.send(
      new GetDeploymentCommand({ id: second.id, environmentName: name }),
    );
    expect(deployment).toMatchObject({
      deploymentStatus: "SUCCEEDED",
      initialState: {
        environment: { templateName: et, templateMajorVersion: "1", spec: envSpec({ cidr: "10.1.0.0/16" }) },
      },
      targetState: {
        environment: { templateName: et, templateMinorVersion: "0", spec: envSpec({ cidr: "10.2.0.0/16" }) },
      },
    });
    // Outputs of an older deployment stay readable by its id.
    const old = await h.client.send(
      new ListEnvironmentOutputsCommand({ environmentName: name, deploymentId: first.id }),
    );
    expect(old.outputs).toEqual([{ key: "VpcId", valueString: expect.stringMatching(/^vpc-/) }]);
    await expectError(
      h.client.send(new GetDeploymentCommand({ id: second.id, serviceName: "elsewhere" })),
      "ResourceNotFoundException",
    );
  });

  test("instances and pipelines are recorded; their resources come from the rendered Resources", async () => {
    const world = await serviceWorld(h);
    const name = await service(h, world, { instances: ["one"], pipeline: { build_cmd: "make" } });
    const { deployments } = await h.client.send(new ListDeploymentsCommand({ serviceName: name }));
    expect(deployments!.map((d) => d.targetResourceType).sort()).toEqual([
      "SERVICE_INSTANCE",
      "SERVICE_PIPELINE",
    ]);
    const instance = deployments!.find((d) => d.targetResourceType === "SERVICE_INSTANCE")!;
    expect(instance).toMatchObject({
      serviceName: name,
      serviceInstanceName: "one",
      environmentName: world.environment,
    });
    const { deployment } = await h.client.send(new GetDeploymentCommand({ id: instance.id }));
    expect(deployment!.targetState!.serviceInstance).toMatchObject({
      templateName: world.serviceTemplate,
      lastSuccessfulEnvironmentDeploymentId: expect.any(String),
    });
    const resources = await h.client.send(
      new ListServiceInstanceProvisionedResourcesCommand({ serviceName: name, serviceInstanceName: "one" }),
    );
    expect(resources.provisionedResources).toEqual([
      { name: "LogGroup", identifier: `${name}-one`, provisioningEngine: "CLOUDFORMATION" },
    ]);
    const pipeline = await h.client.send(
      new ListServicePipelineProvisionedResourcesCommand({ serviceName: name }),
    );
    expect(pipeline.provisionedResources).toEqual([
      {
        name: "Project",
        identifier: expect.stringContaining("Project"),
        provisioningEngine: "CLOUDFORMATION",
      },
    ]);
    expect(
      (await h.client.send(new ListServicePipelineOutputsCommand({ serviceName: name }))).outputs,
    ).toEqual([]);
    const rendered = await h.control.rendered({ service: name, pipeline: "true" });
    expect(rendered.files[0].content).toContain(`Name: "${name}-build"`);
  });

  test("work is stamped when it ends, not when a later request looks at it", async () => {
    const et = await envTemplate(h);
    const { environmentTemplateVersion: v } = await h.client.send(
      new CreateEnvironmentTemplateVersionCommand({ templateName: et, source: { s3: BUNDLES.env } }),
    );
    const name = await environment(h, et, uniq("env"), { settle: false });
    // Everything is due after one step; the first read comes 45 s (emulated) later.
    await h.settle();
    await h.control.advanceClock(45_000);
    const { environment: e } = await h.client.send(new GetEnvironmentCommand({ name }));
    // Wire timestamps are epoch seconds with a fraction: a millisecond either way is rounding.
    const tookMs = (from?: Date, to?: Date) => Math.round((to!.getTime() - from!.getTime()) / 10) * 10;
    expect(tookMs(e!.lastDeploymentAttemptedAt, e!.lastDeploymentSucceededAt)).toBe(STEP_MS);
    const { deployments } = await h.client.send(new ListDeploymentsCommand({ environmentName: name }));
    expect(tookMs(deployments![0].createdAt, deployments![0].completedAt)).toBe(STEP_MS);
    const { environmentTemplateVersion: registered } = await h.client.send(
      new GetEnvironmentTemplateVersionCommand({
        templateName: et,
        majorVersion: v!.majorVersion!,
        minorVersion: v!.minorVersion!,
      }),
    );
    expect(registered!.status).toBe("DRAFT");
    expect(tookMs(registered!.createdAt, registered!.lastModifiedAt)).toBeLessThanOrEqual(STEP_MS);
    expect(tookMs(registered!.createdAt, registered!.lastModifiedAt)).toBeGreaterThan(STEP_MS - 1000);
  });

  test("work held by a frozen phase ends no earlier than the last moment it was seen frozen", async () => {
    const et = await envTemplate(h);
    await h.control.freeze(["deployment"]);
    try {
      const name = await environment(h, et, uniq("env"), { settle: false });
      await h.settle();
      await h.settle();
      // Seen frozen two steps in: the deployment ends there at the earliest.
      const { environment: held } = await h.client.send(new GetEnvironmentCommand({ name }));
      expect(held!.deploymentStatus).toBe("IN_PROGRESS");
      await h.control.thaw(["deployment"]);
      await h.control.advanceClock(30_000);
      const { environment: e } = await h.client.send(new GetEnvironmentCommand({ name }));
      expect(e!.deploymentStatus).toBe("SUCCEEDED");
      const took = e!.lastDeploymentSucceededAt!.getTime() - e!.lastDeploymentAttemptedAt!.getTime();
      expect(took).toBeGreaterThanOrEqual(2 * STEP_MS);
      expect(took).toBeLessThan(2 * STEP_MS + 30_000);
    } finally {
      await h.control.thaw();
    }
  });

  test("ListDeployments pages with the SDK paginator; unknown filters are ResourceNotFoundException", async () => {
    const et = await envTemplate(h);
    const name = await environment(h, et);
    for (let i = 0; i < 2; i++) {
      await h.client.send(new UpdateEnvironmentCommand({ name, deploymentType: "CURRENT_VERSION" }));
      await h.settle();
    }
    const ids: string[] = [];
    for await (const page of paginateListDeployments(
      { client: h.client, pageSize: 2 },
      { environmentName: name },
    ))
      ids.push(...page.deployments!.map((d) => d.id!));
    expect(new Set(ids).size).toBe(3);
    await expectError(
      h.client.send(new ListDeploymentsCommand({ environmentName: uniq("nope") })),
      "ResourceNotFoundException",
    );
    await expectError(
      h.client.send(new ListDeploymentsCommand({ serviceInstanceName: "one" })),
      "ValidationException",
      /needs serviceName/,
    );
  });

  test("DeleteDeployment removes a finished deployment, not the running or last successful one", async () => {
    const et = await envTemplate(h);
    const name = await environment(h, et);
    const { environment: e } = await h.client.send(
      new UpdateEnvironmentCommand({ name, deploymentType: "CURRENT_VERSION" }),
    );
    await expectError(
      h.client.send(new DeleteDeploymentCommand({ id: e!.lastAttemptedDeploymentId })),
      "ValidationException",
      /IN_PROGRESS/,
    );
    await h.settle();
    const { deployments } = await h.client.send(new ListDeploymentsCommand({ environmentName: name }));
    const [latest, first] = deployments!;
    await expectError(
      h.client.send(new DeleteDeploymentCommand({ id: latest.id })),
      "ValidationException",
      /last successful/,
    );
    const { deployment } = await h.client.send(new DeleteDeploymentCommand({ id: first.id }));
    expect(deployment!.id).toBe(first.id);
    expect(await h.client.send(new DeleteDeploymentCommand({ id: first.id }))).not.toHaveProperty(
      "deployment",
    );
    await expectError(h.client.send(new GetDeploymentCommand({ id: first.id })), "ResourceNotFoundException");
  });
});

describe("rendering as Proton does it", () => {
  test("a template naming a missing input fails the deployment with the file, line and name", async () => {
    const et = await envTemplate(h, uniq("envt"), { bundle: BUNDLES.envBroken });
    const name = await environment(h, et);
    const { environment: e } = await h.client.send(new GetEnvironmentCommand({ name }));
    expect(e).toMatchObject({ deploymentStatus: "FAILED" });
    expect(e!.deploymentStatusMessage).toBe(
      "Template rendering failed: infrastructure/cloudformation.yaml line 7: 'environment.inputs.vpc_cidr' is undefined",
    );
    const { deployments } = await h.client.send(new ListDeploymentsCommand({ environmentName: name }));
    expect(deployments![0].deploymentStatus).toBe("FAILED");
  });

  test("instance templates read the environment's outputs; outputs are the rendered Outputs", async () => {
    const et = await envTemplate(h);
    const env = await environment(h, et);
    const st = await serviceTemplate(h, et, uniq("svct"), { bundle: BUNDLES.api });
    const name = await service(h, { environment: env, serviceTemplate: st }, { instances: ["api"] });
    const [vpc] = (await h.client.send(new ListEnvironmentOutputsCommand({ environmentName: env }))).outputs!;
    const { outputs } = await h.client.send(
      new ListServiceInstanceOutputsCommand({ serviceName: name, serviceInstanceName: "api" }),
    );
    expect(Object.fromEntries(outputs!.map((o) => [o.key, o.valueString]))).toEqual({
      Port: "8080",
      VpcId: vpc.valueString,
      QueueUrl: "none",
      SecurityGroupArn: expect.stringMatching(/^arn:aws:ec2:us-east-1:000000000000:securitygroup\/sg-/),
    });
    const rendered = await h.control.rendered({ service: name, instance: "api" });
    expect(rendered.files[0].content).toContain(`VpcId: "${vpc.valueString}"`);
    expect(rendered.provisionedResources.map((r) => r.name)).toEqual(["SecurityGroup", "LogGroup"]);
    const env2 = await h.client.send(
      new ListEnvironmentProvisionedResourcesCommand({ environmentName: env }),
    );
    expect(env2.provisionedResources).toEqual([
      { name: "Vpc", identifier: vpc.valueString, provisioningEngine: "CLOUDFORMATION" },
    ]);
  });

  test("the shipped example bundles render", async () => {
    const { service: s } = await h.client.send(
      new GetServiceCommand({ name: await service(h, await serviceWorld(h)) }),
    );
    expect(s!.status).toBe("ACTIVE");
  });
});

describe("self-managed provisioning (Terraform)", () => {
  async function selfManaged() {
    const et = uniq("envt");
    await h.client.send(new CreateEnvironmentTemplateCommand({ name: et, provisioning: "CUSTOMER_MANAGED" }));
    await addVersion(h, et, { publish: true, bundle: BUNDLES.envTerraform });
    const name = uniq("env");
    const { environment: e } = await h.client.send(
      new CreateEnvironmentCommand({
        name,
        templateName: et,
        templateMajorVersion: "1",
        spec: envSpec({ cidr: "10.9.0.0/16" }),
        provisioningRepository: await linkedRepository(h),
      }),
    );
    return e!;
  }

  test("the deployment stays IN_PROGRESS with the provisioning-repository files until notified", async () => {
    const e = await selfManaged();
    await h.settle();
    await h.settle();
    const { environment: waiting } = await h.client.send(new GetEnvironmentCommand({ name: e.name }));
    expect(waiting!.deploymentStatus).toBe("IN_PROGRESS");
    const rendered = await h.control.rendered({ environment: e.name! });
    expect(rendered.engine).toBe("TERRAFORM");
    expect(rendered.files.map((f) => f.path)).toEqual([
      `${e.name}/main.tf`,
      `${e.name}/proton.environment.variables.tf`,
      `${e.name}/proton.auto.tfvars.json`,
    ]);
    expect(JSON.parse(rendered.files[2].content)).toMatchObject({
      environment: { name: e.name, inputs: { cidr: "10.9.0.0/16", flow_logs: false } },
      proton_tags: { "proton:environment": e.arn },
    });
    await h.client.send(
      new NotifyResourceDeploymentStatusChangeCommand({
        resourceArn: e.arn,
        status: "SUCCEEDED",
        outputs: [{ key: "VpcId", valueString: "vpc-0123" }],
      }),
    );
    const { environment: done } = await h.client.send(new GetEnvironmentCommand({ name: e.name }));
    expect(done!.deploymentStatus).toBe("SUCCEEDED");
    const { outputs } = await h.client.send(new ListEnvironmentOutputsCommand({ environmentName: e.name }));
    expect(outputs).toEqual([{ key: "VpcId", valueString: "vpc-0123" }]);
    await expectError(
      h.client.send(
        new NotifyResourceDeploymentStatusChangeCommand({ resourceArn: e.arn, status: "SUCCEEDED" }),
      ),
      "ConflictException",
      /not in progress/,
    );
  });

  test("a FAILED notification fails the deployment with its message; AWS-managed resources refuse notifications", async () => {
    const e = await selfManaged();
    await h.client.send(
      new NotifyResourceDeploymentStatusChangeCommand({
        resourceArn: e.arn,
        deploymentId: e.lastAttemptedDeploymentId,
        status: "FAILED",
        statusMessage: "terraform apply failed",
      }),
    );
    const { environment: failed } = await h.client.send(new GetEnvironmentCommand({ name: e.name }));
    expect(failed).toMatchObject({
      deploymentStatus: "FAILED",
      deploymentStatusMessage: "terraform apply failed",
    });
    const managed = await environment(h, await envTemplate(h));
    const { environment: m } = await h.client.send(new GetEnvironmentCommand({ name: managed }));
    await expectError(
      h.client.send(
        new NotifyResourceDeploymentStatusChangeCommand({ resourceArn: m!.arn, status: "SUCCEEDED" }),
      ),
      "ValidationException",
      /self-managed/,
    );
  });
});

test("instances in a self-managed environment wait for their notification too; the service with them", async () => {
  const et = uniq("envt");
  await h.client.send(new CreateEnvironmentTemplateCommand({ name: et, provisioning: "CUSTOMER_MANAGED" }));
  await addVersion(h, et, { publish: true, bundle: BUNDLES.envTerraform });
  const env = uniq("env");
  const { environment: e } = await h.client.send(
    new CreateEnvironmentCommand({
      name: env,
      templateName: et,
      templateMajorVersion: "1",
      spec: envSpec(),
      provisioningRepository: await linkedRepository(h),
    }),
  );
  await h.client.send(
    new NotifyResourceDeploymentStatusChangeCommand({ resourceArn: e!.arn, status: "SUCCEEDED" }),
  );
  const st = await serviceTemplate(h, et);
  const name = await service(
    h,
    { environment: env, serviceTemplate: st },
    { pipeline: { build_cmd: "make" } },
  );
  await h.settle();
  const { serviceInstance: waiting } = await h.client.send(
    new GetServiceInstanceCommand({ serviceName: name, name: "one" }),
  );
  expect(waiting!.deploymentStatus).toBe("IN_PROGRESS");
  expect((await h.client.send(new GetServiceCommand({ name }))).service!.status).toBe("CREATE_IN_PROGRESS");
  await h.client.send(
    new NotifyResourceDeploymentStatusChangeCommand({ resourceArn: waiting!.arn, status: "SUCCEEDED" }),
  );
  expect((await h.client.send(new GetServiceCommand({ name }))).service!.status).toBe("ACTIVE");
});

test("the rendered-files control route refuses unknown queries and names what it can't find", async () => {
  await expect(h.control.rendered({ environment: uniq("nope") })).rejects.toThrow(
    /404|no deployment|existing resource/,
  );
  const res = await fetch(`${h.control.base}/rendered?colour=blue`);
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: string }).error).toMatch(/unknown query colour/);
});

test("GetResourcesSummary counts the account's resources", async () => {
  const before = (await h.client.send(new GetResourcesSummaryCommand({}))).counts!;
  const world = await serviceWorld(h);
  await service(h, world, { instances: ["a", "b"], pipeline: { build_cmd: "make" } });
  const after = (await h.client.send(new GetResourcesSummaryCommand({}))).counts!;
  expect(after.environmentTemplates!.total).toBe(before.environmentTemplates!.total! + 1);
  expect(after.serviceTemplates!.total).toBe(before.serviceTemplates!.total! + 1);
  expect(after.environments!.total).toBe(before.environments!.total! + 1);
  expect(after.services).toMatchObject({ total: before.services!.total! + 1 });
  expect(after.serviceInstances!.total).toBe(before.serviceInstances!.total! + 2);
  expect(after.serviceInstances!.upToDate).toBe(before.serviceInstances!.upToDate! + 2);
  expect(after.pipelines!.total).toBe(before.pipelines!.total! + 1);
  expect(after.components).toMatchObject({ total: before.components!.total, failed: 0 });
});
