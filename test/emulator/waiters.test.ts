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
import type { Phase } from "../../emulator/service/backend";

// The SDK's own waiters against proton-local, with async work taking real (short) time here.
// Waiters accept fractional seconds, so they poll every 50-200 ms.

const h = useHarness({
  durations: { registrationMs: 150, deploymentMs: 150, deletionMs: 150, cancellationMs: 150 },
});
const waiter = () => ({ client: h.client, minDelay: 0.05, maxDelay: 0.2, maxWaitTime: 10 });

/**
 * Proves a waiter really waits: `phase` is frozen before the call that starts the async work, so the
 * waiter must poll `operation` at least twice (after `since`) while the work is held; then the phase
 * thaws and the waiter's result is returned. A loaded machine can't finish the work before the polls.
 */
async function waitedThrough<T>(
  phase: Phase,
  since: number,
  operation: string,
  waiting: Promise<T>,
): Promise<T> {
  for (;;) {
    const { calls } = await h.control.calls({ since, operation });
    if (calls.length > 1) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await h.control.thaw([phase]);
  return waiting;
}

describe("SDK waiters", () => {
  test("waitUntilEnvironmentTemplateVersionRegistered", async () => {
    const templateName = uniq("envt");
    await h.client.send(new CreateEnvironmentTemplateCommand({ name: templateName }));
    const { lastSeq } = await h.control.calls();
    await h.control.freeze(["registration"]);
    await h.client.send(
      new CreateEnvironmentTemplateVersionCommand({ templateName, source: { s3: BUNDLES.env } }),
    );
    const waiting = waitUntilEnvironmentTemplateVersionRegistered(waiter(), {
      templateName,
      majorVersion: "1",
      minorVersion: "0",
    });
    const result = await waitedThrough("registration", lastSeq, "GetEnvironmentTemplateVersion", waiting);
    expect(result.state).toBe("SUCCESS");
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
    await h.control.freeze(["deployment"]);
    await create(good);
    const created = waitUntilServiceCreated(waiter(), { name: good });
    expect((await waitedThrough("deployment", lastSeq, "GetService", created)).state).toBe("SUCCESS");

    const bad = uniq("svc");
    await h.control.addFault({ kind: "fail-deployment", resource: bad, message: "boom" });
    await create(bad);
    await expect(waitUntilServiceCreated(waiter(), { name: bad })).rejects.toThrow(/CREATE_FAILED/);
  });

  test("waitUntilServiceInstanceDeployed", async () => {
    const name = await service(h, await serviceWorld(h));
    await waitUntilServiceCreated(waiter(), { name });
    await h.client.send(
      new UpdateServiceInstanceCommand({ serviceName: name, name: "one", deploymentType: "CURRENT_VERSION" }),
    );
    const result = await waitUntilServiceInstanceDeployed(waiter(), { serviceName: name, name: "one" });
    expect(result.state).toBe("SUCCESS");
  });

  test("waitUntilServicePipelineDeployed", async () => {
    const w = await serviceWorld(h);
    const name = await service(h, w, { pipeline: { build_cmd: "make" } });
    await waitUntilServiceCreated(waiter(), { name });
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
    await waitUntilServiceCreated(waiter(), { name });
    const spec = serviceSpec([
      { name: "one", environment: w.environment, spec: { port: 8080 } },
      { name: "two", environment: w.environment },
    ]);
    const { lastSeq } = await h.control.calls();
    await h.control.freeze(["deployment"]);
    await h.client.send(new UpdateServiceCommand({ name, spec }));
    const updated = waitUntilServiceUpdated(waiter(), { name });
    expect((await waitedThrough("deployment", lastSeq, "GetService", updated)).state).toBe("SUCCESS");
  });

  test("waitUntilServiceDeleted", async () => {
    const name = await service(h, await serviceWorld(h));
    await waitUntilServiceCreated(waiter(), { name });
    const { lastSeq } = await h.control.calls();
    await h.control.freeze(["deletion"]);
    await h.client.send(new DeleteServiceCommand({ name }));
    const deleted = waitUntilServiceDeleted(waiter(), { name });
    expect((await waitedThrough("deletion", lastSeq, "GetService", deleted)).state).toBe("SUCCESS");
  });
});
