import { expect } from "@jest/globals";
import {
  CancelComponentDeploymentCommand,
  CreateComponentCommand,
  DeleteComponentCommand,
  DeleteEnvironmentCommand,
  DeleteServiceCommand,
  GetComponentCommand,
  ListComponentOutputsCommand,
  ListComponentProvisionedResourcesCommand,
  ListComponentsCommand,
  ListDeploymentsCommand,
  ListTagsForResourceCommand,
  ListServiceInstanceOutputsCommand,
  UpdateComponentCommand,
  UpdateEnvironmentCommand,
  UpdateServiceCommand,
  UpdateServiceInstanceCommand,
  UpdateServiceTemplateVersionCommand,
  paginateListComponents,
  waitUntilComponentDeleted,
  waitUntilComponentDeployed,
  waitUntilServiceInstanceDeployed,
} from "@aws-sdk/client-proton";
import {
  BUNDLES,
  ROLE_ARN,
  environment,
  envTemplate,
  expectError,
  service,
  serviceSpec,
  serviceTemplate,
  uniq,
  useHarness,
} from "./helpers";

// Directly defined components through the SDK, with the SDK's component waiters: async work takes
// real (short) time here so the waiters poll.

const h = useHarness({
  durations: { registrationMs: 100, deploymentMs: 100, deletionMs: 100, cancellationMs: 100 },
});
const waiter = () => ({ client: h.client, minDelay: 0.05, maxDelay: 0.2, maxWaitTime: 10 });

const MANIFEST =
  "infrastructure:\n  templates:\n    - file: cloudformation.yaml\n      rendering_engine: jinja\n      template_language: cloudformation\n";
const QUEUE = [
  "Resources:",
  "  Queue:",
  "    Type: AWS::SQS::Queue",
  "    Properties:",
  "      QueueName: '{{ component.name }}-{{ environment.name }}'",
  "Outputs:",
  "  QueueUrl:",
  "    Value: !Ref Queue",
  "  Vpc:",
  "    Value: '{{ environment.outputs.VpcId }}'",
].join("\n");

/** An environment allowing components, and an API service (instance `api`) whose template allows them. */
async function world(options: { allowComponents?: boolean; instances?: string[] } = {}) {
  const et = await envTemplate(h);
  const env = await environment(h, et);
  await h.client.send(
    new UpdateEnvironmentCommand({ name: env, deploymentType: "NONE", componentRoleArn: ROLE_ARN }),
  );
  const st = await serviceTemplate(h, et, uniq("svct"), { bundle: BUNDLES.api });
  if (options.allowComponents !== false)
    await h.client.send(
      new UpdateServiceTemplateVersionCommand({
        templateName: st,
        majorVersion: "1",
        minorVersion: "0",
        supportedComponentSources: ["DIRECTLY_DEFINED"],
      }),
    );
  const instances = options.instances ?? ["api"];
  const svc = await service(h, { environment: env, serviceTemplate: st }, { instances });
  return { env, svc };
}

test("a component deploys (ComponentDeployed), renders its outputs, and deletes (ComponentDeleted)", async () => {
  const { env } = await world();
  const name = uniq("queue");
  const create = {
    name,
    environmentName: env,
    manifest: MANIFEST,
    templateFile: QUEUE,
    clientToken: uniq("t"),
  };
  const { component } = await h.client.send(new CreateComponentCommand(create));
  expect(component).toMatchObject({
    name,
    environmentName: env,
    deploymentStatus: "IN_PROGRESS",
    lastClientRequestToken: create.clientToken,
  });
  // The same client token answers with the same component instead of a conflict.
  expect((await h.client.send(new CreateComponentCommand(create))).component!.arn).toBe(component!.arn);
  expect((await waitUntilComponentDeployed(waiter(), { name })).state).toBe("SUCCESS");
  const { outputs } = await h.client.send(new ListComponentOutputsCommand({ componentName: name }));
  expect(Object.fromEntries(outputs!.map((o) => [o.key, o.valueString]))).toEqual({
    QueueUrl: expect.stringMatching(
      new RegExp(`^https://sqs\\.us-east-1\\.amazonaws\\.com/000000000000/${name}-${env}$`),
    ),
    Vpc: expect.stringMatching(/^vpc-/),
  });
  const { provisionedResources } = await h.client.send(
    new ListComponentProvisionedResourcesCommand({ componentName: name }),
  );
  expect(provisionedResources!.map((r) => r.name)).toEqual(["Queue"]);
  const { deployments } = await h.client.send(new ListDeploymentsCommand({ componentName: name }));
  expect(deployments).toEqual([
    expect.objectContaining({ targetResourceType: "COMPONENT", deploymentStatus: "SUCCEEDED" }),
  ]);
  const { components } = await h.client.send(new ListComponentsCommand({ environmentName: env }));
  expect(components!.map((c) => c.name)).toEqual([name]);
  await expectError(
    h.client.send(new DeleteEnvironmentCommand({ name: env })),
    "ConflictException",
    /component/,
  );
  const { component: deleting } = await h.client.send(new DeleteComponentCommand({ name }));
  expect(deleting!.deploymentStatus).toBe("DELETE_IN_PROGRESS");
  expect((await waitUntilComponentDeleted(waiter(), { name })).state).toBe("SUCCESS");
  expect(await h.client.send(new DeleteComponentCommand({ name }))).not.toHaveProperty("component");
});

test("an attached component's outputs reach its instance; it blocks the instance's removal until detached", async () => {
  const { env, svc } = await world();
  const name = uniq("queue");
  await h.client.send(
    new CreateComponentCommand({
      name,
      serviceName: svc,
      serviceInstanceName: "api",
      serviceSpec: serviceSpec([{ name: "api", environment: env, spec: { port: 9000 } }]),
      manifest: MANIFEST,
      templateFile: QUEUE,
    }),
  );
  await waitUntilComponentDeployed(waiter(), { name });
  const { component } = await h.client.send(new GetComponentCommand({ name }));
  expect(component).toMatchObject({ environmentName: env, serviceName: svc, serviceInstanceName: "api" });
  await expectError(
    h.client.send(
      new CreateComponentCommand({
        name: uniq("other"),
        serviceName: svc,
        serviceInstanceName: "api",
        manifest: MANIFEST,
        templateFile: QUEUE,
      }),
    ),
    "ConflictException",
    /already has component/,
  );
  await h.client.send(
    new UpdateServiceInstanceCommand({ serviceName: svc, name: "api", deploymentType: "CURRENT_VERSION" }),
  );
  await waitUntilServiceInstanceDeployed(waiter(), { serviceName: svc, name: "api" });
  const { outputs } = await h.client.send(
    new ListServiceInstanceOutputsCommand({ serviceName: svc, serviceInstanceName: "api" }),
  );
  const [componentQueue] = (await h.client.send(new ListComponentOutputsCommand({ componentName: name })))
    .outputs!;
  expect(outputs!.find((o) => o.key === "QueueUrl")!.valueString).toBe(componentQueue.valueString);
  await expectError(
    h.client.send(new DeleteServiceCommand({ name: svc })),
    "ConflictException",
    new RegExp(`component '${name}'`),
  );
  await expectError(
    h.client.send(new UpdateComponentCommand({ name, deploymentType: "NONE", templateFile: QUEUE })),
    "ValidationException",
    /NONE can only change the description/,
  );
  await h.client.send(
    new UpdateComponentCommand({
      name,
      deploymentType: "CURRENT_VERSION",
      serviceName: "",
      serviceInstanceName: "",
    }),
  );
  await waitUntilComponentDeployed(waiter(), { name });
  const { component: detached } = await h.client.send(new GetComponentCommand({ name }));
  expect(detached).not.toHaveProperty("serviceName");
  expect(detached!.environmentName).toBe(env);
});

/** Creates queue component `name` attached to instance `instance` of service `svc`. */
const attach = (name: string, svc: string, instance: string) =>
  h.client.send(
    new CreateComponentCommand({
      name,
      serviceName: svc,
      serviceInstanceName: instance,
      manifest: MANIFEST,
      templateFile: QUEUE,
    }),
  );

test("a component is attached from its create: shown while it deploys, and its instance can't change or go under it", async () => {
  const { env, svc } = await world();
  const name = uniq("queue");
  const { component: created } = await attach(name, svc, "api");
  const attached = { environmentName: env, serviceName: svc, serviceInstanceName: "api" };
  expect(created).toMatchObject({ ...attached, deploymentStatus: "IN_PROGRESS" });
  const { component: deploying } = await h.client.send(new GetComponentCommand({ name }));
  expect(deploying).toMatchObject({ ...attached, deploymentStatus: "IN_PROGRESS" });
  const listed = await h.client.send(new ListComponentsCommand({ serviceName: svc }));
  expect(listed.components!.map((c) => c.name)).toEqual([name]);
  // "You can't update a service instance while ... the deployment status of a component attached to it, is
  // IN_PROGRESS"; "You can't delete a service if it has any service instances that have components attached".
  await expectError(
    h.client.send(
      new UpdateServiceInstanceCommand({ serviceName: svc, name: "api", deploymentType: "CURRENT_VERSION" }),
    ),
    "ConflictException",
    new RegExp(`component '${name}' attached to service instance '${svc}/api' .*IN_PROGRESS`),
  );
  await expectError(
    h.client.send(new DeleteServiceCommand({ name: svc })),
    "ConflictException",
    new RegExp(`component '${name}'`),
  );
  await waitUntilComponentDeployed(waiter(), { name });
  // Settled, the instance updates again.
  await h.client.send(
    new UpdateServiceInstanceCommand({ serviceName: svc, name: "api", deploymentType: "CURRENT_VERSION" }),
  );
  await waitUntilServiceInstanceDeployed(waiter(), { serviceName: svc, name: "api" });
});

test("a component moving to another instance keeps both: neither can be dropped until it settles", async () => {
  const { env, svc } = await world({ instances: ["api", "worker"] });
  const name = uniq("queue");
  await attach(name, svc, "api");
  await waitUntilComponentDeployed(waiter(), { name });
  await h.client.send(
    new UpdateComponentCommand({
      name,
      deploymentType: "CURRENT_VERSION",
      serviceName: svc,
      serviceInstanceName: "worker",
    }),
  );
  // Dropping the instance it moves to would leave it attached to nothing once it succeeds.
  await expectError(
    h.client.send(
      new UpdateServiceCommand({
        name: svc,
        spec: serviceSpec([{ name: "api", environment: env, spec: { port: 8080 } }]),
      }),
    ),
    "ConflictException",
    new RegExp(`component '${name}'`),
  );
  await waitUntilComponentDeployed(waiter(), { name });
  const { component } = await h.client.send(new GetComponentCommand({ name }));
  expect(component).toMatchObject({ serviceName: svc, serviceInstanceName: "worker" });
});

test("Proton's rules: a component role, a template version that allows components, valid pairs", async () => {
  const { svc } = await world({ allowComponents: false });
  const base = { manifest: MANIFEST, templateFile: QUEUE };
  await expectError(
    h.client.send(
      new CreateComponentCommand({ name: uniq("c"), serviceName: svc, serviceInstanceName: "api", ...base }),
    ),
    "ValidationException",
    /supportedComponentSources/,
  );
  await expectError(
    h.client.send(new CreateComponentCommand({ name: uniq("c"), serviceName: svc, ...base })),
    "ValidationException",
    /together/,
  );
  await expectError(
    h.client.send(new CreateComponentCommand({ name: uniq("c"), ...base })),
    "ValidationException",
    /needs environmentName/,
  );
  const bare = await environment(h, await envTemplate(h));
  await expectError(
    h.client.send(new CreateComponentCommand({ name: uniq("c"), environmentName: bare, ...base })),
    "ValidationException",
    /componentRoleArn/,
  );
});

test("a component template naming a missing value fails its deployment with the name", async () => {
  const { env } = await world();
  const name = uniq("broken");
  await h.client.send(
    new CreateComponentCommand({
      name,
      environmentName: env,
      manifest: MANIFEST,
      templateFile:
        "Resources:\n  X:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: '{{ service_instance.name }}'\n",
    }),
  );
  await expect(waitUntilComponentDeployed(waiter(), { name })).rejects.toThrow(/FAILED/);
  const { component } = await h.client.send(new GetComponentCommand({ name }));
  expect(component!.deploymentStatusMessage).toBe(
    "Template rendering failed: cloudformation.yaml line 5: 'service_instance' is undefined",
  );
});

test("ComponentDeleted's failure acceptor: a deletion told to fail ends DELETE_FAILED with its message", async () => {
  const { env } = await world();
  const name = uniq("queue");
  await h.client.send(
    new CreateComponentCommand({ name, environmentName: env, manifest: MANIFEST, templateFile: QUEUE }),
  );
  await waitUntilComponentDeployed(waiter(), { name });
  await h.control.addFault({ kind: "fail-deletion", resource: name, message: "stack deletion failed" });
  await h.client.send(new DeleteComponentCommand({ name }));
  await expect(waitUntilComponentDeleted(waiter(), { name })).rejects.toThrow(/DELETE_FAILED/);
  const { component } = await h.client.send(new GetComponentCommand({ name }));
  expect(component).toMatchObject({
    deploymentStatus: "DELETE_FAILED",
    deploymentStatusMessage: "stack deletion failed",
  });
  await h.client.send(new DeleteComponentCommand({ name }));
  expect((await waitUntilComponentDeleted(waiter(), { name })).state).toBe("SUCCESS");
});

test("a component deployment can be cancelled; components are taggable and listed page by page", async () => {
  const { env } = await world();
  const names = [uniq("a"), uniq("b"), uniq("c")].sort();
  // Frozen, so the deployments still run when the cancel arrives, however slow the machine is.
  await h.control.freeze(["deployment"]);
  for (const name of names)
    await h.client.send(
      new CreateComponentCommand({
        name,
        environmentName: env,
        manifest: MANIFEST,
        templateFile: QUEUE,
        tags: [{ key: "team", value: "web" }],
      }),
    );
  try {
    const { component } = await h.client.send(
      new CancelComponentDeploymentCommand({ componentName: names[0] }),
    );
    expect(component!.deploymentStatus).toBe("CANCELLING");
  } finally {
    await h.control.thaw(["deployment"]);
  }
  await expect(waitUntilComponentDeployed(waiter(), { name: names[1] })).resolves.toMatchObject({
    state: "SUCCESS",
  });
  await h.control.advanceClock(1000);
  const { component: cancelled } = await h.client.send(new GetComponentCommand({ name: names[0] }));
  expect(cancelled!.deploymentStatus).toBe("CANCELLED");
  const { deployments } = await h.client.send(new ListDeploymentsCommand({ componentName: names[0] }));
  expect(deployments!.map((d) => d.deploymentStatus)).toEqual(["CANCELLED"]);
  const { tags } = await h.client.send(new ListTagsForResourceCommand({ resourceArn: cancelled!.arn }));
  expect(tags).toEqual([{ key: "team", value: "web" }]);
  const seen: string[] = [];
  for await (const page of paginateListComponents(
    { client: h.client, pageSize: 2 },
    { environmentName: env },
  ))
    seen.push(...page.components!.map((c) => c.name!));
  expect(seen).toEqual(names);
});
