import {
  CreateEnvironmentCommand,
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  CreateServiceCommand,
  CreateServiceTemplateCommand,
  CreateServiceTemplateVersionCommand,
  DeleteServiceCommand,
  UpdateServiceCommand,
  UpdateServiceInstanceCommand,
  UpdateServicePipelineCommand,
  waitUntilEnvironmentDeployed,
  waitUntilEnvironmentTemplateVersionRegistered,
  waitUntilServiceCreated,
  waitUntilServiceDeleted,
  waitUntilServiceInstanceDeployed,
  waitUntilServicePipelineDeployed,
  waitUntilServiceTemplateVersionRegistered,
  waitUntilServiceUpdated,
} from "@aws-sdk/client-proton";
import {
  BUNDLES,
  ROLE_ARN,
  envSpec,
  envTemplate,
  service,
  serviceSpec,
  serviceWorld,
  uniq,
  useHarness,
} from "./helpers";

// The SDK's own waiters against proton-local, with async work taking real (short) time here.
// Waiters accept fractional seconds, so they poll every 50-200 ms.

const h = useHarness({
  durations: { registrationMs: 150, deploymentMs: 150, deletionMs: 150, cancellationMs: 150 },
});
const waiter = () => ({ client: h.client, minDelay: 0.05, maxDelay: 0.2, maxWaitTime: 10 });

/** Asserts the waiter had to poll `operation` more than once after `since`, i.e. it really waited. */
async function expectPolled(since: number, operation: string): Promise<void> {
  const { calls } = await h.control.calls({ since, operation });
  expect(calls.length).toBeGreaterThan(1);
}

describe("SDK waiters", () => {
  test("waitUntilEnvironmentTemplateVersionRegistered", async () => {
    const templateName = uniq("envt");
    await h.client.send(new CreateEnvironmentTemplateCommand({ name: templateName }));
    const { lastSeq } = await h.control.calls();
    await h.client.send(
      new CreateEnvironmentTemplateVersionCommand({ templateName, source: { s3: BUNDLES.env } }),
    );
    const result = await waitUntilEnvironmentTemplateVersionRegistered(waiter(), {
      templateName,
      majorVersion: "1",
      minorVersion: "0",
    });
    expect(result.state).toBe("SUCCESS");
    await expectPolled(lastSeq, "GetEnvironmentTemplateVersion");
  });

  test("waitUntilServiceTemplateVersionRegistered, and its failure acceptor on REGISTRATION_FAILED", async () => {
    const et = await envTemplate(h);
    const register = async (bundle: { bucket: string; key: string }) => {
      const templateName = uniq("svct");
      await h.client.send(new CreateServiceTemplateCommand({ name: templateName }));
      await h.client.send(
        new CreateServiceTemplateVersionCommand({
          templateName,
          source: { s3: bundle },
          compatibleEnvironmentTemplates: [{ templateName: et, majorVersion: "1" }],
        }),
      );
      return waitUntilServiceTemplateVersionRegistered(waiter(), {
        templateName,
        majorVersion: "1",
        minorVersion: "0",
      });
    };
    expect((await register(BUNDLES.web)).state).toBe("SUCCESS");
    await expect(register(BUNDLES.badPipeline)).rejects.toThrow(/"state":"FAILURE"/);
  });

  test("waitUntilEnvironmentDeployed, and its failure acceptor on FAILED", async () => {
    const templateName = await envTemplate(h);
    const create = (name: string) =>
      h.client.send(
        new CreateEnvironmentCommand({
          name,
          templateName,
          templateMajorVersion: "1",
          spec: envSpec(),
          protonServiceRoleArn: ROLE_ARN,
        }),
      );
    const good = uniq("env");
    await create(good);
    expect((await waitUntilEnvironmentDeployed(waiter(), { name: good })).state).toBe("SUCCESS");

    const bad = uniq("env");
    await h.control.addFault({ kind: "fail-deployment", resource: bad, message: "no capacity" });
    await create(bad);
    await expect(waitUntilEnvironmentDeployed(waiter(), { name: bad })).rejects.toThrow(/"state":"FAILURE"/);
  });

  test("waitUntilServiceCreated, and its failure acceptor on CREATE_FAILED", async () => {
    const w = await serviceWorld(h);
    const create = (name: string) =>
      h.client.send(
        new CreateServiceCommand({
          name,
          templateName: w.serviceTemplate,
          templateMajorVersion: "1",
          spec: serviceSpec([{ name: "one", environment: w.environment }]),
        }),
      );
    const good = uniq("svc");
    const { lastSeq } = await h.control.calls();
    await create(good);
    expect((await waitUntilServiceCreated(waiter(), { name: good })).state).toBe("SUCCESS");
    await expectPolled(lastSeq, "GetService");

    const bad = uniq("svc");
    await h.control.addFault({ kind: "fail-deployment", resource: bad, message: "boom" });
    await create(bad);
    await expect(waitUntilServiceCreated(waiter(), { name: bad })).rejects.toThrow(/CREATE_FAILED/);
  });

  test("waitUntilServiceInstanceDeployed", async () => {
    const name = await service(h, await serviceWorld(h));
    await h.client.send(
      new UpdateServiceInstanceCommand({ serviceName: name, name: "one", deploymentType: "CURRENT_VERSION" }),
    );
    const result = await waitUntilServiceInstanceDeployed(waiter(), { serviceName: name, name: "one" });
    expect(result.state).toBe("SUCCESS");
  });

  test("waitUntilServicePipelineDeployed", async () => {
    const w = await serviceWorld(h);
    const name = await service(h, w, { pipeline: { build_cmd: "make" } });
    const spec = serviceSpec([{ name: "one", environment: w.environment, spec: { port: 8080 } }], {
      build_cmd: "make test",
    });
    await h.client.send(
      new UpdateServicePipelineCommand({ serviceName: name, deploymentType: "CURRENT_VERSION", spec }),
    );
    expect((await waitUntilServicePipelineDeployed(waiter(), { name })).state).toBe("SUCCESS");
  });

  test("waitUntilServiceUpdated", async () => {
    const w = await serviceWorld(h);
    const name = await service(h, w, { instances: ["one"] });
    const spec = serviceSpec([
      { name: "one", environment: w.environment, spec: { port: 8080 } },
      { name: "two", environment: w.environment },
    ]);
    const { lastSeq } = await h.control.calls();
    await h.client.send(new UpdateServiceCommand({ name, spec }));
    expect((await waitUntilServiceUpdated(waiter(), { name })).state).toBe("SUCCESS");
    await expectPolled(lastSeq, "GetService");
  });

  test("waitUntilServiceDeleted", async () => {
    const name = await service(h, await serviceWorld(h));
    const { lastSeq } = await h.control.calls();
    await h.client.send(new DeleteServiceCommand({ name }));
    expect((await waitUntilServiceDeleted(waiter(), { name })).state).toBe("SUCCESS");
    await expectPolled(lastSeq, "GetService");
  });
});
