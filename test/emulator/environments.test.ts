import { expect } from "@jest/globals";
import {
  CancelEnvironmentDeploymentCommand,
  CreateEnvironmentCommand,
  CreateEnvironmentTemplateCommand,
  DeleteEnvironmentCommand,
  GetEnvironmentCommand,
  ListEnvironmentOutputsCommand,
  ListEnvironmentsCommand,
  NotifyResourceDeploymentStatusChangeCommand,
  UpdateEnvironmentCommand,
} from "@aws-sdk/client-proton";
import {
  ACCOUNT_ID,
  addVersion,
  BUNDLES,
  ROLE_ARN,
  environment,
  envSpec,
  envTemplate,
  expectError,
  service,
  serviceWorld,
  linkedRepository,
  uniq,
  useHarness,
} from "./helpers";

const h = useHarness();

const arnOf = (name: string) => `arn:aws:proton:us-east-1:${ACCOUNT_ID}:environment/${name}`;

/** A self-managed (CUSTOMER_MANAGED) environment template with a published Terraform version 1.0. */
async function selfManagedTemplate(): Promise<string> {
  const name = uniq("envt");
  await h.client.send(new CreateEnvironmentTemplateCommand({ name, provisioning: "CUSTOMER_MANAGED" }));
  await addVersion(h, name, { publish: true, bundle: BUNDLES.envTerraform });
  return name;
}

const getEnv = async (name: string) =>
  (await h.client.send(new GetEnvironmentCommand({ name }))).environment!;

const create = (name: string, templateName: string, extra: Partial<{ templateMinorVersion: string }> = {}) =>
  h.client.send(
    new CreateEnvironmentCommand({
      name,
      templateName,
      templateMajorVersion: "1",
      spec: envSpec(),
      protonServiceRoleArn: ROLE_ARN,
      ...extra,
    }),
  );

describe("deployment state machine", () => {
  test("CreateEnvironment deploys IN_PROGRESS -> SUCCEEDED on the recommended minor version", async () => {
    const et = await envTemplate(h);
    const name = uniq("env");
    const { environment: e } = await create(name, et);
    expect(e).toMatchObject({
      name,
      deploymentStatus: "IN_PROGRESS",
      templateMajorVersion: "1",
      templateMinorVersion: "0",
    });
    expect(e!.lastDeploymentAttemptedAt).toBeInstanceOf(Date);
    expect(e!.lastSucceededDeploymentId).toBeUndefined();
    await h.settle();
    const after = await getEnv(name);
    expect(after.deploymentStatus).toBe("SUCCEEDED");
    expect(after.lastSucceededDeploymentId).toBe(e!.lastAttemptedDeploymentId);
    expect(after.arn).toBe(`arn:aws:proton:us-east-1:000000000000:environment/${name}`);
  });

  test("a failed deployment ends FAILED and a later update can succeed", async () => {
    const et = await envTemplate(h);
    const name = uniq("env");
    await h.control.addFault({ kind: "fail-deployment", resource: name, message: "VPC quota reached" });
    await create(name, et);
    await h.settle();
    expect(await getEnv(name)).toMatchObject({
      deploymentStatus: "FAILED",
      deploymentStatusMessage: "VPC quota reached",
    });
    await h.client.send(new UpdateEnvironmentCommand({ name, deploymentType: "CURRENT_VERSION" }));
    await h.settle();
    const after = await getEnv(name);
    expect(after.deploymentStatus).toBe("SUCCEEDED");
    expect(after.deploymentStatusMessage).toBeUndefined();
  });

  test("cancel: IN_PROGRESS -> CANCELLING -> CANCELLED", async () => {
    const et = await envTemplate(h);
    const name = await environment(h, et);
    await h.client.send(
      new UpdateEnvironmentCommand({
        name,
        deploymentType: "CURRENT_VERSION",
        spec: envSpec({ cidr: "10.9.0.0/16" }),
      }),
    );
    const { environment: cancelling } = await h.client.send(
      new CancelEnvironmentDeploymentCommand({ environmentName: name }),
    );
    expect(cancelling!.deploymentStatus).toBe("CANCELLING");
    await h.settle();
    const after = await getEnv(name);
    expect(after.deploymentStatus).toBe("CANCELLED");
    expect(after.spec).toContain("10.0.0.0/16");
  });

  test("only a deployment in progress can be cancelled", async () => {
    const et = await envTemplate(h);
    const name = await environment(h, et);
    await expectError(
      h.client.send(new CancelEnvironmentDeploymentCommand({ environmentName: name })),
      "ValidationException",
      /no deployment in progress/,
    );
  });

  test("UpdateEnvironment with deploymentType NONE changes metadata without deploying", async () => {
    const et = await envTemplate(h);
    const name = await environment(h, et);
    const before = await getEnv(name);
    const { environment: e } = await h.client.send(
      new UpdateEnvironmentCommand({ name, deploymentType: "NONE", description: "prod" }),
    );
    expect(e).toMatchObject({ description: "prod", deploymentStatus: "SUCCEEDED" });
    expect(e!.lastAttemptedDeploymentId).toBe(before.lastAttemptedDeploymentId);
  });

  test("MINOR_VERSION moves to the recommended minor, MAJOR_VERSION to the next major", async () => {
    const et = await envTemplate(h);
    const name = await environment(h, et);
    await addVersion(h, et, { majorVersion: "1", publish: true });
    await h.client.send(new UpdateEnvironmentCommand({ name, deploymentType: "MINOR_VERSION" }));
    await h.settle();
    expect(await getEnv(name)).toMatchObject({ templateMajorVersion: "1", templateMinorVersion: "1" });

    await addVersion(h, et, { publish: true });
    await expectError(
      h.client.send(
        new UpdateEnvironmentCommand({ name, deploymentType: "MINOR_VERSION", templateMajorVersion: "2" }),
      ),
      "ValidationException",
      /MAJOR_VERSION/,
    );
    await h.client.send(new UpdateEnvironmentCommand({ name, deploymentType: "MAJOR_VERSION" }));
    await h.settle();
    expect(await getEnv(name)).toMatchObject({ templateMajorVersion: "2", templateMinorVersion: "0" });
  });

  test("CURRENT_VERSION must not name a template version", async () => {
    const et = await envTemplate(h);
    const name = await environment(h, et);
    await expectError(
      h.client.send(
        new UpdateEnvironmentCommand({ name, deploymentType: "CURRENT_VERSION", templateMinorVersion: "0" }),
      ),
      "ValidationException",
      /must not set templateMajorVersion or templateMinorVersion/,
    );
  });

  test("ListEnvironmentOutputs reports the template's outputs of the last successful deployment, not the spec", async () => {
    const et = await envTemplate(h);
    const name = await environment(h, et, uniq("env"), {
      spec: envSpec({ cidr: "10.2.0.0/16", flow_logs: false }),
    });
    const { outputs } = await h.client.send(new ListEnvironmentOutputsCommand({ environmentName: name }));
    // env-vpc's infrastructure/cloudformation.yaml: Outputs: VpcId: !Ref Vpc
    expect(outputs).toEqual([{ key: "VpcId", valueString: expect.stringMatching(/^vpc-[0-9a-f]{17}$/) }]);
  });

  test("ListEnvironments filters by environment template", async () => {
    const et1 = await envTemplate(h);
    const et2 = await envTemplate(h);
    const a = await environment(h, et1);
    await environment(h, et2);
    const { environments } = await h.client.send(
      new ListEnvironmentsCommand({ environmentTemplates: [{ templateName: et1, majorVersion: "1" }] }),
    );
    expect(environments!.map((e) => e.name)).toEqual([a]);
    expect(environments![0]).not.toHaveProperty("spec");
  });
});

describe("async delete", () => {
  test("DeleteEnvironment: DELETE_IN_PROGRESS, then gone", async () => {
    const et = await envTemplate(h);
    const name = await environment(h, et);
    const { environment: e } = await h.client.send(new DeleteEnvironmentCommand({ name }));
    expect(e!.deploymentStatus).toBe("DELETE_IN_PROGRESS");
    expect((await getEnv(name)).deploymentStatus).toBe("DELETE_IN_PROGRESS");
    await h.settle();
    await expectError(h.client.send(new GetEnvironmentCommand({ name })), "ResourceNotFoundException");
  });
});

describe("dependency rules", () => {
  test("only published template versions can be deployed", async () => {
    const et = await envTemplate(h, uniq("envt"), { publish: false });
    await expectError(create(uniq("env"), et), "ValidationException", /no published version/);
    await expectError(
      create(uniq("env"), et, { templateMinorVersion: "0" }),
      "ValidationException",
      /only published versions/,
    );
  });

  test("a missing template is ResourceNotFoundException", async () => {
    await expectError(create(uniq("env"), uniq("ghost")), "ResourceNotFoundException");
  });

  test("an update while a deployment is in progress is ConflictException", async () => {
    const et = await envTemplate(h);
    const name = uniq("env");
    await create(name, et);
    await expectError(
      h.client.send(new UpdateEnvironmentCommand({ name, deploymentType: "NONE", description: "x" })),
      "ConflictException",
      /IN_PROGRESS/,
    );
    await expectError(
      h.client.send(new DeleteEnvironmentCommand({ name })),
      "ConflictException",
      /IN_PROGRESS/,
    );
  });

  test("an environment with service instances in it can't be deleted", async () => {
    const w = await serviceWorld(h);
    const svc = await service(h, w, { instances: ["one"] });
    await expectError(
      h.client.send(new DeleteEnvironmentCommand({ name: w.environment })),
      "ConflictException",
      new RegExp(`service instance '${svc}/one'`),
    );
  });

  test("an AWS-managed environment needs a role or an account connection", async () => {
    const et = await envTemplate(h);
    await expectError(
      h.client.send(
        new CreateEnvironmentCommand({
          name: uniq("env"),
          templateName: et,
          templateMajorVersion: "1",
          spec: envSpec(),
        }),
      ),
      "ValidationException",
      /protonServiceRoleArn or environmentAccountConnectionId/,
    );
  });

  test("a self-managed environment needs a provisioning repository", async () => {
    const et = uniq("envt");
    await h.client.send(new CreateEnvironmentTemplateCommand({ name: et, provisioning: "CUSTOMER_MANAGED" }));
    await addVersion(h, et, { publish: true });
    const base = { templateName: et, templateMajorVersion: "1", spec: envSpec() };
    await expectError(
      h.client.send(new CreateEnvironmentCommand({ name: uniq("env"), ...base })),
      "ValidationException",
      /needs provisioningRepository/,
    );
    const { environment: e } = await h.client.send(
      new CreateEnvironmentCommand({
        name: uniq("env"),
        ...base,
        provisioningRepository: await linkedRepository(h),
      }),
    );
    expect(e).toMatchObject({
      provisioning: "CUSTOMER_MANAGED",
      provisioningRepository: { name: "acme/infra", branch: "main" },
    });
  });

  test("a provisioning repository must be linked, on create and on update", async () => {
    const et = await selfManagedTemplate();
    const name = uniq("env");
    const unlinked = { provider: "GITHUB" as const, name: `acme/${uniq("unlinked")}`, branch: "main" };
    const base = { name, templateName: et, templateMajorVersion: "1", spec: envSpec() };
    // "A linked repository is a repository that has been registered with Proton" (CreateEnvironment).
    await expectError(
      h.client.send(new CreateEnvironmentCommand({ ...base, provisioningRepository: unlinked })),
      "ValidationException",
      new RegExp(`provisioningRepository: The repository '${unlinked.name}' \\(GITHUB\\) is not linked`),
    );
    await expectError(h.client.send(new GetEnvironmentCommand({ name })), "ResourceNotFoundException");
    await h.client.send(
      new CreateEnvironmentCommand({ ...base, provisioningRepository: await linkedRepository(h) }),
    );
    await h.client.send(
      new NotifyResourceDeploymentStatusChangeCommand({ resourceArn: arnOf(name), status: "SUCCEEDED" }),
    );
    await expectError(
      h.client.send(
        new UpdateEnvironmentCommand({ name, deploymentType: "NONE", provisioningRepository: unlinked }),
      ),
      "ValidationException",
      /is not linked/,
    );
    const moved = await linkedRepository(h, `acme/${uniq("infra")}`);
    const { environment } = await h.client.send(
      new UpdateEnvironmentCommand({ name, deploymentType: "NONE", provisioningRepository: moved }),
    );
    expect(environment!.provisioningRepository).toMatchObject({ name: moved.name });
  });

  test("provisioning fields stay those of the environment's kind (AWS-managed or self-managed)", async () => {
    // "specify the provisioningRepository parameter and omit the environmentAccountConnectionId and
    // protonServiceRoleArn parameters" (self-managed); "If the environment was configured for AWS-managed
    // provisioning, omit the provisioningRepository parameter" (UpdateEnvironment).
    const selfManaged = await selfManagedTemplate();
    const repo = await linkedRepository(h);
    await expectError(
      h.client.send(
        new CreateEnvironmentCommand({
          name: uniq("env"),
          templateName: selfManaged,
          templateMajorVersion: "1",
          spec: envSpec(),
          provisioningRepository: repo,
          protonServiceRoleArn: ROLE_ARN,
        }),
      ),
      "ValidationException",
      /self-managed environment .* takes provisioningRepository, not protonServiceRoleArn/,
    );
    const own = uniq("env");
    await h.client.send(
      new CreateEnvironmentCommand({
        name: own,
        templateName: selfManaged,
        templateMajorVersion: "1",
        spec: envSpec(),
        provisioningRepository: repo,
      }),
    );
    await h.client.send(
      new NotifyResourceDeploymentStatusChangeCommand({ resourceArn: arnOf(own), status: "SUCCEEDED" }),
    );
    await expectError(
      h.client.send(
        new UpdateEnvironmentCommand({ name: own, deploymentType: "NONE", protonServiceRoleArn: ROLE_ARN }),
      ),
      "ValidationException",
      /takes provisioningRepository, not protonServiceRoleArn/,
    );
    const managed = await environment(h, await envTemplate(h));
    await expectError(
      h.client.send(
        new UpdateEnvironmentCommand({ name: managed, deploymentType: "NONE", provisioningRepository: repo }),
      ),
      "ValidationException",
      /provisioningRepository is only for self-managed environments/,
    );
    const { environment: unchanged } = await h.client.send(new GetEnvironmentCommand({ name: managed }));
    expect(unchanged).not.toHaveProperty("provisioningRepository");
  });
});
