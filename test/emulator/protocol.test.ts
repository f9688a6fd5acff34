import { expect } from "@jest/globals";
import {
  AcceptEnvironmentAccountConnectionCommand,
  CancelComponentDeploymentCommand,
  CancelEnvironmentDeploymentCommand,
  CreateComponentCommand,
  DeleteComponentCommand,
  GetComponentCommand,
  ListComponentOutputsCommand,
  ListComponentProvisionedResourcesCommand,
  ListComponentsCommand,
  UpdateComponentCommand,
  DeleteDeploymentCommand,
  GetDeploymentCommand,
  GetResourcesSummaryCommand,
  ListDeploymentsCommand,
  NotifyResourceDeploymentStatusChangeCommand,
  ListEnvironmentProvisionedResourcesCommand,
  ListServiceInstanceOutputsCommand,
  ListServiceInstanceProvisionedResourcesCommand,
  ListServicePipelineOutputsCommand,
  ListServicePipelineProvisionedResourcesCommand,
  CancelServiceInstanceDeploymentCommand,
  CancelServicePipelineDeploymentCommand,
  CreateEnvironmentAccountConnectionCommand,
  CreateEnvironmentCommand,
  CreateEnvironmentTemplateCommand,
  CreateRepositoryCommand,
  CreateServiceInstanceCommand,
  CreateServiceSyncConfigCommand,
  CreateTemplateSyncConfigCommand,
  DeleteEnvironmentAccountConnectionCommand,
  DeleteEnvironmentCommand,
  DeleteEnvironmentTemplateCommand,
  DeleteEnvironmentTemplateVersionCommand,
  DeleteRepositoryCommand,
  DeleteServiceCommand,
  DeleteServiceSyncConfigCommand,
  DeleteServiceTemplateCommand,
  DeleteServiceTemplateVersionCommand,
  DeleteTemplateSyncConfigCommand,
  GetAccountSettingsCommand,
  GetEnvironmentAccountConnectionCommand,
  GetEnvironmentCommand,
  GetEnvironmentTemplateCommand,
  GetEnvironmentTemplateVersionCommand,
  GetRepositoryCommand,
  GetRepositorySyncStatusCommand,
  GetServiceCommand,
  GetServiceInstanceCommand,
  GetServiceInstanceSyncStatusCommand,
  GetServiceSyncBlockerSummaryCommand,
  GetServiceSyncConfigCommand,
  GetServiceTemplateCommand,
  GetServiceTemplateVersionCommand,
  GetTemplateSyncConfigCommand,
  GetTemplateSyncStatusCommand,
  ListEnvironmentAccountConnectionsCommand,
  ListEnvironmentOutputsCommand,
  ListEnvironmentsCommand,
  ListEnvironmentTemplatesCommand,
  ListEnvironmentTemplateVersionsCommand,
  ListRepositoriesCommand,
  ListRepositorySyncDefinitionsCommand,
  ListServiceInstancesCommand,
  ListServicesCommand,
  ListServiceTemplatesCommand,
  ListServiceTemplateVersionsCommand,
  ListTagsForResourceCommand,
  ProtonClient,
  RejectEnvironmentAccountConnectionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAccountSettingsCommand,
  UpdateEnvironmentAccountConnectionCommand,
  UpdateEnvironmentCommand,
  UpdateEnvironmentTemplateCommand,
  UpdateEnvironmentTemplateVersionCommand,
  UpdateServiceCommand,
  UpdateServiceInstanceCommand,
  UpdateServicePipelineCommand,
  UpdateServiceSyncBlockerCommand,
  UpdateServiceSyncConfigCommand,
  UpdateServiceTemplateCommand,
  UpdateServiceTemplateVersionCommand,
  UpdateTemplateSyncConfigCommand,
} from "@aws-sdk/client-proton";
import { OPERATION_NAMES } from "../../common/model";
import { HANDLERS } from "../../emulator/service";
import {
  ACCOUNT_ID,
  addVersion,
  BUNDLES,
  ROLE_ARN,
  envSpec,
  envTemplate,
  expectError,
  makeClient,
  rawCall,
  service,
  serviceSpec,
  serviceWorld,
  linkedRepository,
  uniq,
  useHarness,
} from "./helpers";

const h = useHarness();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("operations", () => {
  test("every implemented operation answers through the SDK", async () => {
    const c = h.client;
    await h.control.reset();
    const w = await serviceWorld(h);
    const et = w.envTemplate;
    const st = w.serviceTemplate;
    const v = { templateName: et, majorVersion: "1", minorVersion: "0" };
    const sv = { templateName: st, majorVersion: "1", minorVersion: "0" };

    // Templates and versions.
    await c.send(new GetEnvironmentTemplateCommand({ name: et }));
    await c.send(new UpdateEnvironmentTemplateCommand({ name: et, description: "shared VPC" }));
    await c.send(new ListEnvironmentTemplatesCommand({}));
    await c.send(new GetEnvironmentTemplateVersionCommand(v));
    await c.send(new UpdateEnvironmentTemplateVersionCommand({ ...v, description: "first" }));
    await c.send(new ListEnvironmentTemplateVersionsCommand({ templateName: et }));
    await c.send(new GetServiceTemplateCommand({ name: st }));
    await c.send(new UpdateServiceTemplateCommand({ name: st, displayName: "Web" }));
    await c.send(new ListServiceTemplatesCommand({}));
    await c.send(new GetServiceTemplateVersionCommand(sv));
    await c.send(new UpdateServiceTemplateVersionCommand({ ...sv, description: "first" }));
    await c.send(new ListServiceTemplateVersionsCommand({ templateName: st, majorVersion: "1" }));

    // Environments.
    const env = w.environment;
    await c.send(new GetEnvironmentCommand({ name: env }));
    await c.send(new ListEnvironmentsCommand({}));
    await c.send(new ListEnvironmentOutputsCommand({ environmentName: env }));
    await c.send(
      new UpdateEnvironmentCommand({
        name: env,
        deploymentType: "CURRENT_VERSION",
        spec: envSpec({ cidr: "10.1.0.0/16" }),
      }),
    );
    await c.send(new CancelEnvironmentDeploymentCommand({ environmentName: env }));
    await h.settle();

    // Services, instances and pipelines.
    const svc = await service(h, w, { instances: ["one"], pipeline: { build_cmd: "make" } });
    const two = serviceSpec(
      [
        { name: "one", environment: env, spec: { port: 8080 } },
        { name: "two", environment: env, spec: { port: 9090 } },
      ],
      { build_cmd: "make" },
    );
    await c.send(new GetServiceCommand({ name: svc }));
    await c.send(new ListServicesCommand({}));
    await c.send(new UpdateServiceCommand({ name: svc, description: "web front end" }));
    await c.send(new CreateServiceInstanceCommand({ serviceName: svc, name: "two", spec: two }));
    await h.settle();
    await c.send(new GetServiceInstanceCommand({ serviceName: svc, name: "two" }));
    await c.send(new ListServiceInstancesCommand({ serviceName: svc }));
    await c.send(
      new UpdateServiceInstanceCommand({ serviceName: svc, name: "two", deploymentType: "CURRENT_VERSION" }),
    );
    await c.send(
      new CancelServiceInstanceDeploymentCommand({ serviceName: svc, serviceInstanceName: "two" }),
    );
    await c.send(
      new UpdateServicePipelineCommand({ serviceName: svc, deploymentType: "CURRENT_VERSION", spec: two }),
    );
    await c.send(new CancelServicePipelineDeploymentCommand({ serviceName: svc }));
    await h.settle();

    // Deployment history, outputs and provisioned resources.
    const instance = { serviceName: svc, serviceInstanceName: "two" };
    await c.send(new ListServiceInstanceOutputsCommand(instance));
    await c.send(new ListServiceInstanceProvisionedResourcesCommand(instance));
    await c.send(new ListServicePipelineOutputsCommand({ serviceName: svc }));
    await c.send(new ListServicePipelineProvisionedResourcesCommand({ serviceName: svc }));
    await c.send(new ListEnvironmentProvisionedResourcesCommand({ environmentName: env }));
    const { deployments } = await c.send(new ListDeploymentsCommand({ serviceName: svc }));
    await c.send(new GetDeploymentCommand({ id: deployments![0].id }));
    const finished = deployments!.find((d) => d.deploymentStatus === "CANCELLED")!;
    await c.send(new DeleteDeploymentCommand({ id: finished.id }));
    await c.send(new GetResourcesSummaryCommand({}));

    // Components.
    await c.send(
      new UpdateEnvironmentCommand({ name: env, deploymentType: "NONE", componentRoleArn: ROLE_ARN }),
    );
    const component = { name: uniq("queue"), environmentName: env };
    const manifest =
      "infrastructure:\n  templates:\n    - file: cloudformation.yaml\n      rendering_engine: jinja\n";
    const templateFile = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";
    await c.send(new CreateComponentCommand({ ...component, manifest, templateFile }));
    await c.send(new CancelComponentDeploymentCommand({ componentName: component.name }));
    await h.settle();
    await c.send(
      new UpdateComponentCommand({ name: component.name, deploymentType: "CURRENT_VERSION", templateFile }),
    );
    await h.settle();
    await c.send(new GetComponentCommand({ name: component.name }));
    await c.send(new ListComponentsCommand({ environmentName: env }));
    await c.send(new ListComponentOutputsCommand({ componentName: component.name }));
    await c.send(new ListComponentProvisionedResourcesCommand({ componentName: component.name }));
    await c.send(new DeleteComponentCommand({ name: component.name }));
    await h.settle();
    const selfManaged = uniq("envt");
    await c.send(
      new CreateEnvironmentTemplateCommand({ name: selfManaged, provisioning: "CUSTOMER_MANAGED" }),
    );
    await addVersion(h, selfManaged, { publish: true, bundle: BUNDLES.envTerraform });
    const { environment: own } = await c.send(
      new CreateEnvironmentCommand({
        name: uniq("env"),
        templateName: selfManaged,
        templateMajorVersion: "1",
        spec: envSpec(),
        provisioningRepository: await linkedRepository(h),
      }),
    );
    await c.send(
      new NotifyResourceDeploymentStatusChangeCommand({ resourceArn: own!.arn, status: "SUCCEEDED" }),
    );

    // Tags.
    const { service: s } = await c.send(new GetServiceCommand({ name: svc }));
    await c.send(new TagResourceCommand({ resourceArn: s!.arn, tags: [{ key: "team", value: "web" }] }));
    await c.send(new ListTagsForResourceCommand({ resourceArn: s!.arn }));
    await c.send(new UntagResourceCommand({ resourceArn: s!.arn, tagKeys: ["team"] }));

    // Account connections and settings.
    const conn = await c.send(
      new CreateEnvironmentAccountConnectionCommand({
        managementAccountId: ACCOUNT_ID,
        environmentName: uniq("remote"),
        roleArn: ROLE_ARN,
      }),
    );
    const id = conn.environmentAccountConnection!.id!;
    await c.send(new GetEnvironmentAccountConnectionCommand({ id }));
    await c.send(new UpdateEnvironmentAccountConnectionCommand({ id, codebuildRoleArn: ROLE_ARN }));
    await c.send(new ListEnvironmentAccountConnectionsCommand({ requestedBy: "ENVIRONMENT_ACCOUNT" }));
    await c.send(new AcceptEnvironmentAccountConnectionCommand({ id }));
    await c.send(new RejectEnvironmentAccountConnectionCommand({ id }));
    await c.send(new DeleteEnvironmentAccountConnectionCommand({ id }));
    await c.send(new UpdateAccountSettingsCommand({ pipelineServiceRoleArn: ROLE_ARN }));

    // Repository links.
    const repo = { provider: "GITHUB" as const, name: "acme/templates" };
    await c.send(
      new CreateRepositoryCommand({
        ...repo,
        connectionArn: `arn:aws:codestar-connections:us-east-1:${ACCOUNT_ID}:connection/git`,
      }),
    );
    await c.send(new GetRepositoryCommand(repo));
    await c.send(new ListRepositoriesCommand({}));
    const sync = { templateName: et, templateType: "ENVIRONMENT" as const };
    const source = { repositoryProvider: repo.provider, repositoryName: repo.name, branch: "main" };
    await c.send(new CreateTemplateSyncConfigCommand({ ...sync, ...source }));
    await c.send(new GetTemplateSyncConfigCommand(sync));
    await c.send(new UpdateTemplateSyncConfigCommand({ ...sync, ...source, subdirectory: "templates" }));
    await c.send(new GetTemplateSyncStatusCommand({ ...sync, templateVersion: "1" }));
    await c.send(new GetRepositorySyncStatusCommand({ ...source, syncType: "TEMPLATE_SYNC" }));
    await c.send(
      new ListRepositorySyncDefinitionsCommand({
        repositoryProvider: repo.provider,
        repositoryName: repo.name,
        syncType: "TEMPLATE_SYNC",
      }),
    );
    await c.send(new DeleteTemplateSyncConfigCommand(sync));
    const svcSync = await service(h, w, { instances: ["one"] });
    await c.send(
      new CreateServiceSyncConfigCommand({ serviceName: svcSync, ...source, filePath: "ops.yaml" }),
    );
    await c.send(new GetServiceSyncConfigCommand({ serviceName: svcSync }));
    await c.send(
      new UpdateServiceSyncConfigCommand({ serviceName: svcSync, ...source, filePath: "proton-ops.yaml" }),
    );
    await c.send(
      new GetServiceInstanceSyncStatusCommand({ serviceName: svcSync, serviceInstanceName: "one" }),
    );
    await c.send(
      new UpdateServiceInstanceCommand({
        serviceName: svcSync,
        name: "one",
        deploymentType: "CURRENT_VERSION",
      }),
    );
    const { serviceSyncBlockerSummary } = await c.send(
      new GetServiceSyncBlockerSummaryCommand({ serviceName: svcSync, serviceInstanceName: "one" }),
    );
    await c.send(
      new UpdateServiceSyncBlockerCommand({
        id: serviceSyncBlockerSummary!.latestBlockers![0].id,
        resolvedReason: "checked",
      }),
    );
    await c.send(new DeleteServiceSyncConfigCommand({ serviceName: svcSync }));
    await h.settle();
    await c.send(new DeleteServiceCommand({ name: svcSync }));
    await h.settle();
    await c.send(new DeleteRepositoryCommand(repo));
    await c.send(new GetAccountSettingsCommand({}));

    // Tear down in dependency order.
    await c.send(new DeleteServiceCommand({ name: svc }));
    await h.settle();
    await c.send(new DeleteServiceCommand({ name: svc }));
    await c.send(new DeleteEnvironmentCommand({ name: env }));
    await h.settle();
    await c.send(new DeleteServiceTemplateVersionCommand(sv));
    await c.send(new DeleteServiceTemplateCommand({ name: st }));
    await c.send(new DeleteEnvironmentTemplateVersionCommand(v));
    await c.send(new DeleteEnvironmentTemplateCommand({ name: et }));

    const { counts } = await h.control.calls();
    const missing = Object.keys(HANDLERS).filter((op) => !(counts[op]?.ok > 0));
    expect(missing).toEqual([]);
  });
});

describe("wire format", () => {
  test("timestamps are epoch seconds on the wire and Dates in the SDK", async () => {
    const name = uniq("ts");
    const { environmentTemplate } = await h.client.send(new CreateEnvironmentTemplateCommand({ name }));
    expect(environmentTemplate!.createdAt).toBeInstanceOf(Date);
    expect(environmentTemplate!.lastModifiedAt).toBeInstanceOf(Date);

    const raw = await rawCall(h.local.endpoint, "AwsProton20200720.GetEnvironmentTemplate", { name });
    expect(raw.status).toBe(200);
    expect(raw.headers.get("content-type")).toBe("application/x-amz-json-1.0");
    const wire = raw.body.environmentTemplate as { createdAt: unknown };
    expect(typeof wire.createdAt).toBe("number");
    expect(wire.createdAt).toBe(environmentTemplate!.createdAt!.getTime() / 1000);
  });

  test("x-amzn-RequestId becomes $metadata.requestId", async () => {
    const out = await h.client.send(new ListEnvironmentTemplatesCommand({}));
    expect(out.$metadata.requestId).toMatch(UUID);
    const raw = await rawCall(h.local.endpoint, "AwsProton20200720.ListEnvironmentTemplates", {});
    expect(raw.headers.get("x-amzn-requestid")).toMatch(UUID);
  });

  test("requests signed for any region are accepted", async () => {
    const client = new ProtonClient({
      region: "eu-west-1",
      endpoint: h.local.endpoint,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    const out = await client.send(new ListEnvironmentTemplatesCommand({}));
    expect(out.$metadata.httpStatusCode).toBe(200);
    client.destroy();
  });
});

describe("errors", () => {
  test("ValidationException is 400 with {__type, message}", async () => {
    await expectError(
      h.client.send(new GetEnvironmentTemplateCommand({ name: "" })),
      "ValidationException",
      /name/,
    );
    const raw = await rawCall(h.local.endpoint, "AwsProton20200720.GetEnvironmentTemplate", {});
    expect(raw.status).toBe(400);
    expect(raw.headers.get("content-type")).toBe("application/x-amz-json-1.0");
    expect(raw.body).toEqual({ __type: "ValidationException", message: expect.stringContaining("'name'") });
  });

  test("ResourceNotFoundException is 404", async () => {
    await expectError(
      h.client.send(new GetEnvironmentTemplateCommand({ name: uniq("nope") })),
      "ResourceNotFoundException",
      /does not exist/,
    );
  });

  test("ConflictException is 409", async () => {
    const et = await envTemplate(h);
    await expectError(h.client.send(new DeleteEnvironmentTemplateCommand({ name: et })), "ConflictException");
  });

  test.each([
    { kind: "throttle", name: "ThrottlingException" },
    { kind: "internal", name: "InternalServerException" },
    { kind: "error", errorType: "ServiceQuotaExceededException", name: "ServiceQuotaExceededException" },
    { kind: "error", errorType: "AccessDeniedException", name: "AccessDeniedException" },
  ] as const)("an injected $kind fault answers $name with its status", async ({ kind, name, ...rest }) => {
    const errorType = "errorType" in rest ? rest.errorType : undefined;
    const client = makeClient(h.local.endpoint, { maxAttempts: 1 });
    await h.control.addFault({ kind, errorType, operation: "ListServices", count: 1, message: "injected" });
    const err = await expectError(client.send(new ListServicesCommand({})), name, "injected");
    expect(err.$metadata.requestId).toMatch(UUID);
    client.destroy();

    await h.control.addFault({ kind, errorType, operation: "ListServices", count: 1, message: "injected" });
    const raw = await rawCall(h.local.endpoint, "AwsProton20200720.ListServices", {});
    expect(raw.status).toBe(err.$metadata.httpStatusCode);
    expect(raw.body).toEqual({ __type: name, message: "injected" });
  });

  test("an unknown operation is UnknownOperationException", async () => {
    const raw = await rawCall(h.local.endpoint, "AwsProton20200720.MakeCoffee", {});
    expect(raw.status).toBe(400);
    expect(raw.body.__type).toBe("UnknownOperationException");
  });

  test("every operation of the Proton API is implemented: none answers NotImplementedException", () => {
    expect(OPERATION_NAMES.filter((op) => !HANDLERS[op])).toEqual([]);
  });
});

describe("signatures", () => {
  test("an unsigned request is MissingAuthenticationTokenException", async () => {
    const raw = await rawCall(h.local.endpoint, "AwsProton20200720.ListServices", {}, { sign: false });
    expect(raw.status).toBe(403);
    expect(raw.body.__type).toBe("MissingAuthenticationTokenException");
  });

  test("a signature older than 15 minutes is InvalidSignatureException (Signature expired)", async () => {
    const signingDate = new Date(Date.now() - 20 * 60 * 1000);
    const raw = await rawCall(h.local.endpoint, "AwsProton20200720.ListServices", {}, { signingDate });
    expect(raw.status).toBe(403);
    expect(raw.body).toEqual({
      __type: "InvalidSignatureException",
      message: expect.stringContaining("Signature expired"),
    });
  });

  test("a wrong secret is InvalidSignatureException", async () => {
    const client = makeClient(h.local.endpoint, {
      credentials: { accessKeyId: "test", secretAccessKey: "wrong" },
    });
    await expectError(client.send(new ListServicesCommand({})), "InvalidSignatureException", /signature/);
    client.destroy();
  });

  test("an unknown access key is UnrecognizedClientException", async () => {
    const client = makeClient(h.local.endpoint, {
      credentials: { accessKeyId: "AKIDUNKNOWN", secretAccessKey: "test" },
    });
    await expectError(client.send(new ListServicesCommand({})), "UnrecognizedClientException");
    client.destroy();
  });

  test.each([true, false])(
    "a body changed after signing is rejected (x-amz-content-sha256 sent: %s)",
    async (contentHash) => {
      const name = uniq("tamper");
      const raw = await rawCall(
        h.local.endpoint,
        "AwsProton20200720.CreateEnvironmentTemplate",
        { name },
        { contentHash, tamper: (body) => body.replace(name, `${name}x`) },
      );
      expect(raw.status).toBe(403);
      expect(raw.body.__type).toBe("InvalidSignatureException");
      await expectError(
        h.client.send(new GetEnvironmentTemplateCommand({ name: `${name}x` })),
        "ResourceNotFoundException",
      );
    },
  );

  test("a raw request signed without x-amz-content-sha256 is accepted when the body is intact", async () => {
    const raw = await rawCall(h.local.endpoint, "AwsProton20200720.ListServices", {}, { contentHash: false });
    expect(raw.status).toBe(200);
  });
});
