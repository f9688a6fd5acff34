import { DeleteComponentCommand, GetComponentCommand, ListComponentsCommand } from "@aws-sdk/client-proton";
import { UNKNOWN } from "../../provider/engine/values";
import {
  BUCKET,
  envSpec,
  publishedEnvTemplate,
  ROLE_ARN,
  startHarness,
  unique,
  WEB_BUNDLE_DIR,
  type ProviderHarness,
  type Props,
} from "./harness";

// Directly defined components through the generic lifecycle against proton-local: client-token create,
// deployment waits, redeploys in place, outputs from ListComponentOutputs, asynchronous delete.

let h: ProviderHarness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());

const MANIFEST =
  "infrastructure:\n  templates:\n    - file: cloudformation.yaml\n      rendering_engine: jinja\n      template_language: cloudformation\n";
const queue = (suffix: string) =>
  [
    "Resources:",
    "  Queue:",
    "    Type: AWS::SQS::Queue",
    "    Properties:",
    `      QueueName: '{{ component.name }}-${suffix}'`,
    "Outputs:",
    "  QueueUrl:",
    "    Value: !Ref Queue",
    "  Vpc:",
    "    Value: '{{ environment.outputs.VpcId }}'",
  ].join("\n");

async function environmentAllowingComponents() {
  const { templateName } = await publishedEnvTemplate(h);
  const name = unique("env");
  const { outs } = await h.create("Environment", {
    name,
    templateName,
    templateMajorVersion: "1",
    spec: envSpec(),
    protonServiceRoleArn: ROLE_ARN,
    componentRoleArn: ROLE_ARN,
    logicalId: `p/s/${name}`,
  });
  return { name, outs };
}

/** The inputs of a queue component (template "a") on a new environment that allows components. */
async function queueComponent() {
  const env = await environmentAllowingComponents();
  const name = unique("queue");
  const inputs = {
    name,
    environmentName: env.name,
    manifest: MANIFEST,
    templateFile: queue("a"),
    logicalId: `p/s/${name}`,
  };
  return { name, env, inputs };
}

test("a component deploys with its outputs, a retried create finds it, a change redeploys it, delete waits until gone", async () => {
  const { name, env, inputs } = await queueComponent();
  const { id, outs } = await h.create("Component", inputs);
  expect(id).toBe(name);
  expect(outs).toMatchObject({ deploymentStatus: "SUCCEEDED", templateFile: queue("a") });
  const outputs = outs.outputs as Record<string, string>;
  expect(outputs.QueueUrl).toMatch(new RegExp(`/${name}-a$`));
  expect(outputs.Vpc).toMatch(/^vpc-/);
  // The same client token: Proton answers with the component instead of making a second one.
  expect((await h.create("Component", inputs)).id).toBe(id);
  const all = await h.client.send(new ListComponentsCommand({ environmentName: env.name }));
  expect(all.components).toHaveLength(1);

  expect(await h.diff("Component", outs, inputs)).toMatchObject({ changes: false });
  const next = { ...inputs, templateFile: queue("b") };
  expect(await h.diff("Component", outs, next)).toMatchObject({ changes: true, replaces: [] });
  expect(await h.diff("Component", outs, { ...inputs, environmentName: "other" })).toMatchObject({
    replaces: ["environmentName"],
  });
  const { outs: updated } = (await h.provider("Component").update(id, outs, next)) as { outs: Props };
  expect(updated.deploymentStatus).toBe("SUCCEEDED");
  expect((updated.outputs as Record<string, string>).QueueUrl).toMatch(new RegExp(`/${name}-b$`));
  expect(updated.lastSucceededDeploymentId).not.toBe(outs.lastSucceededDeploymentId);

  // A refresh with nothing changed keeps the state as it is.
  const refreshed = await h.provider("Component").read(id, updated);
  expect(refreshed.props).toEqual(updated);

  await h.provider("Component").delete(id, updated);
  await expect(h.client.send(new GetComponentCommand({ name }))).rejects.toMatchObject({
    name: "ResourceNotFoundException",
  });
  // Already gone: delete succeeds.
  await h.provider("Component").delete(id, updated);
});

test("a description change updates in place without a deployment", async () => {
  const { name, inputs } = await queueComponent();
  const { id, outs } = await h.create("Component", inputs);
  const { outs: updated } = (await h
    .provider("Component")
    .update(id, outs, { ...inputs, description: "queues" })) as { outs: Props };
  expect(updated.lastAttemptedDeploymentId).toBe(outs.lastAttemptedDeploymentId);
  expect((await h.client.send(new GetComponentCommand({ name }))).component?.description).toBe("queues");
  await h.client.send(new DeleteComponentCommand({ name }));
  await h.provider("Component").delete(id, updated);
  expect((await h.provider("Component").read(id, updated)).id).toBe("");
});

/** A service on a new environment allowing components, its instances `a` (and more), its template allowing them. */
async function serviceAllowingComponents(instances = ["a"]) {
  const env = await environmentAllowingComponents();
  const template = unique("svctpl");
  await h.create("ServiceTemplate", { name: template, logicalId: `p/s/${template}` });
  await h.create("ServiceTemplateVersion", {
    templateName: template,
    source: { s3: { bucket: BUCKET, key: "svc-web/v1" } },
    bundleDir: WEB_BUNDLE_DIR,
    compatibleEnvironmentTemplates: [{ templateName: env.outs.templateName, majorVersion: "1" }],
    supportedComponentSources: ["DIRECTLY_DEFINED"],
    logicalId: `p/s/${template}-v1`,
  });
  const service = unique("svc");
  await h.create("Service", {
    name: service,
    templateName: template,
    templateMajorVersion: "1",
    spec:
      "proton: ServiceSpec\npipeline:\n  build_cmd: make\ninstances:\n" +
      instances
        .map((i) => `  - name: ${i}\n    environment: ${env.name}\n    spec:\n      port: 80\n`)
        .join(""),
    logicalId: `p/s/${service}`,
  });
  return { env, service };
}

/** The inputs of a queue component attached to instance `a` of `service`. */
function attachedTo(service: string, extra: Props = {}) {
  const name = unique("queue");
  const inputs = {
    name,
    serviceName: service,
    serviceInstanceName: "a",
    manifest: MANIFEST,
    templateFile: queue("a"),
    logicalId: `p/s/${name}`,
    ...extra,
  };
  return { name, inputs };
}

test("a component attached to a service instance, its environment left out, refreshes with no change", async () => {
  const { env, service } = await serviceAllowingComponents();
  const { name, inputs } = attachedTo(service);
  const { id, outs } = await h.create("Component", inputs);
  expect((await h.client.send(new GetComponentCommand({ name }))).component?.environmentName).toBe(env.name);
  expect(outs.environmentName).toBe(env.name);
  const refreshed = await h.provider("Component").read(id, outs);
  expect(refreshed.props).toEqual(outs);
  expect(await h.diff("Component", refreshed.props!, inputs)).toMatchObject({ changes: false });
  await h.provider("Component").delete(id, outs);
});

test("a component moves to another instance in place; a new name or manifest replaces it, deleting first", async () => {
  const { service } = await serviceAllowingComponents(["a", "b"]);
  const { name, inputs } = attachedTo(service);
  const { id, outs } = await h.create("Component", inputs);
  const moved = { ...inputs, serviceInstanceName: "b" };
  expect(await h.diff("Component", outs, moved)).toMatchObject({ changes: true, replaces: [] });
  // An instance name another resource has not produced yet (preview) may change: an update, not a replacement.
  expect(await h.diff("Component", outs, { ...inputs, serviceInstanceName: UNKNOWN })).toMatchObject({
    changes: true,
    replaces: [],
  });
  const { outs: after } = (await h.provider("Component").update(id, outs, moved)) as { outs: Props };
  expect(after).toMatchObject({ deploymentStatus: "SUCCEEDED", serviceInstanceName: "b" });
  const { component } = await h.client.send(new GetComponentCommand({ name }));
  expect(component).toMatchObject({ serviceName: service, serviceInstanceName: "b" });
  // Proton keeps one component of a name (and an instance one component): a replacement deletes first.
  for (const changed of [{ name: unique("queue") }, { manifest: `${MANIFEST}# v2\n` }])
    expect(await h.diff("Component", after, { ...moved, ...changed })).toMatchObject({
      changes: true,
      deleteBeforeReplace: true,
    });
  await h.provider("Component").delete(id, after);
});

test("a component attached with its environment left out detaches in place, naming the environment it is in", async () => {
  const { env, service } = await serviceAllowingComponents();
  const { name, inputs } = attachedTo(service);
  const { id, outs } = await h.create("Component", inputs);
  const { serviceName: _s, serviceInstanceName: _i, ...rest } = inputs;
  const detached = { ...rest, environmentName: env.name };
  expect((await h.check("Component", detached)).failures).toEqual([]);
  expect(await h.diff("Component", outs, detached)).toMatchObject({ changes: true, replaces: [] });
  // Another environment is a move no update makes.
  expect(await h.diff("Component", outs, { ...detached, environmentName: "other" })).toMatchObject({
    replaces: ["environmentName"],
  });
  const { outs: after } = (await h.provider("Component").update(id, outs, detached)) as { outs: Props };
  expect(after).toMatchObject({ deploymentStatus: "SUCCEEDED", environmentName: env.name });
  const { component } = await h.client.send(new GetComponentCommand({ name }));
  expect(component).toMatchObject({ environmentName: env.name });
  expect(component?.serviceName).toBeUndefined();
  const refreshed = await h.provider("Component").read(id, after);
  expect(await h.diff("Component", refreshed.props!, detached)).toMatchObject({ changes: false });
  await h.provider("Component").delete(id, after);
});

test("a state recorded before the component's environment was detaches in place too, checked against Proton", async () => {
  const { env, service } = await serviceAllowingComponents();
  const { name, inputs } = attachedTo(service);
  const { id, outs } = await h.create("Component", inputs);
  const { environmentName: _e, ...older } = outs;
  const { serviceName: _s, serviceInstanceName: _i, ...rest } = inputs;
  const wrong = { ...rest, environmentName: "elsewhere" };
  expect(await h.diff("Component", older, wrong)).toMatchObject({ changes: true, replaces: [] });
  // Another environment than Proton's: refused before anything is sent.
  await expect(h.provider("Component").update(id, older, wrong)).rejects.toThrow(
    new RegExp(
      `is in environment '${env.name}', not 'elsewhere': moving it to another environment needs a replacement`,
    ),
  );
  expect((await h.client.send(new GetComponentCommand({ name }))).component?.serviceName).toBe(service);
  const { outs: after } = (await h
    .provider("Component")
    .update(id, older, { ...rest, environmentName: env.name })) as { outs: Props };
  expect(after).toMatchObject({ environmentName: env.name });
  expect((await h.client.send(new GetComponentCommand({ name }))).component?.serviceName).toBeUndefined();
  await h.provider("Component").delete(id, after);
});

test("refresh keeps a standalone component's environment among its inputs", async () => {
  const { inputs } = await queueComponent();
  const { id, outs } = await h.create("Component", inputs);
  const refreshed = await h.provider("Component").read(id, outs);
  expect(refreshed.inputs).toMatchObject({ environmentName: inputs.environmentName });
  expect((await h.provider("Component").check({}, refreshed.inputs!)).failures).toEqual([]);
  await h.provider("Component").delete(id, outs);
});

test("a service spec taken out replaces the component: UpdateComponent keeps a spec it is not sent", async () => {
  const { env, service } = await serviceAllowingComponents();
  const serviceSpec = `proton: ServiceSpec\ninstances:\n  - name: a\n    environment: ${env.name}\n    spec:\n      port: 81\n`;
  const { inputs } = attachedTo(service, { serviceSpec });
  const { id, outs } = await h.create("Component", inputs);
  const changedSpec = { ...inputs, serviceSpec: serviceSpec.replace("81", "82") };
  expect(await h.diff("Component", outs, changedSpec)).toMatchObject({ changes: true, replaces: [] });
  expect(await h.diff("Component", outs, { ...inputs, serviceSpec: undefined })).toMatchObject({
    changes: true,
    replaces: ["serviceSpec"],
    deleteBeforeReplace: true,
  });
  await h.provider("Component").delete(id, outs);
});
