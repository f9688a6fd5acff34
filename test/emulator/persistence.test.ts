import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  CreateRepositoryCommand,
  CreateTemplateSyncConfigCommand,
  GetEnvironmentCommand,
  GetEnvironmentTemplateCommand,
  GetEnvironmentTemplateVersionCommand,
  GetTemplateSyncStatusCommand,
  ListRepositoriesCommand,
} from "@aws-sdk/client-proton";
import { startProtonLocal } from "../../emulator";
import { BUNDLE_ROOT, BUNDLES, environment, envTemplate, startHarness, uniq } from "./helpers";

// --state-file: state survives a restart, and the file is replaced atomically (temp file + rename).

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "proton-local-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("persistence", () => {
  test("repository links, branch heads and sync status survive a restart; older files without them load", async () => {
    const stateFile = join(dir, "state.json");
    const first = await startHarness({ stateFile });
    const repo = { provider: "GITHUB" as const, name: "acme/templates" };
    const template = uniq("vpc");
    await first.client.send(
      new CreateRepositoryCommand({
        ...repo,
        connectionArn: "arn:aws:codestar-connections:us-east-1:000000000000:connection/git",
      }),
    );
    await first.client.send(new CreateEnvironmentTemplateCommand({ name: template }));
    const bundle = join(BUNDLE_ROOT, BUNDLES.env.bucket, BUNDLES.env.key, "schema", "schema.yaml");
    await first.control.gitPush({
      repository: repo,
      branch: "main",
      commitId: "c1",
      files: { [`${template}/v1/schema/schema.yaml`]: readFileSync(bundle, "utf8") },
    });
    const sync = { templateName: template, templateType: "ENVIRONMENT" as const };
    await first.client.send(
      new CreateTemplateSyncConfigCommand({
        ...sync,
        repositoryProvider: "GITHUB",
        repositoryName: repo.name,
        branch: "main",
      }),
    );
    await first.close();

    const second = await startHarness({ stateFile });
    try {
      await second.settle();
      const { latestSync } = await second.client.send(
        new GetTemplateSyncStatusCommand({ ...sync, templateVersion: "1" }),
      );
      expect(latestSync).toMatchObject({ status: "SUCCEEDED", targetRevision: { sha: "c1" } });
      expect(
        (await second.control.gitPush({ repository: repo, branch: "main", commitId: "c1", files: {} }))
          .unchanged,
      ).toBe(true);
    } finally {
      await second.close();
    }

    const old = JSON.parse(readFileSync(stateFile, "utf8")) as { state: Record<string, unknown> };
    for (const key of [
      "repositories",
      "templateSyncConfigs",
      "serviceSyncConfigs",
      "branches",
      "resourceSyncs",
    ])
      delete old.state[key];
    writeFileSync(stateFile, JSON.stringify(old));
    const third = await startHarness({ stateFile });
    try {
      const { repositories } = await third.client.send(new ListRepositoriesCommand({}));
      expect(repositories).toEqual([]);
    } finally {
      await third.close();
    }
  });

  test("resources, the clock offset and unfinished async work survive a restart", async () => {
    const stateFile = join(dir, "state.json");
    const first = await startHarness({ stateFile });
    const et = await envTemplate(first);
    const env = await environment(first, et);
    await first.client.send(
      new CreateEnvironmentTemplateVersionCommand({
        templateName: et,
        majorVersion: "1",
        source: { s3: BUNDLES.env },
      }),
    );
    const { offsetMs } = await first.control.advanceClock("30s");
    await first.close();

    const second = await startHarness({ stateFile });
    try {
      expect((await second.control.clock()).offsetMs).toBe(offsetMs);
      const { environmentTemplate } = await second.client.send(
        new GetEnvironmentTemplateCommand({ name: et }),
      );
      expect(environmentTemplate!.recommendedVersion).toBe("1.0");
      const { environment: e } = await second.client.send(new GetEnvironmentCommand({ name: env }));
      expect(e!.deploymentStatus).toBe("SUCCEEDED");
      const v11 = { templateName: et, majorVersion: "1", minorVersion: "1" };
      expect(
        (await second.client.send(new GetEnvironmentTemplateVersionCommand(v11))).environmentTemplateVersion!
          .status,
      ).toBe("REGISTRATION_IN_PROGRESS");
      await second.settle();
      expect(
        (await second.client.send(new GetEnvironmentTemplateVersionCommand(v11))).environmentTemplateVersion!
          .status,
      ).toBe("DRAFT");
    } finally {
      await second.close();
    }
  });

  test("each write replaces the file atomically and leaves no temp file behind", async () => {
    const stateFile = join(dir, "nested", "state.json");
    const h = await startHarness({ stateFile });
    try {
      await h.client.send(new CreateEnvironmentTemplateCommand({ name: uniq("a") }));
      const firstInode = statSync(stateFile).ino;
      await h.client.send(new CreateEnvironmentTemplateCommand({ name: uniq("b") }));
      // A new inode means a new file was renamed over the old one, never rewritten in place.
      expect(statSync(stateFile).ino).not.toBe(firstInode);
      expect(readdirSync(join(dir, "nested"))).toEqual(["state.json"]);
      const snapshot = JSON.parse(readFileSync(stateFile, "utf8")) as { state: { templates: object } };
      expect(Object.keys(snapshot.state.templates)).toHaveLength(2);
    } finally {
      await h.close();
    }
  });

  test("reads do not rewrite the file", async () => {
    const stateFile = join(dir, "state.json");
    const h = await startHarness({ stateFile });
    try {
      const name = uniq("t");
      await h.client.send(new CreateEnvironmentTemplateCommand({ name }));
      const inode = statSync(stateFile).ino;
      await h.client.send(new GetEnvironmentTemplateCommand({ name }));
      expect(statSync(stateFile).ino).toBe(inode);
    } finally {
      await h.close();
    }
  });

  test("a state file proton-local can't read is refused with its name", async () => {
    const stateFile = join(dir, "state.json");
    writeFileSync(stateFile, JSON.stringify({ format: 99, state: {} }));
    await expect(startProtonLocal({ port: 0, stateFile })).rejects.toThrow(
      `${stateFile}: unsupported state format 99`,
    );
    writeFileSync(stateFile, "{ not json");
    await expect(startProtonLocal({ port: 0, stateFile })).rejects.toThrow(stateFile);
  });
});
