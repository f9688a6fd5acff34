import {
  CreateRepositoryCommand,
  CreateServiceInstanceCommand,
  CreateServiceSyncConfigCommand,
  DeleteRepositoryCommand,
  DeleteServiceSyncConfigCommand,
  GetRepositorySyncStatusCommand,
  GetServiceInstanceCommand,
  GetServiceInstanceSyncStatusCommand,
  GetServiceSyncBlockerSummaryCommand,
  GetServiceSyncConfigCommand,
  UpdateServiceCommand,
  UpdateServiceInstanceCommand,
  UpdateServiceSyncBlockerCommand,
  UpdateServiceSyncConfigCommand,
} from "@aws-sdk/client-proton";
import { stringify } from "yaml";
import { ACCOUNT_ID, expectError, service, serviceSpec, serviceWorld, uniq, useHarness } from "./helpers";

const h = useHarness();
const CONNECTION = `arn:aws:codestar-connections:us-east-1:${ACCOUNT_ID}:connection/git`;

interface World {
  repo: { provider: "GITHUB"; name: string };
  service: string;
  environment: string;
  /** Pushes the proton-ops file (instances -> branch) on main and the spec files their branches hold. */
  push(
    commitId: string,
    files: Record<string, string>,
    branch?: string,
  ): ReturnType<typeof h.control.gitPush>;
  ops(instances: Record<string, { branch: string; spec: string }>): Record<string, string>;
  spec(instances: Record<string, number>): string;
  status(instance: string): ReturnType<typeof instanceStatus>;
}

const instanceStatus = (serviceName: string, serviceInstanceName: string) =>
  h.client.send(new GetServiceInstanceSyncStatusCommand({ serviceName, serviceInstanceName }));

/** A service with instance "one", a linked repository, and the service's sync configuration (no push yet). */
async function world(): Promise<World> {
  const w = await serviceWorld(h);
  const svc = await service(h, w, { instances: ["one"] });
  const repo = { provider: "GITHUB" as const, name: `acme/${uniq("app")}` };
  await h.client.send(new CreateRepositoryCommand({ ...repo, connectionArn: CONNECTION }));
  await h.client.send(
    new CreateServiceSyncConfigCommand({
      serviceName: svc,
      repositoryProvider: "GITHUB",
      repositoryName: repo.name,
      branch: "main",
      filePath: "./configuration/proton-ops.yaml",
    }),
  );
  return {
    repo,
    service: svc,
    environment: w.environment,
    push: (commitId, files, branch = "main") =>
      h.control.gitPush({ repository: repo, branch, commitId, files }),
    ops: (instances) => ({
      "configuration/proton-ops.yaml": stringify({ sync: { services: { [svc]: instances } } }),
    }),
    spec: (ports) =>
      serviceSpec(
        Object.entries(ports).map(([name, port]) => ({ name, environment: w.environment, spec: { port } })),
      ),
    status: (instance) => instanceStatus(svc, instance),
  };
}

const portOf = async (serviceName: string, name: string) => {
  const { serviceInstance } = await h.client.send(new GetServiceInstanceCommand({ serviceName, name }));
  return serviceInstance;
};

describe("service sync", () => {
  test("a pushed spec updates a changed instance and creates a missing one; an unchanged one is left alone", async () => {
    const w = await world();
    const files = {
      ...w.ops({
        one: { branch: "main", spec: "./svc/spec.yaml" },
        two: { branch: "main", spec: "./svc/spec.yaml" },
      }),
      "svc/spec.yaml": w.spec({ one: 9090, two: 7070 }),
    };
    const pushed = await w.push("c1", files);
    expect(pushed.serviceSyncs.map((s) => `${s.serviceInstanceName}:${s.outcome}`)).toEqual([
      "two:CREATED",
      "one:UPDATED",
    ]);
    const during = await w.status("one");
    expect(during.latestSync).toMatchObject({ status: "IN_PROGRESS", target: "one" });
    const revision = {
      repositoryName: w.repo.name,
      repositoryProvider: "GITHUB",
      sha: "c1",
      directory: "svc",
      branch: "main",
    };
    expect(during.desiredState).toEqual(revision);
    await h.settle();
    const after = await w.status("one");
    expect(after.latestSync).toMatchObject({ status: "SUCCEEDED", targetRevision: revision });
    expect(after.latestSync!.events!.map((e) => e.type)).toEqual([
      "SYNC_STARTED",
      "DEPLOYMENT_STARTED",
      "DEPLOYMENT_SUCCEEDED",
      "SYNC_SUCCEEDED",
    ]);
    expect(after.latestSuccessfulSync).toEqual(after.latestSync);
    const one = await portOf(w.service, "one");
    expect(one).toMatchObject({ deploymentStatus: "SUCCEEDED" });
    expect(one!.spec).toContain("9090");
    expect((await portOf(w.service, "two"))!.deploymentStatus).toBe("SUCCEEDED");

    const again = await w.push("c2", { ...files, "README.md": "unrelated" });
    expect(again.serviceSyncs.map((s) => s.outcome)).toEqual(["UNCHANGED", "UNCHANGED"]);
    const { latestSync } = await h.client.send(
      new GetRepositorySyncStatusCommand({
        repositoryName: w.repo.name,
        repositoryProvider: "GITHUB",
        branch: "main",
        syncType: "SERVICE_SYNC",
      }),
    );
    expect(latestSync!.events!.map((e) => e.type)).toEqual([
      "COMMIT_RECEIVED",
      "INSTANCE_UNCHANGED",
      "INSTANCE_UNCHANGED",
    ]);
  });

  test("an instance whose service is busy deploying waits (INITIATED) and syncs once the service is free", async () => {
    const w = await world();
    const pushed = await w.push("c1", {
      ...w.ops({ a: { branch: "main", spec: "s.yaml" }, b: { branch: "main", spec: "s.yaml" } }),
      "s.yaml": w.spec({ a: 1001, b: 1002 }),
    });
    expect(pushed.serviceSyncs.map((s) => `${s.serviceInstanceName}:${s.outcome}`)).toEqual([
      "a:CREATED",
      "b:WAITING",
    ]);
    expect((await w.status("b")).latestSync).toMatchObject({
      status: "INITIATED",
      events: [expect.anything(), expect.objectContaining({ type: "SYNC_WAITING" })],
    });
    await h.settle();
    expect((await w.status("b")).latestSync!.status).toBe("IN_PROGRESS");
    await h.settle();
    expect((await w.status("b")).latestSync!.status).toBe("SUCCEEDED");
    expect((await portOf(w.service, "b"))!.spec).toContain("1002");
  });

  test("an instance follows the branch the proton-ops file names for it", async () => {
    const w = await world();
    await w.push("m1", {
      ...w.ops({ one: { branch: "prod", spec: "spec.yaml" } }),
      "spec.yaml": w.spec({ one: 1111 }),
    });
    expect((await w.status("one")).latestSync).toMatchObject({
      status: "FAILED",
      events: [
        expect.anything(),
        expect.objectContaining({
          type: "SYNC_FAILED",
          event: "The spec file 'spec.yaml' is not on branch prod",
        }),
      ],
    });
    const pushed = await w.push("p1", { "spec.yaml": w.spec({ one: 2222 }) }, "prod");
    expect(pushed.serviceSyncs.map((s) => s.outcome)).toEqual(["UPDATED"]);
    expect((await w.status("one")).desiredState).toMatchObject({ branch: "prod", sha: "p1", directory: "/" });
    await h.settle();
    expect((await portOf(w.service, "one"))!.spec).toContain("2222");
  });

  test("a deployment that fails fails the instance's sync with the deployment's message", async () => {
    const w = await world();
    const name = uniq("inst");
    await h.control.addFault({ kind: "fail-deployment", resource: name, message: "capacity exhausted" });
    await w.push("c1", {
      ...w.ops({ [name]: { branch: "main", spec: "s.yaml" } }),
      "s.yaml": w.spec({ [name]: 80 }),
    });
    await h.settle();
    const { latestSync, latestSuccessfulSync } = await w.status(name);
    expect(latestSync!.status).toBe("FAILED");
    expect(latestSync!.events!.find((e) => e.type === "DEPLOYMENT_FAILED")!.event).toBe(
      "FAILED: capacity exhausted",
    );
    expect(latestSuccessfulSync).toBeUndefined();
  });

  test("a spec the template schema rejects fails the instance's sync with Proton's message", async () => {
    const w = await world();
    await w.push("c1", {
      ...w.ops({ one: { branch: "main", spec: "s.yaml" } }),
      "s.yaml": w.spec({ one: 70000 }),
    });
    const status = await w.status("one");
    expect(status.latestSync!.status).toBe("FAILED");
    expect(status.latestSync!.events!.at(-1)!.event).toMatch(/^ValidationException: .*port/);
    expect(status.latestSuccessfulSync).toBeUndefined();
  });
});

describe("service sync blockers", () => {
  test("a manual instance update blocks that instance until the blocker is resolved; then Git wins again", async () => {
    const w = await world();
    const files = { ...w.ops({ one: { branch: "main", spec: "s.yaml" } }), "s.yaml": w.spec({ one: 9090 }) };
    await w.push("c1", files);
    await h.settle();
    await h.client.send(
      new UpdateServiceInstanceCommand({
        serviceName: w.service,
        name: "one",
        deploymentType: "CURRENT_VERSION",
        spec: w.spec({ one: 5555 }),
      }),
    );
    await h.settle();
    const summary = await h.client.send(
      new GetServiceSyncBlockerSummaryCommand({ serviceName: w.service, serviceInstanceName: "one" }),
    );
    const [blocker] = summary.serviceSyncBlockerSummary!.latestBlockers!;
    expect(summary.serviceSyncBlockerSummary).toMatchObject({
      serviceName: w.service,
      serviceInstanceName: "one",
    });
    expect(blocker).toMatchObject({
      type: "AUTOMATED",
      status: "ACTIVE",
      createdReason: "Service instance 'one' was updated manually",
      contexts: [
        { key: "serviceName", value: w.service },
        { key: "serviceInstanceName", value: "one" },
      ],
    });
    expect(blocker.createdAt).toBeInstanceOf(Date);
    const serviceLevel = await h.client.send(
      new GetServiceSyncBlockerSummaryCommand({ serviceName: w.service }),
    );
    expect(serviceLevel.serviceSyncBlockerSummary!.latestBlockers).toEqual([]);

    const blocked = await w.push("c2", { ...files, "s.yaml": w.spec({ one: 6666 }) });
    expect(blocked.serviceSyncs.map((s) => s.outcome)).toEqual(["BLOCKED"]);
    expect((await portOf(w.service, "one"))!.spec).toContain("5555");

    const resolved = await h.client.send(
      new UpdateServiceSyncBlockerCommand({ id: blocker.id, resolvedReason: "take Git's spec back" }),
    );
    expect(resolved).toMatchObject({
      serviceName: w.service,
      serviceInstanceName: "one",
      serviceSyncBlocker: { id: blocker.id, status: "RESOLVED", resolvedReason: "take Git's spec back" },
    });
    expect(resolved.serviceSyncBlocker!.resolvedAt).toBeInstanceOf(Date);
    await h.settle();
    expect((await portOf(w.service, "one"))!.spec).toContain("6666");
    await expectError(
      h.client.send(new UpdateServiceSyncBlockerCommand({ id: blocker.id, resolvedReason: "again" })),
      "ConflictException",
    );
    await expectError(
      h.client.send(new UpdateServiceSyncBlockerCommand({ id: "no-such-blocker", resolvedReason: "x" })),
      "ResourceNotFoundException",
    );
    const after = await h.client.send(
      new GetServiceSyncBlockerSummaryCommand({ serviceName: w.service, serviceInstanceName: "one" }),
    );
    expect(after.serviceSyncBlockerSummary!.latestBlockers!.map((x) => x.status)).toEqual(["RESOLVED"]);
  });

  test("removing an instance from the service blocks the whole service; a manual create blocks the new instance", async () => {
    const w = await world();
    await h.client.send(
      new CreateServiceInstanceCommand({
        serviceName: w.service,
        name: "extra",
        spec: w.spec({ one: 8080, extra: 8081 }),
      }),
    );
    await h.settle();
    const instance = await h.client.send(
      new GetServiceSyncBlockerSummaryCommand({ serviceName: w.service, serviceInstanceName: "extra" }),
    );
    expect(instance.serviceSyncBlockerSummary!.latestBlockers!.map((x) => x.createdReason)).toEqual([
      "Service instance 'extra' was created manually",
    ]);
    await h.client.send(new UpdateServiceCommand({ name: w.service, spec: w.spec({ one: 8080 }) }));
    const summary = await h.client.send(new GetServiceSyncBlockerSummaryCommand({ serviceName: w.service }));
    expect(
      summary.serviceSyncBlockerSummary!.latestBlockers!.map((x) => [x.status, x.createdReason]),
    ).toEqual([["ACTIVE", "Service instance 'extra' deleted manually"]]);
    const pushed = await w.push("c1", {
      ...w.ops({ one: { branch: "main", spec: "s.yaml" } }),
      "s.yaml": w.spec({ one: 1234 }),
    });
    expect(pushed.serviceSyncs.map((s) => s.outcome)).toEqual(["BLOCKED"]);
    await expectError(
      h.client.send(new GetServiceSyncBlockerSummaryCommand({ serviceName: "no-such-service" })),
      "ResourceNotFoundException",
    );
  });
});

describe("service sync configurations", () => {
  test("Create needs a linked repository and an existing service; Get, Update and Delete follow Proton", async () => {
    const w = await serviceWorld(h);
    const svc = await service(h, w);
    const repo = `acme/${uniq("app")}`;
    const config = {
      serviceName: svc,
      repositoryProvider: "GITHUB" as const,
      repositoryName: repo,
      branch: "main",
      filePath: "proton-ops.yaml",
    };
    await expectError(
      h.client.send(new CreateServiceSyncConfigCommand(config)),
      "ValidationException",
      /repositoryName: The repository .* is not linked/,
    );
    await h.client.send(
      new CreateRepositoryCommand({ provider: "GITHUB", name: repo, connectionArn: CONNECTION }),
    );
    await expectError(
      h.client.send(new CreateServiceSyncConfigCommand({ ...config, serviceName: "no-such-service" })),
      "ValidationException",
      /serviceName: the service 'no-such-service' does not exist/,
    );
    expect((await h.client.send(new CreateServiceSyncConfigCommand(config))).serviceSyncConfig).toEqual(
      config,
    );
    expect((await h.client.send(new CreateServiceSyncConfigCommand(config))).serviceSyncConfig).toEqual(
      config,
    );
    await expectError(
      h.client.send(new CreateServiceSyncConfigCommand({ ...config, filePath: "other.yaml" })),
      "ValidationException",
      /IdempotentParameterMismatch/,
    );
    const updated = await h.client.send(new UpdateServiceSyncConfigCommand({ ...config, branch: "release" }));
    expect(updated.serviceSyncConfig).toEqual({ ...config, branch: "release" });
    expect(
      (await h.client.send(new GetServiceSyncConfigCommand({ serviceName: svc }))).serviceSyncConfig!.branch,
    ).toBe("release");
    await expectError(
      h.client.send(new DeleteRepositoryCommand({ provider: "GITHUB", name: repo })),
      "ConflictException",
      /service sync configuration of service/,
    );
    expect(
      (await h.client.send(new DeleteServiceSyncConfigCommand({ serviceName: svc }))).serviceSyncConfig,
    ).toEqual({
      ...config,
      branch: "release",
    });
    expect(
      (await h.client.send(new DeleteServiceSyncConfigCommand({ serviceName: svc }))).serviceSyncConfig,
    ).toBeUndefined();
    await expectError(
      h.client.send(new GetServiceSyncConfigCommand({ serviceName: svc })),
      "ResourceNotFoundException",
    );
    // The instances stay when the configuration goes.
    expect((await portOf(svc, "one"))!.deploymentStatus).toBe("SUCCEEDED");
    expect((await instanceStatus(svc, "one")).latestSync).toBeUndefined();
    await expectError(instanceStatus(svc, "nope"), "ResourceNotFoundException");
  });
});
