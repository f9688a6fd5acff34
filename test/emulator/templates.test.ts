import {
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  CreateServiceTemplateCommand,
  CreateServiceTemplateVersionCommand,
  DeleteEnvironmentTemplateCommand,
  DeleteEnvironmentTemplateVersionCommand,
  GetEnvironmentTemplateCommand,
  GetEnvironmentTemplateVersionCommand,
  GetServiceTemplateCommand,
  GetServiceTemplateVersionCommand,
  ListEnvironmentTemplateVersionsCommand,
  UpdateEnvironmentTemplateCommand,
  UpdateEnvironmentTemplateVersionCommand,
  UpdateServiceTemplateVersionCommand,
} from "@aws-sdk/client-proton";
import { addVersion, BUNDLES, environment, envTemplate, expectError, uniq, useHarness } from "./helpers";

const h = useHarness();

async function newEnvTemplate(): Promise<string> {
  const name = uniq("envt");
  await h.client.send(new CreateEnvironmentTemplateCommand({ name }));
  return name;
}

const getVersion = async (key: { templateName: string; majorVersion: string; minorVersion: string }) =>
  (await h.client.send(new GetEnvironmentTemplateVersionCommand(key))).environmentTemplateVersion!;

describe("template version registration", () => {
  test("an environment template version goes REGISTRATION_IN_PROGRESS -> DRAFT and learns its schema", async () => {
    const name = await newEnvTemplate();
    const { environmentTemplateVersion: v } = await h.client.send(
      new CreateEnvironmentTemplateVersionCommand({ templateName: name, source: { s3: BUNDLES.env } }),
    );
    expect(v).toMatchObject({ status: "REGISTRATION_IN_PROGRESS", majorVersion: "1", minorVersion: "0" });
    expect(v!.arn).toBe(`arn:aws:proton:us-east-1:000000000000:environment-template/${name}:1.0`);
    await h.settle();
    const after = await getVersion({ templateName: name, majorVersion: "1", minorVersion: "0" });
    expect(after.status).toBe("DRAFT");
    expect(after.schema).toContain("VpcEnvironmentInput");
  });

  test("a service template version goes REGISTRATION_IN_PROGRESS -> DRAFT", async () => {
    const et = await envTemplate(h);
    const name = uniq("svct");
    await h.client.send(new CreateServiceTemplateCommand({ name }));
    const { serviceTemplateVersion: v } = await h.client.send(
      new CreateServiceTemplateVersionCommand({
        templateName: name,
        source: { s3: BUNDLES.web },
        compatibleEnvironmentTemplates: [{ templateName: et, majorVersion: "1" }],
      }),
    );
    expect(v!.status).toBe("REGISTRATION_IN_PROGRESS");
    expect(v!.compatibleEnvironmentTemplates).toEqual([{ templateName: et, majorVersion: "1" }]);
    await h.settle();
    const { serviceTemplateVersion: after } = await h.client.send(
      new GetServiceTemplateVersionCommand({ templateName: name, majorVersion: "1", minorVersion: "0" }),
    );
    expect(after!.status).toBe("DRAFT");
    expect(after!.schema).toContain("WebPipelineInput");
  });

  test("a service bundle with pipeline_infrastructure/ but no pipeline_input_type ends REGISTRATION_FAILED", async () => {
    const et = await envTemplate(h);
    const name = uniq("svct");
    await h.client.send(new CreateServiceTemplateCommand({ name }));
    await h.client.send(
      new CreateServiceTemplateVersionCommand({
        templateName: name,
        source: { s3: BUNDLES.badPipeline },
        compatibleEnvironmentTemplates: [{ templateName: et, majorVersion: "1" }],
      }),
    );
    await h.settle();
    const { serviceTemplateVersion: v } = await h.client.send(
      new GetServiceTemplateVersionCommand({ templateName: name, majorVersion: "1", minorVersion: "0" }),
    );
    expect(v!.status).toBe("REGISTRATION_FAILED");
    expect(v!.statusMessage).toMatch(/pipeline/i);
  });

  test("a compatible environment template must exist", async () => {
    const name = uniq("svct");
    await h.client.send(new CreateServiceTemplateCommand({ name }));
    await expectError(
      h.client.send(
        new CreateServiceTemplateVersionCommand({
          templateName: name,
          source: { s3: BUNDLES.web },
          compatibleEnvironmentTemplates: [{ templateName: uniq("ghost"), majorVersion: "1" }],
        }),
      ),
      "ValidationException",
      /does not exist/,
    );
  });

  test("a version of a missing template is ResourceNotFoundException", async () => {
    await expectError(
      h.client.send(
        new CreateEnvironmentTemplateVersionCommand({
          templateName: uniq("ghost"),
          source: { s3: BUNDLES.env },
        }),
      ),
      "ResourceNotFoundException",
    );
  });
});

describe("publishing", () => {
  test("DRAFT -> PUBLISHED happens only through an update", async () => {
    const name = await newEnvTemplate();
    const key = await addVersion(h, name);
    await h.settle();
    expect((await getVersion(key)).status).toBe("DRAFT");
    const { environmentTemplateVersion: v } = await h.client.send(
      new UpdateEnvironmentTemplateVersionCommand({ ...key, status: "PUBLISHED" }),
    );
    expect(v!.status).toBe("PUBLISHED");
  });

  test("PUBLISHED -> DRAFT is rejected", async () => {
    const key = await addVersion(h, await newEnvTemplate(), { publish: true });
    await expectError(
      h.client.send(new UpdateEnvironmentTemplateVersionCommand({ ...key, status: "DRAFT" })),
      "ValidationException",
      /PUBLISHED to DRAFT/,
    );
    expect((await getVersion(key)).status).toBe("PUBLISHED");
  });

  test("a version that is still registering can't be updated", async () => {
    const name = await newEnvTemplate();
    await h.client.send(
      new CreateEnvironmentTemplateVersionCommand({ templateName: name, source: { s3: BUNDLES.env } }),
    );
    await expectError(
      h.client.send(
        new UpdateEnvironmentTemplateVersionCommand({
          templateName: name,
          majorVersion: "1",
          minorVersion: "0",
          status: "PUBLISHED",
        }),
      ),
      "ConflictException",
      /registering/,
    );
  });

  test("a version whose registration failed can't be published", async () => {
    const name = await newEnvTemplate();
    await h.control.addFault({ kind: "fail-registration", resource: name, message: "bundle unreadable" });
    const key = await addVersion(h, name);
    await expectError(
      h.client.send(new UpdateEnvironmentTemplateVersionCommand({ ...key, status: "PUBLISHED" })),
      "ValidationException",
      /REGISTRATION_FAILED/,
    );
  });

  test("UpdateServiceTemplateVersion changes the compatible environment templates", async () => {
    const et1 = await envTemplate(h);
    const et2 = await envTemplate(h);
    const name = uniq("svct");
    await h.client.send(new CreateServiceTemplateCommand({ name }));
    await h.client.send(
      new CreateServiceTemplateVersionCommand({
        templateName: name,
        source: { s3: BUNDLES.web },
        compatibleEnvironmentTemplates: [{ templateName: et1, majorVersion: "1" }],
      }),
    );
    await h.settle();
    const { serviceTemplateVersion: v } = await h.client.send(
      new UpdateServiceTemplateVersionCommand({
        templateName: name,
        majorVersion: "1",
        minorVersion: "0",
        compatibleEnvironmentTemplates: [
          { templateName: et1, majorVersion: "1" },
          { templateName: et2, majorVersion: "1" },
        ],
      }),
    );
    expect(v!.compatibleEnvironmentTemplates).toHaveLength(2);
  });
});

describe("version numbering and recommended versions", () => {
  test("the server assigns major and minor numbers", async () => {
    const name = await newEnvTemplate();
    const first = await addVersion(h, name);
    const nextMajor = await addVersion(h, name);
    const minorOf1 = await addVersion(h, name, { majorVersion: "1" });
    const minorOf2 = await addVersion(h, name, { majorVersion: "2" });
    expect([first, nextMajor, minorOf1, minorOf2].map((k) => `${k.majorVersion}.${k.minorVersion}`)).toEqual([
      "1.0",
      "2.0",
      "1.1",
      "2.1",
    ]);
  });

  test("a minor version under a major that does not exist is rejected", async () => {
    const name = await newEnvTemplate();
    await addVersion(h, name);
    await expectError(
      h.client.send(
        new CreateEnvironmentTemplateVersionCommand({
          templateName: name,
          majorVersion: "3",
          source: { s3: BUNDLES.env },
        }),
      ),
      "ValidationException",
      /no major version 3/,
    );
  });

  test("recommendedVersion and recommendedMinorVersion follow the latest published versions", async () => {
    const name = await newEnvTemplate();
    const recommended = async () =>
      (await h.client.send(new GetEnvironmentTemplateCommand({ name }))).environmentTemplate!
        .recommendedVersion;

    const v10 = await addVersion(h, name);
    expect(await recommended()).toBeUndefined();
    expect((await getVersion(v10)).recommendedMinorVersion).toBeUndefined();

    await h.client.send(new UpdateEnvironmentTemplateVersionCommand({ ...v10, status: "PUBLISHED" }));
    expect(await recommended()).toBe("1.0");
    expect((await getVersion(v10)).recommendedMinorVersion).toBe("0");

    const v11 = await addVersion(h, name, { majorVersion: "1", publish: true });
    expect(await recommended()).toBe("1.1");
    expect((await getVersion(v10)).recommendedMinorVersion).toBe("1");

    const v20 = await addVersion(h, name);
    expect(await recommended()).toBe("1.1");
    await h.client.send(new UpdateEnvironmentTemplateVersionCommand({ ...v20, status: "PUBLISHED" }));
    expect(await recommended()).toBe("2.0");
    expect((await getVersion(v11)).recommendedMinorVersion).toBe("1");
    expect((await getVersion(v20)).recommendedMinorVersion).toBe("0");
  });

  test("ListEnvironmentTemplateVersions shows one version per major, or the minors of one major", async () => {
    const name = await newEnvTemplate();
    await addVersion(h, name, { publish: true });
    await addVersion(h, name, { majorVersion: "1", publish: true });
    await addVersion(h, name, { majorVersion: "1" });
    await addVersion(h, name);
    const all = await h.client.send(new ListEnvironmentTemplateVersionsCommand({ templateName: name }));
    expect(all.templateVersions!.map((v) => `${v.majorVersion}.${v.minorVersion}`)).toEqual(["1.1", "2.0"]);
    const ones = await h.client.send(
      new ListEnvironmentTemplateVersionsCommand({ templateName: name, majorVersion: "1" }),
    );
    expect(ones.templateVersions!.map((v) => `${v.majorVersion}.${v.minorVersion}`)).toEqual([
      "1.0",
      "1.1",
      "1.2",
    ]);
  });
});

describe("template metadata", () => {
  test("UpdateEnvironmentTemplate changes displayName and description", async () => {
    const name = await newEnvTemplate();
    await h.client.send(
      new UpdateEnvironmentTemplateCommand({ name, displayName: "VPC", description: "shared network" }),
    );
    const { environmentTemplate: t } = await h.client.send(new GetEnvironmentTemplateCommand({ name }));
    expect(t).toMatchObject({ displayName: "VPC", description: "shared network" });
  });

  test("a service template keeps its pipelineProvisioning", async () => {
    const name = uniq("svct");
    await h.client.send(new CreateServiceTemplateCommand({ name, pipelineProvisioning: "CUSTOMER_MANAGED" }));
    const { serviceTemplate: t } = await h.client.send(new GetServiceTemplateCommand({ name }));
    expect(t!.pipelineProvisioning).toBe("CUSTOMER_MANAGED");
  });
});

describe("dependency rules", () => {
  test("a template that still has versions can't be deleted", async () => {
    const name = await newEnvTemplate();
    const key = await addVersion(h, name);
    await expectError(
      h.client.send(new DeleteEnvironmentTemplateCommand({ name })),
      "ConflictException",
      /versions/,
    );
    await h.client.send(new DeleteEnvironmentTemplateVersionCommand(key));
    const { environmentTemplate } = await h.client.send(new DeleteEnvironmentTemplateCommand({ name }));
    expect(environmentTemplate!.name).toBe(name);
  });

  test("the recommended version is deleted last", async () => {
    const name = await newEnvTemplate();
    const v10 = await addVersion(h, name, { publish: true });
    const v11 = await addVersion(h, name, { majorVersion: "1", publish: true });
    const v12 = await addVersion(h, name, { majorVersion: "1" });
    // 1.1 is recommended: not while 1.0 and 1.2 exist; the draft 1.2 and the older 1.0 can go any time.
    await expectError(
      h.client.send(new DeleteEnvironmentTemplateVersionCommand(v11)),
      "ConflictException",
      /recommended/,
    );
    await h.client.send(new DeleteEnvironmentTemplateVersionCommand(v12));
    await h.client.send(new DeleteEnvironmentTemplateVersionCommand(v10));
    const { environmentTemplateVersion } = await h.client.send(
      new DeleteEnvironmentTemplateVersionCommand(v11),
    );
    expect(environmentTemplateVersion!.minorVersion).toBe("1");
  });

  test("a version in use by an environment can't be deleted", async () => {
    const et = await envTemplate(h);
    await environment(h, et);
    await expectError(
      h.client.send(
        new DeleteEnvironmentTemplateVersionCommand({
          templateName: et,
          majorVersion: "1",
          minorVersion: "0",
        }),
      ),
      "ConflictException",
      /in use by environment/,
    );
  });
});
