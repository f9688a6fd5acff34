import { expect } from "@jest/globals";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CreateEnvironmentTemplateCommand,
  CreateRepositoryCommand,
  CreateServiceTemplateCommand,
  CreateTemplateSyncConfigCommand,
  DeleteEnvironmentTemplateVersionCommand,
  DeleteRepositoryCommand,
  DeleteTemplateSyncConfigCommand,
  GetEnvironmentTemplateVersionCommand,
  GetRepositorySyncStatusCommand,
  GetServiceTemplateVersionCommand,
  GetTemplateSyncConfigCommand,
  GetTemplateSyncStatusCommand,
  ListEnvironmentTemplateVersionsCommand,
  ListRepositorySyncDefinitionsCommand,
  UpdateTemplateSyncConfigCommand,
} from "@aws-sdk/client-proton";
import { ACCOUNT_ID, BUNDLE_ROOT, expectError, uniq, useHarness, type Harness } from "./helpers";

const h = useHarness();
const CONNECTION = `arn:aws:codestar-connections:us-east-1:${ACCOUNT_ID}:connection/git`;
const ENV_BUNDLE = join(BUNDLE_ROOT, "proton-local-fixtures", "env-vpc", "v1");
const envSchema = readFileSync(join(ENV_BUNDLE, "schema", "schema.yaml"), "utf8");
const envInfra = readFileSync(join(ENV_BUNDLE, "infrastructure", "cloudformation.yaml"), "utf8");
const envManifest = readFileSync(join(ENV_BUNDLE, "infrastructure", "manifest.yaml"), "utf8");

/** An environment bundle as files under `dir`; `tweak` changes its CloudFormation text. */
const envBundle = (dir: string, tweak = "") => ({
  [`${dir}/schema/schema.yaml`]: envSchema,
  [`${dir}/infrastructure/manifest.yaml`]: envManifest,
  [`${dir}/infrastructure/cloudformation.yaml`]: `${envInfra}${tweak}`,
});

interface World {
  repo: { provider: "GITHUB"; name: string };
  template: string;
  push(
    commitId: string,
    files: Record<string, string>,
    branch?: string,
  ): ReturnType<Harness["control"]["gitPush"]>;
  status(major: string): ReturnType<typeof syncStatus>;
}

const syncStatus = (templateName: string, templateVersion: string) =>
  h.client.send(
    new GetTemplateSyncStatusCommand({ templateName, templateType: "ENVIRONMENT", templateVersion }),
  );

/** A linked repository, an environment template with no versions, and its sync configuration on main. */
async function world(subdirectory: string | null = "templates"): Promise<World> {
  const repo = { provider: "GITHUB" as const, name: `acme/${uniq("templates")}` };
  const template = uniq("vpc");
  await h.client.send(new CreateRepositoryCommand({ ...repo, connectionArn: CONNECTION }));
  await h.client.send(new CreateEnvironmentTemplateCommand({ name: template }));
  await h.client.send(
    new CreateTemplateSyncConfigCommand({
      templateName: template,
      templateType: "ENVIRONMENT",
      repositoryProvider: repo.provider,
      repositoryName: repo.name,
      branch: "main",
      subdirectory: subdirectory ?? undefined,
    }),
  );
  return {
    repo,
    template,
    push: (commitId, files, branch = "main") =>
      h.control.gitPush({ repository: repo, branch, commitId, files }),
    status: (major) => syncStatus(template, major),
  };
}

const versionsOf = async (templateName: string, majorVersion?: string) =>
  (
    await h.client.send(new ListEnvironmentTemplateVersionsCommand({ templateName, majorVersion }))
  ).templateVersions!.map((v) => `${v.majorVersion}.${v.minorVersion} ${v.status}`);

describe("template sync", () => {
  test("a pushed bundle directory becomes a DRAFT version; the sync status follows its registration", async () => {
    const w = await world();
    const pushed = await w.push("c1", { ...envBundle(`templates/${w.template}/v1`), "README.md": "hi" });
    expect(pushed.templateSyncs).toEqual([
      {
        templateName: w.template,
        templateType: "ENVIRONMENT",
        majorVersion: "1",
        outcome: "VERSION_CREATED",
        version: "1.0",
      },
    ]);
    const during = await w.status("1");
    expect(during.latestSync).toMatchObject({ status: "IN_PROGRESS", target: w.template });
    expect(during.latestSuccessfulSync).toBeUndefined();
    const revision = {
      repositoryName: w.repo.name,
      repositoryProvider: "GITHUB",
      sha: "c1",
      directory: `templates/${w.template}/v1`,
      branch: "main",
    };
    expect(during.desiredState).toEqual(revision);

    await h.settle();
    const after = await w.status("1");
    expect(after.latestSync).toMatchObject({
      status: "SUCCEEDED",
      targetRevision: revision,
      initialRevision: revision,
    });
    expect(after.latestSync!.startedAt).toBeInstanceOf(Date);
    expect(after.latestSync!.events!.map((e) => e.type)).toEqual([
      "SYNC_STARTED",
      "VERSION_CREATED",
      "VERSION_REGISTERED",
      "SYNC_SUCCEEDED",
    ]);
    expect(after.latestSuccessfulSync).toEqual(after.latestSync);
    const { environmentTemplateVersion: v } = await h.client.send(
      new GetEnvironmentTemplateVersionCommand({
        templateName: w.template,
        majorVersion: "1",
        minorVersion: "0",
      }),
    );
    expect(v).toMatchObject({ status: "DRAFT", schema: envSchema });
  });

  test("a commit that leaves the directory unchanged makes no version; a change makes the next minor", async () => {
    const w = await world();
    await w.push("c1", envBundle(`templates/${w.template}/v1`));
    await h.settle();
    const unchanged = await w.push("c2", {
      ...envBundle(`templates/${w.template}/v1`),
      "docs/x.md": "elsewhere",
    });
    expect(unchanged.templateSyncs.map((s) => s.outcome)).toEqual(["UNCHANGED"]);
    expect((await w.status("1")).desiredState!.sha).toBe("c1");
    const changed = await w.push("c3", envBundle(`templates/${w.template}/v1`, "# tuned\n"));
    expect(changed.templateSyncs.map((s) => [s.outcome, s.version])).toEqual([["VERSION_CREATED", "1.1"]]);
    await h.settle();
    expect(await versionsOf(w.template, "1")).toEqual(["1.0 DRAFT", "1.1 DRAFT"]);
    const status = await w.status("1");
    expect(status.latestSync!.initialRevision!.sha).toBe("c1");
    expect(status.latestSync!.targetRevision!.sha).toBe("c3");
  });

  test("a new v<N> folder makes major version N; a repeated push of the same commit changes nothing", async () => {
    const w = await world();
    await w.push("c1", envBundle(`templates/${w.template}/v1`));
    await h.settle();
    const files = {
      ...envBundle(`templates/${w.template}/v1`),
      ...envBundle(`templates/${w.template}/v2`, "# v2\n"),
    };
    const pushed = await w.push("c2", files);
    expect(pushed.templateSyncs.map((s) => `${s.majorVersion}:${s.outcome}`)).toEqual([
      "1:UNCHANGED",
      "2:VERSION_CREATED",
    ]);
    await h.settle();
    expect((await w.status("2")).latestSync!.status).toBe("SUCCEEDED");
    const again = await w.push("c2", files);
    expect(again).toMatchObject({ unchanged: true, templateSyncs: [] });
    expect(await versionsOf(w.template)).toEqual(["1.0 DRAFT", "2.0 DRAFT"]);
  });

  test("deleting the last synced minor version makes the next sync register the same bundle again", async () => {
    const w = await world();
    await w.push("c1", envBundle(`templates/${w.template}/v1`));
    await h.settle();
    await h.client.send(
      new DeleteEnvironmentTemplateVersionCommand({
        templateName: w.template,
        majorVersion: "1",
        minorVersion: "0",
      }),
    );
    const pushed = await w.push("c2", envBundle(`templates/${w.template}/v1`));
    expect(pushed.templateSyncs.map((s) => [s.outcome, s.version])).toEqual([["VERSION_CREATED", "1.0"]]);
  });

  test("commits pushed while a major version syncs are batched into one sync after it", async () => {
    const w = await world();
    await w.push("c1", envBundle(`templates/${w.template}/v1`));
    const queued = await w.push("c2", envBundle(`templates/${w.template}/v1`, "# two\n"));
    expect(queued.templateSyncs.map((s) => s.outcome)).toEqual(["QUEUED"]);
    await w.push("c3", envBundle(`templates/${w.template}/v1`, "# three\n"));
    await h.settle();
    const next = await w.status("1");
    expect(next.latestSync).toMatchObject({ status: "IN_PROGRESS", targetRevision: { sha: "c3" } });
    expect(next.latestSuccessfulSync!.targetRevision!.sha).toBe("c1");
    await h.settle();
    expect(await versionsOf(w.template, "1")).toEqual(["1.0 DRAFT", "1.1 DRAFT"]);
  });

  test("a bundle registration rejects fails the sync with the reason; the last successful sync stays", async () => {
    const w = await world();
    await w.push("c1", envBundle(`templates/${w.template}/v1`));
    await h.settle();
    const broken = { ...envBundle(`templates/${w.template}/v1`) };
    delete broken[`templates/${w.template}/v1/schema/schema.yaml`];
    await w.push("c2", broken);
    await h.settle();
    const status = await w.status("1");
    expect(status.latestSync!.status).toBe("FAILED");
    expect(status.latestSync!.events!.map((e) => e.type)).toEqual([
      "SYNC_STARTED",
      "VERSION_CREATED",
      "REGISTRATION_FAILED",
      "SYNC_FAILED",
    ]);
    expect(status.latestSync!.events![2].event).toMatch(/Missing file \[schema\/schema.yaml\]/);
    expect(status.latestSuccessfulSync!.targetRevision!.sha).toBe("c1");
    expect(await versionsOf(w.template, "1")).toEqual(["1.0 DRAFT", "1.1 REGISTRATION_FAILED"]);
  });

  test("deleting the configuration mid-sync lets the sync finish; later pushes sync nothing", async () => {
    const w = await world();
    await w.push("c1", envBundle(`templates/${w.template}/v1`));
    await w.push("c2", envBundle(`templates/${w.template}/v1`, "# batched\n"));
    await h.client.send(
      new DeleteTemplateSyncConfigCommand({ templateName: w.template, templateType: "ENVIRONMENT" }),
    );
    await h.settle();
    expect(await versionsOf(w.template, "1")).toEqual(["1.0 DRAFT"]);
    const later = await w.push("c3", envBundle(`templates/${w.template}/v1`, "# later\n"));
    expect(later.templateSyncs).toEqual([]);
  });

  test("a registration the control plane fails fails the sync with its message", async () => {
    const w = await world();
    await h.control.addFault({ kind: "fail-registration", resource: w.template, message: "bundle rejected" });
    await w.push("c1", envBundle(`templates/${w.template}/v1`));
    await h.settle();
    const { latestSync } = await w.status("1");
    expect(latestSync!.status).toBe("FAILED");
    expect(latestSync!.events!.find((e) => e.type === "REGISTRATION_FAILED")!.event).toBe("bundle rejected");
  });

  test("the push body is checked: provider, owner/repo, branch, commit id, and files or folder", async () => {
    const repository = { provider: "GITHUB" as const, name: "acme/x" };
    const bad: [Record<string, unknown>, RegExp][] = [
      [
        { repository: { provider: "GITLAB", name: "acme/x" }, branch: "main", commitId: "c", files: {} },
        /repository.provider/,
      ],
      [
        { repository: { provider: "GITHUB", name: "x" }, branch: "main", commitId: "c", files: {} },
        /owner\/repo/,
      ],
      [{ repository, branch: "", commitId: "c", files: {} }, /branch/],
      [{ repository, branch: "main", commitId: "has space", files: {} }, /commitId/],
      [{ repository, branch: "main", commitId: "c" }, /files .* or as a folder/],
      [{ repository, branch: "main", commitId: "c", files: {}, folder: "x" }, /not both/],
      [
        { repository, branch: "main", commitId: "c", files: { "a.txt": 1 } },
        /a\.txt'? must be (text|string)/,
      ],
    ];
    for (const [body, message] of bad)
      await expect(
        h.control.gitPush(body as unknown as Parameters<typeof h.control.gitPush>[0]),
      ).rejects.toThrow(message);
  });

  test("without a subdirectory the first directory named after the template is synced; pushes to other branches are ignored", async () => {
    const w = await world(null);
    const other = await w.push("x1", envBundle(`deep/${w.template}/v1`), "feature");
    expect(other.templateSyncs).toEqual([]);
    const pushed = await w.push("c1", envBundle(`deep/${w.template}/v1`));
    expect(pushed.templateSyncs.map((s) => s.outcome)).toEqual(["VERSION_CREATED"]);
    expect((await w.status("1")).desiredState!.directory).toBe(`deep/${w.template}/v1`);
  });

  test("the repository sync status and sync definitions report the branch's syncs", async () => {
    const w = await world();
    await w.push("c1", envBundle(`templates/${w.template}/v1`));
    const { latestSync } = await h.client.send(
      new GetRepositorySyncStatusCommand({
        repositoryName: w.repo.name,
        repositoryProvider: "GITHUB",
        branch: "main",
        syncType: "TEMPLATE_SYNC",
      }),
    );
    expect(latestSync).toMatchObject({ status: "SUCCEEDED" });
    expect(latestSync!.events!.map((e) => [e.type, e.externalId])).toEqual([
      ["COMMIT_RECEIVED", "c1"],
      ["TEMPLATE_VERSION_CREATED", undefined],
    ]);
    const none = await h.client.send(
      new GetRepositorySyncStatusCommand({
        repositoryName: w.repo.name,
        repositoryProvider: "GITHUB",
        branch: "other",
        syncType: "TEMPLATE_SYNC",
      }),
    );
    expect(none.latestSync).toBeUndefined();
    await expectError(
      h.client.send(
        new GetRepositorySyncStatusCommand({
          repositoryName: "acme/unlinked",
          repositoryProvider: "GITHUB",
          branch: "main",
          syncType: "TEMPLATE_SYNC",
        }),
      ),
      "ResourceNotFoundException",
    );
    const { syncDefinitions } = await h.client.send(
      new ListRepositorySyncDefinitionsCommand({
        repositoryName: w.repo.name,
        repositoryProvider: "GITHUB",
        syncType: "TEMPLATE_SYNC",
      }),
    );
    expect(syncDefinitions).toEqual([
      { target: w.template, parent: w.repo.name, branch: "main", directory: "templates" },
    ]);
  });

  test("a service template syncs with the compatible environments of .template-registration.yaml", async () => {
    const w = await world();
    await w.push("c1", envBundle(`templates/${w.template}/v1`));
    const svc = uniq("svc");
    await h.client.send(new CreateServiceTemplateCommand({ name: svc }));
    await h.client.send(
      new CreateTemplateSyncConfigCommand({
        templateName: svc,
        templateType: "SERVICE",
        repositoryProvider: "GITHUB",
        repositoryName: w.repo.name,
        branch: "main",
      }),
    );
    const web = join(BUNDLE_ROOT, "proton-local-fixtures", "svc-worker", "v1");
    const svcFiles = {
      [`services/${svc}/v1/schema/schema.yaml`]: readFileSync(join(web, "schema", "schema.yaml"), "utf8"),
      [`services/${svc}/v1/instance_infrastructure/cloudformation.yaml`]: "Resources: {}\n",
    };
    const missing = await w.push("c2", { ...envBundle(`templates/${w.template}/v1`), ...svcFiles });
    expect(missing.templateSyncs.find((s) => s.templateName === svc)).toMatchObject({
      outcome: "FAILED",
      message: expect.stringMatching(/\.template-registration\.yaml/),
    });
    const pushed = await w.push("c3", {
      ...envBundle(`templates/${w.template}/v1`),
      ...svcFiles,
      [`services/${svc}/v1/.template-registration.yaml`]: `compatible_environments:\n  - ${w.template}:1\nsupported_component_sources:\n  - DIRECTLY_DEFINED\n`,
    });
    expect(pushed.templateSyncs.find((s) => s.templateName === svc)).toMatchObject({
      outcome: "VERSION_CREATED",
    });
    await h.settle();
    const { serviceTemplateVersion } = await h.client.send(
      new GetServiceTemplateVersionCommand({ templateName: svc, majorVersion: "1", minorVersion: "0" }),
    );
    expect(serviceTemplateVersion).toMatchObject({
      status: "DRAFT",
      compatibleEnvironmentTemplates: [{ templateName: w.template, majorVersion: "1" }],
      supportedComponentSources: ["DIRECTLY_DEFINED"],
    });
  });

  test("a folder under --bundle-root can be pushed; a folder outside it is refused", async () => {
    await h.control.reset();
    const repo = { provider: "GITHUB" as const, name: "acme/fixtures" };
    await h.client.send(new CreateRepositoryCommand({ ...repo, connectionArn: CONNECTION }));
    await h.client.send(new CreateEnvironmentTemplateCommand({ name: "env-vpc" }));
    await h.client.send(
      new CreateTemplateSyncConfigCommand({
        templateName: "env-vpc",
        templateType: "ENVIRONMENT",
        repositoryProvider: "GITHUB",
        repositoryName: repo.name,
        branch: "main",
      }),
    );
    const pushed = await h.control.gitPush({
      repository: repo,
      branch: "main",
      commitId: "f1",
      folder: "proton-local-fixtures",
    });
    expect(pushed.templateSyncs.map((s) => [s.templateName, s.outcome, s.version])).toEqual([
      ["env-vpc", "VERSION_CREATED", "1.0"],
    ]);
    await h.settle();
    expect(await versionsOf("env-vpc")).toEqual(["1.0 DRAFT"]);
    for (const folder of ["../emulator", "proton-local-fixtures/../..", "/etc"])
      await expect(
        h.control.gitPush({ repository: repo, branch: "main", commitId: "f2", folder }),
      ).rejects.toThrow(/folder: .* is not a folder under --bundle-root/);
    await expect(
      h.control.gitPush({ repository: repo, branch: "main", commitId: "f3", files: { "../x": "y" } }),
    ).rejects.toThrow(/files: '..\/x' must be a relative path/);
  });
});

describe("template sync configurations", () => {
  test("Create needs a linked repository and an existing template; Get, Update and Delete follow Proton", async () => {
    const repo = `acme/${uniq("templates")}`;
    const template = uniq("vpc");
    const config = {
      templateName: template,
      templateType: "ENVIRONMENT" as const,
      repositoryProvider: "GITHUB" as const,
      repositoryName: repo,
      branch: "main",
    };
    await expectError(
      h.client.send(new CreateTemplateSyncConfigCommand(config)),
      "ValidationException",
      /does not exist; template sync adds versions to an existing template/,
    );
    await h.client.send(new CreateEnvironmentTemplateCommand({ name: template }));
    await expectError(
      h.client.send(new CreateTemplateSyncConfigCommand(config)),
      "ValidationException",
      /repositoryName: The repository .* is not linked/,
    );
    await h.client.send(
      new CreateRepositoryCommand({ provider: "GITHUB", name: repo, connectionArn: CONNECTION }),
    );
    const { templateSyncConfig } = await h.client.send(new CreateTemplateSyncConfigCommand(config));
    expect(templateSyncConfig).toEqual(config);
    const again = await h.client.send(new CreateTemplateSyncConfigCommand(config));
    expect(again.templateSyncConfig).toEqual(config);
    await expectError(
      h.client.send(new CreateTemplateSyncConfigCommand({ ...config, branch: "dev" })),
      "ValidationException",
      /IdempotentParameterMismatch/,
    );
    const key = { templateName: template, templateType: "ENVIRONMENT" as const };
    const updated = await h.client.send(
      new UpdateTemplateSyncConfigCommand({ ...config, branch: "release", subdirectory: "templates" }),
    );
    expect(updated.templateSyncConfig).toEqual({ ...config, branch: "release", subdirectory: "templates" });
    expect((await h.client.send(new GetTemplateSyncConfigCommand(key))).templateSyncConfig!.branch).toBe(
      "release",
    );
    await expectError(
      h.client.send(new CreateTemplateSyncConfigCommand(config)),
      "ConflictException",
      /modified since it was created/,
    );
    await expectError(
      h.client.send(new DeleteRepositoryCommand({ provider: "GITHUB", name: repo })),
      "ConflictException",
      /template sync configuration/,
    );
    const deleted = await h.client.send(new DeleteTemplateSyncConfigCommand(key));
    expect(deleted.templateSyncConfig!.branch).toBe("release");
    expect(
      (await h.client.send(new DeleteTemplateSyncConfigCommand(key))).templateSyncConfig,
    ).toBeUndefined();
    await expectError(h.client.send(new GetTemplateSyncConfigCommand(key)), "ResourceNotFoundException");
    await expectError(
      h.client.send(new GetTemplateSyncStatusCommand({ ...key, templateVersion: "1" })),
      "ResourceNotFoundException",
    );
    await h.client.send(new DeleteRepositoryCommand({ provider: "GITHUB", name: repo }));
  });

  test("a configuration made after the push syncs the branch head at once", async () => {
    const repo = { provider: "GITHUB" as const, name: `acme/${uniq("templates")}` };
    const template = uniq("vpc");
    await h.client.send(new CreateRepositoryCommand({ ...repo, connectionArn: CONNECTION }));
    await h.client.send(new CreateEnvironmentTemplateCommand({ name: template }));
    await h.control.gitPush({
      repository: repo,
      branch: "main",
      commitId: "c1",
      files: envBundle(`${template}/v1`),
    });
    await h.client.send(
      new CreateTemplateSyncConfigCommand({
        templateName: template,
        templateType: "ENVIRONMENT",
        repositoryProvider: "GITHUB",
        repositoryName: repo.name,
        branch: "main",
      }),
    );
    expect((await syncStatus(template, "1")).latestSync).toMatchObject({ status: "IN_PROGRESS" });
  });

  test("ListRepositorySyncDefinitions supports only TEMPLATE_SYNC", async () => {
    await expectError(
      h.client.send(
        new ListRepositorySyncDefinitionsCommand({
          repositoryName: "acme/x",
          repositoryProvider: "GITHUB",
          syncType: "SERVICE_SYNC",
        }),
      ),
      "ValidationException",
      /only TEMPLATE_SYNC/,
    );
  });
});
