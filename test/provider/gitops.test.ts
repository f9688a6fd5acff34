import {
  GetRepositoryCommand,
  GetServiceSyncConfigCommand,
  GetTemplateSyncConfigCommand,
  ListTagsForResourceCommand,
  UpdateTemplateSyncConfigCommand,
} from "@aws-sdk/client-proton";
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

// Repository links and template and service sync configurations through the generic
// lifecycle against proton-local.

let h: ProviderHarness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());

const CONNECTION = "arn:aws:codestar-connections:us-east-1:000000000000:connection/abc";

const repoInputs = (name = `acme/${unique("repo")}`, extra: Props = {}) => ({
  provider: "GITHUB",
  name,
  connectionArn: CONNECTION,
  logicalId: `p/s/${name}`,
  ...extra,
});

async function linkedRepository() {
  const inputs = repoInputs();
  const created = await h.create("Repository", inputs);
  return { ...created, inputs };
}

const tagsInProton = async (arn: unknown) => {
  const { tags } = await h.client.send(new ListTagsForResourceCommand({ resourceArn: String(arn) }));
  return Object.fromEntries((tags ?? []).map((t) => [t.key, t.value])) as Record<string, string>;
};

test("a repository link is created with tags, taken over when identical, and replaced on a new name", async () => {
  const inputs = repoInputs(undefined, { tags: { team: "platform" } });
  const { id, outs } = await h.create("Repository", inputs);
  expect(id).toBe(`GITHUB:${String(inputs.name)}`);
  expect(outs.arn).toMatch(/:repository\/github:acme\//);
  // In Proton, next to the program's tags: the owner tag naming the resource that made it.
  expect(await tagsInProton(outs.arn)).toEqual({
    team: "platform",
    "pulumi-proton:resource": inputs.logicalId,
  });
  // A create retried after its answer was lost finds the identical link and takes it over.
  expect((await h.create("Repository", inputs)).id).toBe(id);
  expect(await h.diff("Repository", outs, inputs)).toMatchObject({ changes: false });
  expect(await h.diff("Repository", outs, { ...inputs, name: "acme/other" })).toMatchObject({
    replaces: ["name"],
    deleteBeforeReplace: true,
  });
  expect(await h.diff("Repository", outs, { ...inputs, tags: { team: "apps" } })).toMatchObject({
    changes: true,
    replaces: [],
  });
  const { outs: updated } = (await h
    .provider("Repository")
    .update(id, outs, { ...inputs, tags: { team: "apps" } })) as { outs: Props };
  expect(updated.tags).toEqual({ team: "apps" });
  await h.provider("Repository").delete(id, updated);
  await expect(
    h.client.send(new GetRepositoryCommand({ provider: "GITHUB", name: String(inputs.name) })),
  ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  // Deleting it again (already gone) succeeds.
  await h.provider("Repository").delete(id, updated);
});

test("a repository link differing from the program is refused unless adoptExisting", async () => {
  const inputs = repoInputs();
  await h.create("Repository", inputs);
  const other = { ...inputs, tags: { team: "apps" } };
  await expect(h.create("Repository", other)).rejects.toThrow(
    /repository '.*' already exists in Proton and differs from the program in: tags/,
  );
  const { outs } = await h.create("Repository", { ...other, adoptExisting: true });
  expect(outs.tags).toEqual({ team: "apps" });
  expect(await tagsInProton(outs.arn)).toEqual({ team: "apps", "pulumi-proton:resource": inputs.logicalId });
});

test("a repository link on another connection can't be adopted: only a replacement changes it", async () => {
  const inputs = repoInputs();
  await h.create("Repository", inputs);
  const other = { ...inputs, connectionArn: `${CONNECTION}2`, adoptExisting: true };
  // Adopting it would record the program's connection over Proton's, which no update changes.
  await expect(h.create("Repository", other)).rejects.toThrow(
    /repository '.*' already exists in Proton with another connectionArn, which only a replacement changes/,
  );
  const live = await h.client.send(
    new GetRepositoryCommand({ provider: "GITHUB", name: String(inputs.name) }),
  );
  expect(live.repository?.connectionArn).toBe(CONNECTION);
});

test("a template sync configuration changes branch and subdirectory in place, refreshes, and deletes", async () => {
  const repo = await linkedRepository();
  const { templateName } = await publishedEnvTemplate(h);
  const inputs = {
    templateName,
    templateType: "ENVIRONMENT",
    repositoryProvider: "GITHUB",
    repositoryName: repo.inputs.name,
    branch: "main",
    subdirectory: "templates/vpc",
    logicalId: `p/s/sync-${templateName}`,
  };
  const { id, outs } = await h.create("TemplateSyncConfig", inputs);
  expect(id).toBe(`ENVIRONMENT/${templateName}`);
  const next = { ...inputs, branch: "release", subdirectory: "vpc" };
  expect(await h.diff("TemplateSyncConfig", outs, next)).toMatchObject({ changes: true, replaces: [] });
  expect(await h.diff("TemplateSyncConfig", outs, { ...inputs, templateName: "x" })).toMatchObject({
    replaces: ["templateName"],
  });
  const { outs: updated } = (await h.provider("TemplateSyncConfig").update(id, outs, next)) as {
    outs: Props;
  };
  const key = { templateName, templateType: "ENVIRONMENT" as const };
  expect((await h.client.send(new GetTemplateSyncConfigCommand(key))).templateSyncConfig).toMatchObject({
    branch: "release",
    subdirectory: "vpc",
  });
  // A change made outside the program shows on refresh, and the next diff puts it back.
  await h.client.send(
    new UpdateTemplateSyncConfigCommand({
      ...key,
      repositoryProvider: "GITHUB",
      repositoryName: String(repo.inputs.name),
      branch: "hotfix",
    }),
  );
  const refreshed = await h.provider("TemplateSyncConfig").read(id, updated);
  expect(refreshed.props).toMatchObject({ branch: "hotfix" });
  expect(refreshed.props?.subdirectory).toBeUndefined();
  expect(await h.diff("TemplateSyncConfig", refreshed.props!, next)).toMatchObject({ changes: true });
  // Refreshed again with nothing changed, the state stays as it is.
  expect((await h.provider("TemplateSyncConfig").read(id, refreshed.props!)).props).toEqual(refreshed.props);
  await h.provider("TemplateSyncConfig").delete(id, updated);
  await expect(h.client.send(new GetTemplateSyncConfigCommand(key))).rejects.toMatchObject({
    name: "ResourceNotFoundException",
  });
  await h.provider("TemplateSyncConfig").delete(id, updated);
  expect((await h.provider("TemplateSyncConfig").read(id, updated)).id).toBe("");
});

test("sync configurations take no tags: refused at preview", async () => {
  const checked = await h.check("TemplateSyncConfig", {
    templateName: "vpc",
    templateType: "ENVIRONMENT",
    repositoryProvider: "GITHUB",
    repositoryName: "acme/repo",
    branch: "main",
    tags: { team: "platform" },
  });
  expect(checked.failures).toEqual([
    {
      property: "tags",
      reason: expect.stringMatching(
        /TemplateSyncConfig 'vpc \(ENVIRONMENT\)': tags are not supported/,
      ) as string,
    },
  ]);
});

async function serviceWithoutSync() {
  const { templateName: envTemplate } = await publishedEnvTemplate(h);
  const env = unique("env");
  await h.create("Environment", {
    name: env,
    templateName: envTemplate,
    templateMajorVersion: "1",
    spec: envSpec(),
    protonServiceRoleArn: ROLE_ARN,
    logicalId: `p/s/${env}`,
  });
  const svcTemplate = unique("svctpl");
  await h.create("ServiceTemplate", { name: svcTemplate, logicalId: `p/s/${svcTemplate}` });
  await h.create("ServiceTemplateVersion", {
    templateName: svcTemplate,
    source: { s3: { bucket: BUCKET, key: "svc-web/v1" } },
    bundleDir: WEB_BUNDLE_DIR,
    compatibleEnvironmentTemplates: [{ templateName: envTemplate, majorVersion: "1" }],
    logicalId: `p/s/${svcTemplate}-v1`,
  });
  const name = unique("svc");
  await h.create("Service", {
    name,
    templateName: svcTemplate,
    templateMajorVersion: "1",
    spec: `proton: ServiceSpec\npipeline:\n  build_cmd: make\ninstances:\n  - name: a\n    environment: ${env}\n    spec:\n      port: 80\n`,
    logicalId: `p/s/${name}`,
  });
  return name;
}

test("a service sync configuration changes branch and file path in place and deletes", async () => {
  const repo = await linkedRepository();
  const serviceName = await serviceWithoutSync();
  const inputs = {
    serviceName,
    repositoryProvider: "GITHUB",
    repositoryName: repo.inputs.name,
    branch: "main",
    filePath: "proton-ops.yaml",
    logicalId: `p/s/sync-${serviceName}`,
  };
  const { id, outs } = await h.create("ServiceSyncConfig", inputs);
  expect(id).toBe(serviceName);
  expect((await h.create("ServiceSyncConfig", inputs)).id).toBe(id);
  const next = { ...inputs, branch: "release", filePath: "ops/proton-ops.yaml" };
  expect(await h.diff("ServiceSyncConfig", outs, next)).toMatchObject({ changes: true, replaces: [] });
  expect(await h.diff("ServiceSyncConfig", outs, inputs)).toMatchObject({ changes: false });
  const { outs: updated } = (await h.provider("ServiceSyncConfig").update(id, outs, next)) as {
    outs: Props;
  };
  expect(
    (await h.client.send(new GetServiceSyncConfigCommand({ serviceName }))).serviceSyncConfig,
  ).toMatchObject({ branch: "release", filePath: "ops/proton-ops.yaml" });
  await h.provider("ServiceSyncConfig").delete(id, updated);
  await h.provider("ServiceSyncConfig").delete(id, updated);
  expect((await h.provider("ServiceSyncConfig").read(id, updated)).id).toBe("");
});

describe("a link still in use", () => {
  /** A linked repository with a template sync configuration following it. */
  async function followedRepository() {
    const repo = await linkedRepository();
    const { templateName } = await publishedEnvTemplate(h);
    const sync = {
      templateName,
      templateType: "ENVIRONMENT",
      repositoryProvider: "GITHUB",
      repositoryName: repo.inputs.name,
      branch: "main",
      logicalId: `p/s/sync-${templateName}`,
    };
    return { repo, sync: { inputs: sync, ...(await h.create("TemplateSyncConfig", sync)) } };
  }

  test("is deleted once its user, deleted alongside, is gone", async () => {
    const { repo, sync } = await followedRepository();
    const repoDelete = h.provider("Repository").delete(repo.id, repo.outs);
    await new Promise((r) => setTimeout(r, 2000));
    await h.provider("TemplateSyncConfig").delete(sync.id, sync.outs);
    await repoDelete;
    await expect(
      h.client.send(new GetRepositoryCommand({ provider: "GITHUB", name: String(repo.inputs.name) })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  test("fails within seconds, naming its users and the fix, when nothing using it is going away", async () => {
    const { repo } = await followedRepository();
    // Its delete timeout is the default hour: waiting on the conflict would outlast this test's timeout.
    await expect(h.provider("Repository").delete(repo.id, repo.outs)).rejects.toThrow(
      /could not delete it: ConflictException: .*template sync configuration.*; nothing that uses it is going away: point those users at another repository \(or remove them\) in an earlier `up`/,
    );
    expect(
      (await h.client.send(new GetRepositoryCommand({ provider: "GITHUB", name: String(repo.inputs.name) })))
        .repository,
    ).toBeDefined();
  });
});
