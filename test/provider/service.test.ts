import { expect } from "@jest/globals";
import {
  GetServiceCommand,
  ListEnvironmentOutputsCommand,
  ListServiceInstancesCommand,
  UpdateServiceInstanceCommand,
  waitUntilServiceInstanceDeployed,
  ListEnvironmentTemplateVersionsCommand,
} from "@aws-sdk/client-proton";
import {
  envSpec,
  publishedEnvTemplate,
  ROLE_ARN,
  startHarness,
  SVC_OUTPUTS_KEY,
  unique,
  versionOn,
  type ProviderHarness,
  type Props,
  partialFailure,
} from "./harness";

let h: ProviderHarness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());

const spec = (instances: { name: string; env: string; port: number }[], build = "make ci") =>
  [
    "proton: ServiceSpec",
    "pipeline:",
    `  build_cmd: ${build}`,
    "instances:",
    ...instances.flatMap((i) => [
      `  - name: ${i.name}`,
      `    environment: ${i.env}`,
      "    spec:",
      `      port: ${i.port}`,
    ]),
    "",
  ].join("\n");

/** The inputs with instance b's port and the pipeline's build command changed. */
const withInstanceAndPipelineChanged = (inputs: Record<string, unknown>, envs: string[]) => ({
  ...inputs,
  spec: spec(
    [
      { name: "a", env: envs[0], port: 8080 },
      { name: "b", env: envs[1], port: 81 },
    ],
    "make release",
  ),
});

async function platform(bundleKey = "svc-web/v1") {
  const { templateName: envTemplate } = await publishedEnvTemplate(h);
  const envs: string[] = [];
  for (const _ of [1, 2]) {
    const name = unique("env");
    await h.create("Environment", {
      name,
      templateName: envTemplate,
      templateMajorVersion: "1",
      spec: envSpec(),
      protonServiceRoleArn: ROLE_ARN,
      logicalId: `p/s/${name}`,
    });
    envs.push(name);
  }
  const svcTemplate = unique("svctpl");
  await h.create("ServiceTemplate", { name: svcTemplate, logicalId: `p/s/${svcTemplate}` });
  const version = await h.create("ServiceTemplateVersion", {
    ...versionOn(svcTemplate, bundleKey),
    compatibleEnvironmentTemplates: [{ templateName: envTemplate, majorVersion: "1" }],
    logicalId: `p/s/${svcTemplate}-v1`,
  });
  return { envs, svcTemplate, envTemplate, schema: version.outs.schema };
}

async function serviceInputs(bundleKey?: string) {
  const { envs, svcTemplate, envTemplate, schema } = await platform(bundleKey);
  const name = unique("svc");
  const inputs = {
    name,
    templateName: svcTemplate,
    templateMajorVersion: "1",
    spec: spec([
      { name: "a", env: envs[0], port: 80 },
      { name: "b", env: envs[1], port: 81 },
    ]),
    templateSchema: schema,
    logicalId: `p/s/${name}`,
  };
  return { inputs, envs, envTemplate };
}

async function service(bundleKey?: string) {
  const { inputs, envs, envTemplate } = await serviceInputs(bundleKey);
  const created = await h.create("Service", inputs);
  return { ...created, inputs, envs, envTemplate };
}

const instanceNames = async (serviceName: string) =>
  ((await h.client.send(new ListServiceInstancesCommand({ serviceName }))).serviceInstances ?? [])
    .map((i) => i.name)
    .sort();

test("create deploys the instances and the pipeline and reports them", async () => {
  const { outs } = await service();
  expect(outs.status).toBe("ACTIVE");
  expect(outs.instances).toEqual([
    expect.objectContaining({ name: "a", deploymentStatus: "SUCCEEDED" }),
    expect.objectContaining({ name: "b", deploymentStatus: "SUCCEEDED" }),
  ]);
  expect(outs.pipeline).toMatchObject({ deploymentStatus: "SUCCEEDED", templateMajorVersion: "1" });
});

test("instance order and formatting never diff", async () => {
  const { outs, inputs, envs } = await service();
  const reordered = `proton: ServiceSpec\ninstances:\n- {name: b, environment: ${envs[1]}, spec: {port: 81}}\n- {name: a, environment: ${envs[0]}, spec: {port: 80}}\npipeline: {build_cmd: "make ci"}\n`;
  expect(await h.diff("Service", outs, { ...inputs, spec: reordered })).toMatchObject({ changes: false });
});

test("adding and removing instances goes through UpdateService, in place", async () => {
  const { id, outs, inputs, envs } = await service();
  const news = {
    ...inputs,
    spec: spec([
      { name: "a", env: envs[0], port: 80 },
      { name: "c", env: envs[1], port: 90 },
    ]),
  };
  expect(await h.diff("Service", outs, news)).toMatchObject({ changes: true, replaces: [] });
  await h.mark();
  const { outs: updated } = (await h.provider("Service").update(id, outs, news)) as {
    outs: Record<string, unknown>;
  };
  expect(await instanceNames(id)).toEqual(["a", "c"]);
  expect(updated.status).toBe("ACTIVE");
  const counts = await h.counts();
  expect(counts.UpdateService.ok).toBe(1);
  expect(counts.UpdateServiceInstance).toBeUndefined();
});

test("changed instance inputs go through UpdateServiceInstance, pipeline inputs through UpdateServicePipeline", async () => {
  const { id, outs, inputs, envs } = await service();
  const news = withInstanceAndPipelineChanged(inputs, envs);
  await h.mark();
  await h.provider("Service").update(id, outs, news);
  const counts = await h.counts();
  expect(counts.UpdateService).toBeUndefined();
  expect(counts.UpdateServiceInstance.ok).toBe(1);
  expect(counts.UpdateServicePipeline.ok).toBe(1);
  const read = await h.provider("Service").read(id, { ...outs, spec: news.spec });
  expect(read.inputs?.spec).toBe(news.spec);
});

test("preview-time check rejects instance inputs that break the template schema", async () => {
  const { inputs, envs } = await service();
  const bad = { ...inputs, spec: spec([{ name: "a", env: envs[0], port: 70000 }]) };
  const { failures } = await h.check("Service", bad);
  expect(failures).toEqual([
    expect.objectContaining({
      property: "spec",
      reason: expect.stringMatching(/instance 'a' input port must be <= 65535/),
    }),
  ]);
});

test("refresh after an out-of-band instance change reports it; without drift no diff", async () => {
  const { id, outs, inputs } = await service();
  const clean = await h.provider("Service").read(id, outs);
  expect((await h.diff("Service", clean.props!, inputs)).changes).toBe(false);
  expect(clean.inputs?.spec).toBe(inputs.spec);
});

test("delete is asynchronous and polled until the service is gone", async () => {
  const { id, outs } = await service();
  await h.provider("Service").delete(id, outs);
  await expect(h.client.send(new GetServiceCommand({ name: id }))).rejects.toThrow(/does not exist/);
  expect((await h.provider("Service").read(id, outs)).id).toBe("");
});

test("a failed instance deployment is redeployed under a new token; a lost answer does not deploy twice", async () => {
  const { id, outs: created, inputs, envs } = await service();
  await h.control.addFault({ kind: "fail-deployment", resource: "a", message: "task exited" });
  const news = {
    ...inputs,
    spec: spec([
      { name: "a", env: envs[0], port: 90 },
      { name: "b", env: envs[1], port: 81 },
    ]),
  };
  const failed = await partialFailure(h.provider("Service").update(id, created, news));
  expect(failed.message).toMatch(/instance 'a' FAILED: task exited/);

  await h.mark();
  await h.control.addFault({ kind: "lose-response", operation: "UpdateServiceInstance", count: 1 });
  const { outs } = (await h.provider("Service").update(id, failed.properties, news)) as {
    outs: Record<string, unknown>;
  };
  expect(outs.instances).toEqual([
    expect.objectContaining({ name: "a", deploymentStatus: "SUCCEEDED" }),
    expect.objectContaining({ name: "b", deploymentStatus: "SUCCEEDED" }),
  ]);
  const calls = (await h.control.calls({ operation: "UpdateServiceInstance" })).calls.slice(-3);
  const [original, lost, resent] = calls;
  expect([lost.error, resent.status]).toEqual(["ResponseLost", 200]);
  // The SDK resent the recovery with its token, and Proton answered with that same deployment.
  expect(resent.target?.clientToken).toBe(lost.target?.clientToken);
  expect(lost.target?.clientToken).not.toBe(original.target?.clientToken);
});

/** Holds `phase` (frozen by the caller) until `operation` was called `times` times since the last mark. */
async function heldUntilCalled<T>(
  phase: "deployment" | "deletion",
  operation: string,
  times: number,
  waiting: Promise<T>,
): Promise<T> {
  for (;;) {
    if (((await h.counts())[operation]?.total ?? 0) >= times) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await h.control.thaw([phase]);
  return waiting;
}

test("a service poll costs GetService and ListServiceInstances; each instance is read once, when the wait ends", async () => {
  const { inputs } = await serviceInputs();
  await h.mark();
  await h.control.freeze(["deployment"]);
  const { outs } = await heldUntilCalled(
    "deployment",
    "ListServiceInstances",
    4,
    h.create("Service", inputs),
  );
  const counts = await h.counts();
  const polls = counts.ListServiceInstances.total;
  expect(polls).toBeGreaterThanOrEqual(4);
  // One GetService looked for an existing service before the create (not found), then one per poll.
  expect(counts.GetService).toEqual({ total: polls + 1, ok: polls, failed: 1 });
  expect(counts.GetServiceInstance.total).toBe(2);
  expect(outs.instances).toEqual([
    expect.objectContaining({ name: "a", deploymentStatus: "SUCCEEDED" }),
    expect.objectContaining({ name: "b", deploymentStatus: "SUCCEEDED" }),
  ]);
  // The details read at the end are what a refresh compares: the spec reads back unchanged.
  expect((await h.provider("Service").read(String(inputs.name), outs)).inputs?.spec).toBe(inputs.spec);
});

test("a failed instance is read in full, the others stay summaries, and its message is the error", async () => {
  const { inputs } = await serviceInputs();
  await h.control.addFault({ kind: "fail-deployment", resource: "b", message: "health check failed" });
  await h.mark();
  const failed = await h.create("Service", inputs).catch((e: Error) => e);
  expect((failed as Error).message).toMatch(/CREATE_FAILED: Service instance 'b': health check failed/);
  const { calls } = await h.control.calls({ operation: "GetServiceInstance" });
  const names = calls.filter((c) => c.target?.serviceName === inputs.name).map((c) => c.target?.name);
  // "b" by the poll that saw it failed and by the read that records the partial create; "a" by that read only.
  expect(names.filter((n) => n === "b").length).toBeGreaterThanOrEqual(2);
  expect(names.filter((n) => n === "a")).toEqual(["a"]);
});

test("a deletion poll costs GetService and ListServiceInstances, no instance reads", async () => {
  const { id, outs } = await service();
  await h.mark();
  await h.control.freeze(["deletion"]);
  await heldUntilCalled("deletion", "ListServiceInstances", 3, h.provider("Service").delete(id, outs));
  const counts = await h.counts();
  expect(counts.GetServiceInstance).toBeUndefined();
  // Every poll lists the instances, but the last, which may find the service gone first.
  expect(counts.GetService.total - counts.ListServiceInstances.total).toBeGreaterThanOrEqual(0);
  expect(counts.GetService.total - counts.ListServiceInstances.total).toBeLessThanOrEqual(1);
});

describe("outputs (ListServiceInstanceOutputs, ListServicePipelineOutputs)", () => {
  type Outs = Record<string, unknown> & {
    instanceOutputs?: Record<string, Record<string, string>>;
    pipelineOutputs?: Record<string, string>;
  };
  const vpcOf = async (environmentName: string) =>
    (await h.client.send(new ListEnvironmentOutputsCommand({ environmentName }))).outputs?.find(
      (o) => o.key === "VpcId",
    )?.valueString;

  test("appear after create per instance and for the pipeline, read once, and never diff", async () => {
    await h.mark();
    const { outs: created, inputs, envs } = await service(SVC_OUTPUTS_KEY);
    const outs = created as Outs;
    expect(outs.instanceOutputs).toEqual({
      a: { Port: "80", VpcId: await vpcOf(envs[0]), LogGroupArn: expect.stringMatching(/^arn:aws:logs:/) },
      b: { Port: "81", VpcId: await vpcOf(envs[1]), LogGroupArn: expect.stringMatching(/^arn:aws:logs:/) },
    });
    expect(outs.pipelineOutputs).toEqual({ BuildCommand: "make ci" });
    const counts = await h.counts();
    expect(counts.ListServiceInstanceOutputs.total).toBe(2);
    expect(counts.ListServicePipelineOutputs.total).toBe(1);
    await h.mark();
    expect(await h.diff("Service", outs, inputs)).toMatchObject({ changes: false });
    const others = { ...outs, instanceOutputs: {}, pipelineOutputs: { BuildCommand: "make" } };
    expect(await h.diff("Service", others, inputs)).toMatchObject({ changes: false });
    expect(await h.counts()).toEqual({});
  });

  test("follow an update of instance and pipeline inputs", async () => {
    const { id, outs, inputs, envs } = await service(SVC_OUTPUTS_KEY);
    const news = withInstanceAndPipelineChanged(inputs, envs);
    const { outs: updated } = (await h.provider("Service").update(id, outs, news)) as { outs: Outs };
    expect(updated.instanceOutputs?.a.Port).toBe("8080");
    expect(updated.instanceOutputs?.b.Port).toBe("81");
    expect(updated.pipelineOutputs).toEqual({ BuildCommand: "make release" });
  });

  test("refresh picks up an instance's outputs changed out of band", async () => {
    const { id, outs, inputs, envs } = await service(SVC_OUTPUTS_KEY);
    const drifted = spec([
      { name: "a", env: envs[0], port: 9000 },
      { name: "b", env: envs[1], port: 81 },
    ]);
    await h.client.send(
      new UpdateServiceInstanceCommand({
        name: "a",
        serviceName: id,
        deploymentType: "CURRENT_VERSION",
        spec: drifted,
      }),
    );
    await waitUntilServiceInstanceDeployed(
      { client: h.client, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.1 },
      { name: "a", serviceName: id },
    );
    const read = await h.provider("Service").read(id, outs);
    expect((read.props as Outs).instanceOutputs?.a.Port).toBe("9000");
    expect(read.inputs).not.toHaveProperty("instanceOutputs");
    expect(read.inputs).not.toHaveProperty("pipelineOutputs");
    expect(await h.diff("Service", read.props!, inputs)).toMatchObject({ changes: true, replaces: [] });
  });
});

test("services created at once look their names up with one ListServices, not a GetService each", async () => {
  const { envs, svcTemplate, schema } = await platform();
  const names = Array.from({ length: 4 }, () => unique("svc"));
  const provider = h.provider("Service");
  const checked = await Promise.all(
    names.map((name) =>
      provider.check(
        {},
        {
          name,
          templateName: svcTemplate,
          templateMajorVersion: "1",
          spec: spec([{ name: "a", env: envs[0], port: 80 }]),
          templateSchema: schema,
          logicalId: `p/s/${name}`,
        },
      ),
    ),
  );
  const since = (await h.control.calls()).lastSeq;
  // Started in one go, as the engine starts independent creates.
  const created = await Promise.all(checked.map((c) => provider.create(c.inputs as Record<string, unknown>)));
  for (const c of created) expect(c).toMatchObject({ outs: { status: "ACTIVE" } });

  const { calls } = await h.control.calls({ since });
  const createdAt = (name: string) =>
    calls.find((c) => c.operation === "CreateService" && c.target?.name === name)!.seq;
  const lookups = calls.filter(
    (c) => c.operation === "GetService" && c.seq < createdAt(String(c.target?.name)),
  );
  // The first lookup reads its name; the three queued behind it share one listing.
  expect(lookups).toHaveLength(1);
  expect(calls.filter((c) => c.operation === "ListServices")).toHaveLength(1);
  expect(calls.filter((c) => c.operation === "CreateService")).toHaveLength(4);
});

describe("template version moves", () => {
  /** A service on major 1 and a published major 2 of its template. */
  async function serviceWithMajor2() {
    const created = await service();
    const templateName = String(created.inputs.templateName);
    await h.create("ServiceTemplateVersion", {
      ...versionOn(templateName, "svc-web/v1"),
      compatibleEnvironmentTemplates: [{ templateName: created.envTemplate, majorVersion: "1" }],
      logicalId: `p/s/${templateName}-v2`,
    });
    return created;
  }

  const versions = (outs: Props) => ({
    service: outs.templateMajorVersion,
    instances: (outs.instances as Props[]).map((i) => [i.name, i.templateMajorVersion]),
    pipeline: (outs.pipeline as Props).templateMajorVersion,
  });

  test("a move one instance fails reads as not done; the next up moves only what is left", async () => {
    const { id, outs, inputs } = await serviceWithMajor2();
    await h.control.addFault({ kind: "fail-deployment", resource: "b", message: "task exited" });
    // The schema left out: check (which keeps it as a digest) does not run between these direct calls.
    const news = { ...inputs, templateMajorVersion: "2", templateSchema: undefined };
    const failed = await partialFailure(h.provider("Service").update(id, outs, news));
    const partial = failed.properties as Props;
    // Instance b stays on 1: the service is recorded on the lowest version it runs, so the move shows.
    expect(versions(partial)).toEqual({
      service: "1",
      instances: [
        ["a", "2"],
        ["b", "1"],
      ],
      pipeline: "2",
    });
    expect(await h.diff("Service", partial, news)).toMatchObject({ changes: true, replaces: [] });
    await h.control.clearFaults();
    const { lastSeq: since } = await h.control.calls();
    const { outs: moved } = (await h.provider("Service").update(id, partial, news)) as { outs: Props };
    expect(versions(moved)).toEqual({
      service: "2",
      instances: [
        ["a", "2"],
        ["b", "2"],
      ],
      pipeline: "2",
    });
    // Only b moved (after the redeploy that recovers its failed deployment); a and the pipeline, already on
    // 2, were left alone: Proton refuses a MAJOR_VERSION to the major an instance runs.
    const { calls } = await h.control.calls({ operation: "UpdateServiceInstance", since });
    expect(calls.map((c) => [c.target?.name, c.target?.deploymentType])).toEqual([
      ["b", "CURRENT_VERSION"],
      ["b", "MAJOR_VERSION"],
    ]);
    expect((await h.control.calls({ operation: "UpdateServicePipeline", since })).calls).toEqual([]);
    expect(await h.diff("Service", moved, news)).toMatchObject({ changes: false });
  });

  test("going back to a lower major, or moving an instance to another environment, replaces", async () => {
    const { outs, inputs, envs } = await service();
    const onMajor2 = { ...outs, templateMajorVersion: "2" };
    expect(await h.diff("Service", onMajor2, { ...inputs, templateMajorVersion: "1" })).toMatchObject({
      replaces: ["templateMajorVersion"],
      deleteBeforeReplace: true,
    });
    // Proton keeps an instance in the environment it was created in: no input moves it.
    const moved = {
      ...inputs,
      spec: spec([
        { name: "a", env: envs[0], port: 80 },
        { name: "b", env: envs[0], port: 81 },
      ]),
    };
    expect(await h.diff("Service", outs, moved)).toMatchObject({ changes: true, replaces: ["spec"] });
  });
});

test("the delete of a version a service runs fails within seconds, with the fix, when nothing that runs it is changing", async () => {
  const { inputs } = await service();
  // Its delete timeout is the default hour: waiting on the conflict would outlast this test's timeout.
  await expect(
    h.provider("ServiceTemplateVersion").delete(`${String(inputs.templateName)}:1.0`, {}),
  ).rejects.toThrow(
    /could not delete it: ConflictException: .*in use by .*; none of the service instances and pipelines that run it is changing/,
  );
});

test("a version whose environments wait for their service to go first is deleted with them, not refused", async () => {
  const { id, outs, envs, envTemplate } = await service();
  // Deletions held: the environments' deletes are refused (their instances remain) and they still read as
  // deployed, while this process is deleting them.
  await h.control.freeze(["deletion"]);
  const serviceDelete = h.provider("Service").delete(id, outs);
  const envDeletes = envs.map((env) => h.provider("Environment").delete(env, {}));
  let versionSettled = false;
  const versionDelete = h.provider("EnvironmentTemplateVersion").delete(`${envTemplate}:1.0`, {});
  versionDelete.then(
    () => (versionSettled = true),
    () => (versionSettled = true),
  );
  await new Promise((r) => setTimeout(r, 12_000));
  expect(versionSettled).toBe(false);
  await h.control.thaw(["deletion"]);
  await Promise.all([serviceDelete, ...envDeletes, versionDelete]);
  const versions = await h.client.send(
    new ListEnvironmentTemplateVersionsCommand({ templateName: envTemplate }),
  );
  expect(versions.templateVersions).toEqual([]);
});
