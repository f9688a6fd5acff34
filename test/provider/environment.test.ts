import { expect } from "@jest/globals";
import {
  GetEnvironmentCommand,
  UpdateEnvironmentCommand,
  waitUntilEnvironmentDeployed,
} from "@aws-sdk/client-proton";
import {
  ENV_OUTPUTS_KEY,
  environmentInputs,
  envSpec,
  publishedEnvTemplate,
  ROLE_ARN,
  startHarness,
  unique,
  type ProviderHarness,
  partialFailure,
} from "./harness";

let h: ProviderHarness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());
afterEach(() => h.control.clearFaults());

async function environment(extra: Record<string, unknown> = {}, bundleKey?: string) {
  const { inputs, templateName } = await environmentInputs(h, extra, bundleKey);
  return { inputs, templateName, ...(await h.create("Environment", inputs)) };
}

test("create waits for the deployment and records the deployed version", async () => {
  const { id, outs } = await environment();
  expect(outs).toMatchObject({
    deploymentStatus: "SUCCEEDED",
    templateMajorVersion: "1",
    templateMinorVersion: "0",
  });
  expect(id).toBe(outs.name);
});

test("a spec re-ordered, re-quoted, commented or in flow style is no diff", async () => {
  const { inputs, outs } = await environment();
  const restyled = `# the same inputs\nspec: { flow_logs: true, cidr: "10.0.0.0/16" }\nproton: 'EnvironmentSpec'\n`;
  expect(await h.diff("Environment", outs, { ...inputs, spec: restyled })).toMatchObject({ changes: false });
});

test("a changed spec value redeploys in place (CURRENT_VERSION)", async () => {
  const { id, inputs, outs } = await environment();
  const news = { ...inputs, spec: envSpec("10.1.0.0/16") };
  expect(await h.diff("Environment", outs, news)).toMatchObject({ changes: true, replaces: [] });
  await h.mark();
  const { outs: updated } = (await h.provider("Environment").update(id, outs, news)) as {
    outs: Record<string, unknown>;
  };
  expect(updated).toMatchObject({ deploymentStatus: "SUCCEEDED", spec: news.spec });
  const calls = await h.control.calls({ operation: "UpdateEnvironment" });
  expect(calls.calls.at(-1)?.target?.deploymentType).toBe("CURRENT_VERSION");
  expect((await h.client.send(new GetEnvironmentCommand({ name: id }))).environment?.spec).toBe(news.spec);
});

test("a newer minor version is an in-place MINOR_VERSION deployment, never a replacement", async () => {
  const { id, inputs, outs, templateName } = await environment();
  await h.create("EnvironmentTemplateVersion", {
    templateName,
    majorVersion: "1",
    source: { s3: { bucket: "proton-local-fixtures", key: "env-vpc/v1" } },
    logicalId: `p/s/${templateName}-1-1`,
  });
  const news = { ...inputs, templateMinorVersion: "1" };
  expect(await h.diff("Environment", outs, news)).toMatchObject({ changes: true, replaces: [] });
  const { outs: updated } = (await h.provider("Environment").update(id, outs, news)) as {
    outs: Record<string, unknown>;
  };
  expect(updated).toMatchObject({ templateMinorVersion: "1", deploymentStatus: "SUCCEEDED" });
});

test("name and template changes replace, deleting first", async () => {
  const { inputs, outs } = await environment();
  expect(await h.diff("Environment", outs, { ...inputs, name: "other" })).toEqual({
    changes: true,
    replaces: ["name"],
    deleteBeforeReplace: true,
  });
  expect((await h.diff("Environment", outs, { ...inputs, templateName: "t2" })).replaces).toEqual([
    "templateName",
  ]);
  // MAJOR_VERSION takes only a major above the one in use: going back replaces.
  const onMajor2 = { ...outs, templateMajorVersion: "2" };
  expect((await h.diff("Environment", onMajor2, inputs)).replaces).toEqual(["templateMajorVersion"]);
});

test("moving between its own role and an account connection, or to self-managed, replaces; another connection does not", async () => {
  const { inputs, outs } = await environment();
  const connection = "0c2b4f1e-8a6d-4e3b-9f7a-1d2c3b4a5e6f";
  const onConnection = {
    ...inputs,
    protonServiceRoleArn: undefined,
    environmentAccountConnectionId: connection,
  };
  // UpdateEnvironment: "If the environment isn't associated with an environment account connection, don't
  // update or include the environmentAccountConnectionId parameter", and the reverse for the role.
  expect(await h.diff("Environment", outs, onConnection)).toMatchObject({
    changes: true,
    replaces: ["environmentAccountConnectionId"],
  });
  const stored = { ...outs, protonServiceRoleArn: undefined, environmentAccountConnectionId: connection };
  expect(await h.diff("Environment", stored, inputs)).toMatchObject({
    replaces: ["environmentAccountConnectionId"],
  });
  const another = { ...onConnection, environmentAccountConnectionId: "5e6f0c2b-4f1e-4a6d-8e3b-9f7a1d2c3b4a" };
  expect(await h.diff("Environment", stored, another)).toMatchObject({ changes: true, replaces: [] });
  const selfManaged = {
    ...inputs,
    protonServiceRoleArn: undefined,
    provisioningRepository: { provider: "GITHUB", name: "acme/infra", branch: "main" },
  };
  expect((await h.diff("Environment", outs, selfManaged)).replaces).toEqual(["provisioningRepository"]);
});

test("a description taken out is cleared, and refresh, reading it back as '', finds no difference", async () => {
  // The schema left out: check (which keeps it as a digest) does not run between these direct calls.
  const { id, inputs, outs } = await environment({ description: "old", templateSchema: undefined });
  const { description: _left, ...news } = inputs as Record<string, unknown>;
  const { outs: cleared } = (await h.provider("Environment").update(id, outs, news)) as {
    outs: Record<string, unknown>;
  };
  expect((await h.client.send(new GetEnvironmentCommand({ name: id }))).environment?.description).toBe("");
  const refreshed = await h.provider("Environment").read(id, cleared);
  expect(refreshed.inputs).not.toHaveProperty("description");
  expect(await h.diff("Environment", refreshed.props!, news)).toMatchObject({ changes: false });
});

test("a failed deployment is a partial create with Proton's message; the next update redeploys", async () => {
  const { inputs } = await environmentInputs(h);
  const { name } = inputs;
  await h.control.addFault({
    kind: "fail-deployment",
    resource: name,
    message: "CloudFormation stack failed: VPC limit",
  });
  const err = await partialFailure(h.create("Environment", inputs));
  expect(err.id).toBe(name);
  expect(err.message).toMatch(/environment 'env-\d+'.*FAILED.*VPC limit/);
  expect(err.properties).toMatchObject({ deploymentStatus: "FAILED" });
  const { outs } = (await h.provider("Environment").update(name, err.properties, inputs)) as {
    outs: Record<string, unknown>;
  };
  expect(outs.deploymentStatus).toBe("SUCCEEDED");
});

test("refresh returns the live spec on drift and the stored text otherwise", async () => {
  const { id, inputs, outs } = await environment();
  const same = await h.provider("Environment").read(id, outs);
  expect(same.inputs?.spec).toBe(inputs.spec);
  expect((await h.diff("Environment", same.props!, same.inputs!)).changes).toBe(false);
  await h.client.send(
    new UpdateEnvironmentCommand({
      name: id,
      deploymentType: "CURRENT_VERSION",
      spec: envSpec("10.9.0.0/16"),
    }),
  );
  await waitUntilEnvironmentDeployed(
    { client: h.client, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.1 },
    { name: id },
  );
  const drifted = await h.provider("Environment").read(id, outs);
  expect(drifted.inputs?.spec).toBe(envSpec("10.9.0.0/16"));
  expect(await h.diff("Environment", drifted.props!, inputs)).toMatchObject({ changes: true, replaces: [] });
});

test("delete is polled until the environment is gone; DELETE_FAILED carries Proton's message", async () => {
  const { id, outs } = await environment();
  await h.control.addFault({ kind: "fail-deletion", resource: id, message: "stack in use" });
  await expect(h.provider("Environment").delete(id, outs)).rejects.toThrow(/DELETE_FAILED: stack in use/);
  await h.provider("Environment").delete(id, outs);
  await expect(h.client.send(new GetEnvironmentCommand({ name: id }))).rejects.toThrow(/does not exist/);
  await expect(h.provider("Environment").delete(id, outs)).resolves.toBeUndefined();
});

test("delete retries while a deployment is in progress; past its deadline the conflict is the error", async () => {
  const { id, outs } = await environment();
  await h.control.freeze(["deployment"]);
  try {
    await h.client.send(
      new UpdateEnvironmentCommand({
        name: id,
        deploymentType: "CURRENT_VERSION",
        spec: envSpec("10.7.0.0/16"),
      }),
    );
    await expect(
      h.provider("Environment").delete(id, { ...outs, timeouts: { delete: "300ms" } }),
    ).rejects.toThrow(/could not delete it: ConflictException/);
    await h.mark();
    const deleting = h.provider("Environment").delete(id, outs);
    await new Promise((r) => setTimeout(r, 300));
    await h.control.thaw();
    await deleting;
    const tries = (await h.counts()).DeleteEnvironment;
    expect(tries.ok).toBe(1);
    expect(tries.failed).toBeGreaterThan(0);
    expect(tries.total).toBe(tries.failed + 1);
    await expect(h.client.send(new GetEnvironmentCommand({ name: id }))).rejects.toThrow(/does not exist/);
  } finally {
    await h.control.thaw();
  }
});

test("a deployment stuck past the timeout fails with the last status and the id", async () => {
  await h.control.freeze(["deployment"]);
  try {
    const { templateName } = await publishedEnvTemplate(h);
    const name = unique("env");
    const err = await partialFailure(
      h.create("Environment", {
        name,
        templateName,
        templateMajorVersion: "1",
        spec: envSpec(),
        protonServiceRoleArn: ROLE_ARN,
        timeouts: { create: "300ms" },
        logicalId: `p/s/${name}`,
      }),
    );
    expect(err.id).toBe(name);
    expect(err.message).toMatch(/timed out .* waiting for creation \(last status IN_PROGRESS\)/);
  } finally {
    await h.control.thaw();
  }
});

describe("outputs (ListEnvironmentOutputs)", () => {
  type Outs = Record<string, unknown> & { outputs?: Record<string, string> };
  const update = async (id: string, olds: Outs, news: Record<string, unknown>) =>
    ((await h.provider("Environment").update(id, olds, news)) as { outs: Outs }).outs;
  const redeployOutOfBand = async (id: string, cidr: string) => {
    await h.client.send(
      new UpdateEnvironmentCommand({ name: id, deploymentType: "CURRENT_VERSION", spec: envSpec(cidr) }),
    );
    await waitUntilEnvironmentDeployed(
      { client: h.client, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.1 },
      { name: id },
    );
  };

  test("appear after create, read once per operation, and never diff", async () => {
    const { inputs } = await environmentInputs(h, {}, ENV_OUTPUTS_KEY);
    await h.mark();
    const { outs } = (await h.create("Environment", inputs)) as { outs: Outs };
    expect(outs.outputs).toEqual({ VpcId: expect.stringMatching(/^vpc-[0-9a-f]{17}$/), Cidr: "10.0.0.0/16" });
    expect((await h.counts()).ListEnvironmentOutputs.total).toBe(1);
    // Outputs are not inputs: other stored outputs never make a diff, and a no-op preview calls nothing.
    await h.mark();
    expect(await h.diff("Environment", outs, inputs)).toMatchObject({ changes: false });
    expect(await h.diff("Environment", { ...outs, outputs: { VpcId: "vpc-other" } }, inputs)).toMatchObject({
      changes: false,
    });
    expect(await h.counts()).toEqual({});
  });

  test("follow an update that changes them, read once however many polls it takes", async () => {
    const { id, inputs, outs } = await environment({}, ENV_OUTPUTS_KEY);
    await h.control.freeze(["deployment"]);
    let updated: Outs;
    try {
      await h.mark();
      const updating = update(id, outs, { ...inputs, spec: envSpec("10.1.0.0/16") });
      await new Promise((r) => setTimeout(r, 300));
      await h.control.thaw();
      updated = await updating;
    } finally {
      await h.control.thaw();
    }
    expect(updated.outputs).toEqual({
      VpcId: (outs.outputs as Record<string, string>).VpcId,
      Cidr: "10.1.0.0/16",
    });
    const counts = await h.counts();
    expect(counts.GetEnvironment.total).toBeGreaterThan(2);
    expect(counts.ListEnvironmentOutputs.total).toBe(1);
  });

  test("refresh picks up outputs changed out of band, quietly", async () => {
    const { id, inputs, outs } = await environment({}, ENV_OUTPUTS_KEY);
    await redeployOutOfBand(id, "10.9.0.0/16");
    const read = await h.provider("Environment").read(id, outs);
    expect((read.props as Outs).outputs).toMatchObject({ Cidr: "10.9.0.0/16" });
    expect(read.inputs).not.toHaveProperty("outputs");
    // Back to the program's spec: the outputs changed, the inputs did not.
    await redeployOutOfBand(id, "10.0.0.0/16");
    const again = await h.provider("Environment").read(id, read.props!);
    expect((again.props as Outs).outputs).toMatchObject({ Cidr: "10.0.0.0/16" });
    expect((await h.diff("Environment", again.props!, inputs)).changes).toBe(false);
  });

  test("a failed deployment keeps the last successful deployment's outputs in the partial-failure state", async () => {
    const { id, inputs, outs } = await environment({}, ENV_OUTPUTS_KEY);
    await h.control.addFault({ kind: "fail-deployment", resource: id, message: "subnet conflict" });
    const err = await update(id, outs, { ...inputs, spec: envSpec("10.2.0.0/16") }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      message: expect.stringMatching(/FAILED: subnet conflict/),
      properties: { deploymentStatus: "FAILED", outputs: outs.outputs },
    });
  });
});

test("a deletion poll throttled past the SDK's retries polls again on its schedule instead of failing the delete", async () => {
  const { id, outs } = await environment();
  // Two attempts per call, and the next four status reads throttled: two polls run out of retries.
  process.env.AWS_MAX_ATTEMPTS = "2";
  try {
    await h.control.addFault({ kind: "throttle", operation: "GetEnvironment", count: 4 });
    const { lastSeq } = await h.control.calls();
    await h.provider("Environment").delete(id, outs);
    const { calls } = await h.control.calls({ since: lastSeq, operation: "GetEnvironment" });
    // Four throttled answers, then the poll that sees the environment gone.
    expect(calls.map((c) => c.error)).toEqual([
      ...Array<string>(4).fill("ThrottlingException"),
      "ResourceNotFoundException",
    ]);
  } finally {
    delete process.env.AWS_MAX_ATTEMPTS;
  }
});
