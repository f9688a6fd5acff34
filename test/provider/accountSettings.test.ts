import {
  CreateRepositoryCommand,
  GetAccountSettingsCommand,
  UpdateAccountSettingsCommand,
} from "@aws-sdk/client-proton";
import { ROLE_ARN, startHarness, type ProviderHarness, type Props } from "./harness";

// AccountSettings, the singleton: create records what it finds as `prior` and applies the program, update
// puts in place, delete puts the prior settings back, refresh reports drift; through the generic lifecycle
// against proton-local, whose account settings every test here starts from (and leaves) empty.

let h: ProviderHarness;
beforeAll(async () => {
  h = await startHarness();
  for (const name of ["acme/pipelines", "acme/previous"])
    await h.client.send(
      new CreateRepositoryCommand({
        provider: "GITHUB",
        name,
        connectionArn: "arn:aws:codestar-connections:us-east-1:000000000000:connection/abc",
      }),
    );
});
afterAll(() => h.close());
afterEach(async () => {
  await h.client.send(
    new UpdateAccountSettingsCommand({
      pipelineServiceRoleArn: "",
      pipelineCodebuildRoleArn: "",
      deletePipelineProvisioningRepository: true,
    }),
  );
});

const role = (name: string) => `arn:aws:iam::000000000000:role/${name}`;
const PIPELINES = { provider: "GITHUB", name: "acme/pipelines", branch: "main" };
const PREVIOUS = { provider: "GITHUB", name: "acme/previous", branch: "release" };

const program = (extra: Props = {}): Props => ({
  pipelineServiceRoleArn: ROLE_ARN,
  pipelineProvisioningRepository: PIPELINES,
  pipelineCodebuildRoleArn: role("CodeBuild"),
  logicalId: "p/s/account",
  ...extra,
});

/** The live settings, repository ARN left out. */
async function settings() {
  const { accountSettings } = await h.client.send(new GetAccountSettingsCommand({}));
  const { pipelineProvisioningRepository: repo, ...roles } = accountSettings ?? {};
  return {
    ...roles,
    ...(repo
      ? { pipelineProvisioningRepository: { provider: repo.provider, name: repo.name, branch: repo.branch } }
      : {}),
  };
}

const provider = () => h.provider("AccountSettings");

test("create records the settings it finds as prior and applies the program; delete puts them back", async () => {
  await h.client.send(
    new UpdateAccountSettingsCommand({
      pipelineServiceRoleArn: role("Before"),
      pipelineProvisioningRepository: { ...PREVIOUS, provider: "GITHUB" },
    }),
  );
  const inputs = program();
  const { id, outs } = await h.create("AccountSettings", inputs);
  expect(id).toBe("us-east-1");
  expect(outs.prior).toEqual({
    pipelineServiceRoleArn: role("Before"),
    pipelineProvisioningRepository: PREVIOUS,
  });
  expect(outs.pipelineProvisioningRepositoryArn).toMatch(/:repository\/github:acme\/pipelines$/);
  expect(await settings()).toEqual({
    pipelineServiceRoleArn: ROLE_ARN,
    pipelineProvisioningRepository: PIPELINES,
    pipelineCodebuildRoleArn: role("CodeBuild"),
  });
  expect(await h.diff("AccountSettings", outs, inputs)).toMatchObject({ changes: false });
  expect((await provider().read(id, outs)).props).toEqual(outs);

  await provider().delete(id, outs);
  // The codebuild role was not set before the stack: cleared.
  expect(await settings()).toEqual({
    pipelineServiceRoleArn: role("Before"),
    pipelineProvisioningRepository: PREVIOUS,
  });
  // Deleting again puts the same settings.
  await provider().delete(id, outs);
  expect(await settings()).toEqual({
    pipelineServiceRoleArn: role("Before"),
    pipelineProvisioningRepository: PREVIOUS,
  });
});

test("with nothing set before, delete removes the repository the stack added and clears its roles", async () => {
  const { id, outs } = await h.create("AccountSettings", program());
  expect(outs.prior).toEqual({});
  await provider().delete(id, outs);
  expect(await settings()).toEqual({});
  // The repository link is no longer in use by the account settings: it can be unlinked.
  await h.provider("Repository").delete("GITHUB:acme/pipelines", {});
  await h.client.send(
    new CreateRepositoryCommand({
      ...PIPELINES,
      provider: "GITHUB",
      connectionArn: "arn:aws:codestar-connections:us-east-1:000000000000:connection/abc",
    }),
  );
});

test("settings the program leaves out are neither set nor restored", async () => {
  await h.client.send(new UpdateAccountSettingsCommand({ pipelineCodebuildRoleArn: role("Theirs") }));
  const inputs = { pipelineServiceRoleArn: ROLE_ARN, logicalId: "p/s/account" };
  const { id, outs } = await h.create("AccountSettings", inputs);
  expect(outs.prior).toEqual({ pipelineCodebuildRoleArn: role("Theirs") });
  expect(await settings()).toEqual({
    pipelineServiceRoleArn: ROLE_ARN,
    pipelineCodebuildRoleArn: role("Theirs"),
  });
  // Someone changes the unmanaged one: no drift for this stack.
  await h.client.send(new UpdateAccountSettingsCommand({ pipelineCodebuildRoleArn: role("Changed") }));
  const refreshed = await provider().read(id, outs);
  expect(refreshed.inputs?.pipelineCodebuildRoleArn).toBeUndefined();
  expect(await h.diff("AccountSettings", refreshed.props!, inputs)).toMatchObject({ changes: false });
  await provider().delete(id, refreshed.props!);
  expect(await settings()).toEqual({ pipelineCodebuildRoleArn: role("Changed") });
});

test("update puts changed settings in place; a setting taken out of the program goes back to its prior value", async () => {
  await h.client.send(new UpdateAccountSettingsCommand({ pipelineServiceRoleArn: role("Before") }));
  const inputs = { pipelineServiceRoleArn: ROLE_ARN, logicalId: "p/s/account" };
  const { id, outs } = await h.create("AccountSettings", inputs);
  const next = { ...inputs, pipelineServiceRoleArn: role("Next"), pipelineProvisioningRepository: PIPELINES };
  expect(await h.diff("AccountSettings", outs, next)).toMatchObject({ changes: true, replaces: [] });
  const { outs: updated } = (await provider().update(id, outs, next)) as { outs: Props };
  expect(updated.prior).toEqual({ pipelineServiceRoleArn: role("Before") });
  expect(await settings()).toEqual({
    pipelineServiceRoleArn: role("Next"),
    pipelineProvisioningRepository: PIPELINES,
  });
  expect(await h.diff("AccountSettings", updated, next)).toMatchObject({ changes: false });

  const without = { pipelineProvisioningRepository: PIPELINES, logicalId: "p/s/account" };
  const { outs: last } = (await provider().update(id, updated, without)) as { outs: Props };
  expect(await settings()).toEqual({
    pipelineServiceRoleArn: role("Before"),
    pipelineProvisioningRepository: PIPELINES,
  });
  expect(await h.diff("AccountSettings", last, without)).toMatchObject({ changes: false });
  await provider().delete(id, last);
  expect(await settings()).toEqual({ pipelineServiceRoleArn: role("Before") });
});

test("refresh picks up drift, the next diff puts the program back, and a second refresh changes nothing", async () => {
  const inputs = program();
  const { id, outs } = await h.create("AccountSettings", inputs);
  await h.client.send(
    new UpdateAccountSettingsCommand({
      pipelineServiceRoleArn: role("Drifted"),
      deletePipelineProvisioningRepository: true,
    }),
  );
  const refreshed = await provider().read(id, outs);
  expect(refreshed.props).toMatchObject({ pipelineServiceRoleArn: role("Drifted"), prior: {} });
  expect(refreshed.props?.pipelineProvisioningRepository).toBeUndefined();
  expect(refreshed.inputs).toMatchObject({ pipelineServiceRoleArn: role("Drifted") });
  expect(await h.diff("AccountSettings", refreshed.props!, inputs)).toMatchObject({
    changes: true,
    replaces: [],
  });
  expect((await provider().read(id, refreshed.props!)).props).toEqual(refreshed.props);
  const { outs: mended } = (await provider().update(id, refreshed.props!, inputs)) as { outs: Props };
  expect(await settings()).toEqual({
    pipelineServiceRoleArn: ROLE_ARN,
    pipelineProvisioningRepository: PIPELINES,
    pipelineCodebuildRoleArn: role("CodeBuild"),
  });
  await provider().delete(id, mended);
});

test("a create retried after a killed run takes its own settings over instead of recording them as prior", async () => {
  await h.client.send(new UpdateAccountSettingsCommand({ pipelineCodebuildRoleArn: role("Theirs") }));
  const inputs = program({ pipelineCodebuildRoleArn: undefined });
  // The first create applied the settings, but its answer never reached the state (the run was killed).
  const first = await h.create("AccountSettings", inputs);
  expect(first.outs.prior).toEqual({ pipelineCodebuildRoleArn: role("Theirs") });
  await h.mark();
  const { id, outs } = await h.create("AccountSettings", inputs);
  expect(id).toBe(first.id);
  // The settings are already the program's: put again (a put changes nothing), not recorded as prior.
  expect(await h.counts()).toEqual({
    GetAccountSettings: { total: 2, ok: 2, failed: 0 },
    UpdateAccountSettings: { total: 1, ok: 1, failed: 0 },
  });
  expect(outs.prior).toEqual({ pipelineCodebuildRoleArn: role("Theirs") });
  await provider().delete(id, outs);
  // The stack's settings are cleared, so its repository link can go; the unmanaged role stays.
  expect(await settings()).toEqual({ pipelineCodebuildRoleArn: role("Theirs") });
});

/**
 * The program's create over a service role set before the stack, with its put refused (AccessDenied);
 * when putRan, the put first runs and its answer is lost, so the refusal is the SDK's retry.
 */
async function refusedCreate(putRan: boolean) {
  await h.client.send(new UpdateAccountSettingsCommand({ pipelineServiceRoleArn: role("Before") }));
  if (putRan)
    await h.control.addFault({ kind: "lose-response", operation: "UpdateAccountSettings", count: 1 });
  await h.control.addFault({
    kind: "error",
    operation: "UpdateAccountSettings",
    errorType: "AccessDeniedException",
    count: 1,
  });
  const inputs = program();
  const failure = await provider()
    .create(inputs)
    .then(
      () => undefined,
      (e: unknown) => e as { message: string; id: string; properties: Props },
    );
  return { inputs, failure };
}

test("a create whose put ran but failed is a partial failure keeping the prior settings; the next up puts the program", async () => {
  const { inputs, failure } = await refusedCreate(true);
  expect(failure?.message).toMatch(/account settings 'us-east-1'/);
  expect(failure?.id).toBe("us-east-1");
  const state = failure!.properties;
  expect(state.prior).toEqual({ pipelineServiceRoleArn: role("Before") });
  // The state holds what is live: the settings the lost put applied.
  expect(state.pipelineServiceRoleArn).toBe(ROLE_ARN);
  const { outs } = (await provider().update("us-east-1", state, inputs)) as { outs: Props };
  expect(outs.prior).toEqual({ pipelineServiceRoleArn: role("Before") });
  await provider().delete("us-east-1", outs);
  expect(await settings()).toEqual({ pipelineServiceRoleArn: role("Before") });
});

test("a create refused before its put ran keeps the live values, so the next up's diff puts the program", async () => {
  const { inputs, failure } = await refusedCreate(false);
  const state = failure!.properties;
  expect(state).toMatchObject({
    pipelineServiceRoleArn: role("Before"),
    prior: { pipelineServiceRoleArn: role("Before") },
  });
  expect(state.pipelineProvisioningRepository).toBeUndefined();
  expect(await h.diff("AccountSettings", state, inputs)).toMatchObject({ changes: true, replaces: [] });
  const { outs } = (await provider().update("us-east-1", state, inputs)) as { outs: Props };
  expect(await settings()).toEqual({
    pipelineServiceRoleArn: ROLE_ARN,
    pipelineProvisioningRepository: PIPELINES,
    pipelineCodebuildRoleArn: role("CodeBuild"),
  });
  await provider().delete("us-east-1", outs);
  expect(await settings()).toEqual({ pipelineServiceRoleArn: role("Before") });
});

test("a prior repository no longer linked is removed instead of put back", async () => {
  await h.client.send(
    new CreateRepositoryCommand({
      provider: "GITHUB",
      name: "acme/gone",
      connectionArn: "arn:aws:codestar-connections:us-east-1:000000000000:connection/abc",
    }),
  );
  await h.client.send(
    new UpdateAccountSettingsCommand({
      pipelineProvisioningRepository: { provider: "GITHUB", name: "acme/gone", branch: "main" },
    }),
  );
  const { id, outs } = await h.create("AccountSettings", program());
  expect(outs.prior).toEqual({
    pipelineProvisioningRepository: { provider: "GITHUB", name: "acme/gone", branch: "main" },
  });
  await h.provider("Repository").delete("GITHUB:acme/gone", {});
  await provider().delete(id, outs);
  expect(await settings()).toEqual({});
});

test("bad input fails at preview naming resource, property and rule", async () => {
  await h.mark();
  const checked = await h.check("AccountSettings", {
    ...program(),
    pipelineServiceRoleArn: "arn:aws:iam::000000000000:user/x",
    pipelineProvisioningRepository: { provider: "GITLAB", name: "acme/pipelines", branch: "main" },
    tags: { team: "platform" },
  });
  expect(checked.failures).toEqual(
    expect.arrayContaining([
      {
        property: "pipelineServiceRoleArn",
        reason: expect.stringMatching(
          /^AccountSettings '\(default region\)': pipelineServiceRoleArn must satisfy regular expression/,
        ) as string,
      },
      {
        property: "pipelineProvisioningRepository",
        reason: expect.stringMatching(
          /pipelineProvisioningRepository.provider must satisfy enum value set/,
        ) as string,
      },
      {
        property: "tags",
        reason: expect.stringMatching(/AccountSettings .*: tags are not supported/) as string,
      },
    ]),
  );
  expect(await h.counts()).toEqual({});
});
