import { expect } from "@jest/globals";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateEnvironmentCommand,
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  CreateServiceTemplateCommand,
  CreateServiceTemplateVersionCommand,
  GetEnvironmentTemplateVersionCommand,
  GetServiceTemplateVersionCommand,
  UpdateEnvironmentTemplateVersionCommand,
} from "@aws-sdk/client-proton";
import * as tar from "tar";
import { packBundle } from "../../common/bundle-archive";
import {
  BUNDLE_ROOT,
  BUNDLES,
  envSpec,
  envTemplate,
  expectError,
  ROLE_ARN,
  startHarness,
  uniq,
  useHarness,
  type Harness,
} from "./helpers";

// Where proton-local finds a version's bundle: `<bundle-root>/<bucket>/<key>` is a `.tar.gz` object
// (as in S3) or an unpacked folder. A bundle it can't find or read ends REGISTRATION_FAILED with no schema.

const root = mkdtempSync(join(tmpdir(), "proton-bundles-"));
const fixture = (key: string) => join(BUNDLE_ROOT, BUNDLES.env.bucket, key);
const object = (key: string, bytes: Buffer | string) => {
  mkdirSync(join(root, "bundles"), { recursive: true });
  writeFileSync(join(root, "bundles", key), bytes);
  return { bucket: "bundles", key };
};

const h = useHarness({ bundleRoot: root });
afterAll(() => rmSync(root, { recursive: true, force: true }));

const envVersion = async (source: { bucket: string; key: string }, harness: Harness = h) => {
  const templateName = uniq("envt");
  await harness.client.send(new CreateEnvironmentTemplateCommand({ name: templateName }));
  await harness.client.send(
    new CreateEnvironmentTemplateVersionCommand({ templateName, source: { s3: source } }),
  );
  await harness.settle();
  const key = { templateName, majorVersion: "1", minorVersion: "0" };
  const v = (await harness.client.send(new GetEnvironmentTemplateVersionCommand(key)))
    .environmentTemplateVersion!;
  return { key, v };
};

describe("bundles as .tar.gz objects", () => {
  test("an environment bundle archive registers DRAFT and gives its schema", async () => {
    const { v } = await envVersion(object("env.tar.gz", packBundle(fixture("env-vpc/v1"))));
    expect(v.status).toBe("DRAFT");
    expect(v.schema).toContain("VpcEnvironmentInput");
  });

  test("a service archive with pipeline_infrastructure/ and no pipeline input type fails as the folder does", async () => {
    const et = await envTemplate(h, uniq("envt"), {
      bundle: object("env-for-svc.tar.gz", packBundle(fixture("env-vpc/v1"))),
    });
    const check = async (source: { bucket: string; key: string }) => {
      const templateName = uniq("svct");
      await h.client.send(new CreateServiceTemplateCommand({ name: templateName }));
      await h.client.send(
        new CreateServiceTemplateVersionCommand({
          templateName,
          source: { s3: source },
          compatibleEnvironmentTemplates: [{ templateName: et, majorVersion: "1" }],
        }),
      );
      await h.settle();
      return (
        await h.client.send(
          new GetServiceTemplateVersionCommand({ templateName, majorVersion: "1", minorVersion: "0" }),
        )
      ).serviceTemplateVersion!;
    };
    const web = await check(object("web.tar.gz", packBundle(fixture("svc-web/v1"))));
    expect(web.status).toBe("DRAFT");
    expect(web.schema).toContain("WebPipelineInput");
    const bad = await check(object("bad.tar.gz", packBundle(fixture("svc-bad-pipeline/v1"))));
    expect(bad).toMatchObject({
      status: "REGISTRATION_FAILED",
      statusMessage: expect.stringMatching(/pipeline/i),
    });
  });

  test("an archive holding the bundle in one top folder (tar -czf b.tar.gz environment/) registers", async () => {
    const bytes = tar.create({ sync: true, gzip: true, cwd: fixture("env-vpc") }, ["v1"]).read() as Buffer;
    const { v } = await envVersion(object("wrapped.tar.gz", bytes));
    expect(v.status).toBe("DRAFT");
    expect(v.schema).toContain("VpcEnvironmentInput");
  });
});

describe("a bundle proton-local can't use ends REGISTRATION_FAILED, never a schema-less DRAFT", () => {
  test("a missing object", async () => {
    const { key, v } = await envVersion({ bucket: "bundles", key: "nowhere/v1.tar.gz" });
    expect(v).toMatchObject({
      status: "REGISTRATION_FAILED",
      statusMessage:
        "Unable to retrieve the template bundle s3://bundles/nowhere/v1.tar.gz: The specified key does not exist.",
    });
    expect(v.schema).toBeUndefined();
    await expectError(
      h.client.send(new UpdateEnvironmentTemplateVersionCommand({ ...key, status: "PUBLISHED" })),
      "ValidationException",
      /REGISTRATION_FAILED/,
    );
  });

  test("an object that is not a gzipped tarball", async () => {
    const { v } = await envVersion(object("text.tar.gz", "schema:\n  format: {}\n"));
    expect(v.status).toBe("REGISTRATION_FAILED");
    expect(v.statusMessage).toMatch(
      /^Unable to read the template bundle s3:\/\/bundles\/text.tar.gz: it is not a gzipped tar archive \(/,
    );
  });

  test("a truncated archive", async () => {
    const { v } = await envVersion(object("cut.tar.gz", packBundle(fixture("env-vpc/v1")).subarray(0, 100)));
    expect(v.status).toBe("REGISTRATION_FAILED");
    expect(v.statusMessage).toMatch(/it is not a gzipped tar archive/);
  });

  test("an archive or folder without schema/schema.yaml", async () => {
    const noSchema = tar.create({ sync: true, gzip: true, cwd: fixture("env-vpc/v1") }, ["infrastructure"]);
    const fromArchive = await envVersion(object("no-schema.tar.gz", noSchema.read() as Buffer));
    mkdirSync(join(root, "bundles", "folder-without-schema", "infrastructure"), { recursive: true });
    const fromFolder = await envVersion({ bucket: "bundles", key: "folder-without-schema" });
    for (const { v } of [fromArchive, fromFolder])
      expect(v).toMatchObject({
        status: "REGISTRATION_FAILED",
        statusMessage: "Template bundle is not valid: Missing file [schema/schema.yaml]",
      });
  });

  test("without --bundle-root every bundle is missing", async () => {
    const bare = await startHarness({ bundleRoot: undefined });
    try {
      const { v } = await envVersion(BUNDLES.env, bare);
      expect(v.status).toBe("REGISTRATION_FAILED");
      expect(v.statusMessage).toMatch(/The specified key does not exist/);
    } finally {
      await bare.close();
    }
  });

  test("an environment can't be created from a version whose bundle was missing", async () => {
    const { key } = await envVersion({ bucket: "bundles", key: "gone.tar.gz" });
    await expectError(
      h.client.send(
        new CreateEnvironmentCommand({
          name: uniq("env"),
          templateName: key.templateName,
          templateMajorVersion: "1",
          protonServiceRoleArn: ROLE_ARN,
          spec: envSpec({ cidr: "anything goes" }),
        }),
      ),
      "ValidationException",
    );
  });
});
