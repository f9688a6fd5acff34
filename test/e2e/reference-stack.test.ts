import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  UpdateEnvironmentCommand,
  UpdateEnvironmentTemplateCommand,
  waitUntilEnvironmentDeployed,
} from "@aws-sdk/client-proton";
import type { CallRecord } from "../../emulator";
import {
  changedKeys,
  envSpec,
  MANAGEMENT_ACCOUNT,
  nameOf,
  expectOps,
  opsByName,
  platformProgram,
  recorder,
  REPO_ROOT,
  ROLE_ARN,
  serviceSpec,
  startE2E,
  NO_RESOURCES,
  stateCounts,
  steps,
  protonResources,
  TYPE_PREFIX,
  type E2E,
  type PlatformModel,
  type Run,
} from "./harness";

// The reference stack (all seven resource types, wired by outputs) through the real Pulumi CLI against
// proton-local, one shared stack: up, preview, spec changes, a rename, refresh and drift, destroy.
// The tests run in order and each starts from the state the previous one left.

const GOLDEN = join(__dirname, "golden", "spec-change.diff.txt");
const ALL = [
  "env-template",
  "env-template-v1",
  "svc-template",
  "svc-template-v1",
  "prod-connection",
  "dev",
  "prod",
  "web",
];

const model: PlatformModel = {
  devSpec: envSpec("10.0.0.0/16"),
  prodSpec: envSpec("10.1.0.0/16"),
  serviceName: "web",
};
let e: E2E;

beforeAll(async () => {
  e = await startE2E("e2e", platformProgram(model));
}, 120_000);
afterAll(async () => {
  await e?.close();
});

const mutating = (calls: CallRecord[]) => calls.filter((c) => c.mutating);
const brief = (calls: CallRecord[]) => calls.map((c) => ({ operation: c.operation, ...c.target }));
const seqOf = (calls: CallRecord[], operation: string, target: Record<string, string> = {}) =>
  calls
    .filter((c) => c.operation === operation && Object.entries(target).every(([k, v]) => c.target?.[k] === v))
    .map((c) => c.seq);
/** Failed calls other than the not-found answers of reads (name lookups, deletion polls). */
const unexpectedFailures = (calls: CallRecord[]) =>
  calls.filter((c) => c.status >= 300 && !(!c.mutating && c.error === "ResourceNotFoundException"));

/**
 * How the provider waited for an async delete of a service or environment: the reads about it after its
 * Delete call, the first not-found answer that ended the wait, and whether any read came after that.
 */
function deletionWait(calls: CallRecord[], kind: "service" | "environment", name: string, deletedAt: number) {
  const get = kind === "service" ? "GetService" : "GetEnvironment";
  const reads = calls.filter(
    (c) =>
      c.seq > deletedAt &&
      !c.mutating &&
      ((c.operation === get && c.target?.name === name) ||
        (kind === "service" && c.target?.serviceName === name) ||
        c.target?.resourceArn?.endsWith(`:${kind}/${name}`)),
  );
  // An instance gone before its service is not the service gone: the wait goes on.
  const end = reads.findIndex(
    (c) => c.error === "ResourceNotFoundException" && c.operation !== "GetServiceInstance",
  );
  return {
    stillThere: reads.slice(0, Math.max(end, 0)).filter((c) => c.operation === get && c.status === 200)
      .length,
    goneAt: end >= 0 ? reads[end].seq : undefined,
    readsAfterGone: end >= 0 ? reads.length - end - 1 : undefined,
  };
}

async function preview(diff = false) {
  const r = recorder();
  const result = await e.stack.preview({ diff, color: "never", onEvent: r.onEvent, onOutput: r.onOutput });
  return { ...r.run, changeSummary: result.changeSummary, stdout: result.stdout };
}

/** The `preview --diff` text without what changes from run to run (paths, ports, timings). */
function normalise(text: string): string {
  return text
    .split(REPO_ROOT)
    .join("<repo>")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>")
    .split(tmpdir())
    .join("<tmp>")
    .split("\n")
    .filter((line) => !/^\s*Duration:/.test(line))
    .map((line) => line.replace(/\s+$/, "").replace(/ \(\d+(\.\d+)?m?s\)/g, ""))
    .join("\n")
    .trim();
}

test("up creates the seven resource types in dependency order; proton-local holds exactly them", async () => {
  const r = recorder();
  const result = await e.stack.up({ onEvent: r.onEvent, onOutput: r.onOutput });

  expect(result.summary.result).toBe("succeeded");
  expect(result.summary.resourceChanges).toEqual({ create: 9 }); // 8 Proton resources and the stack
  expect(opsByName(r.run)).toEqual(Object.fromEntries(ALL.map((n) => [n, ["create"]])));
  expect(new Set(steps(r.run).map((m) => m.type.slice(TYPE_PREFIX.length)))).toEqual(
    new Set([
      "EnvironmentTemplate",
      "EnvironmentTemplateVersion",
      "ServiceTemplate",
      "ServiceTemplateVersion",
      "Environment",
      "Service",
      "EnvironmentAccountConnection",
    ]),
  );
  expect(result.outputs.service.value).toBe("web");

  expect(await stateCounts(e.control)).toEqual({
    ...NO_RESOURCES,
    templates: 2,
    versions: 2,
    environments: 2,
    services: 1,
    instances: 2,
    connections: 1,
  });
  const { state } = await e.control.state();
  expect(Object.keys(state.templates).sort()).toEqual(["ENVIRONMENT/vpc", "SERVICE/web"]);
  expect(state.templates["ENVIRONMENT/vpc"].displayName).toBe("Shared VPC");
  expect(
    Object.values(state.versions).map((v) => [v.templateName, `${v.major}.${v.minor}`, v.status]),
  ).toEqual(
    expect.arrayContaining([
      ["vpc", "1.0", "PUBLISHED"],
      ["web", "1.0", "PUBLISHED"],
    ]),
  );
  expect(state.versions["SERVICE/web/1.0"].compatibleEnvironmentTemplates).toEqual([
    { templateName: "vpc", majorVersion: "1" },
  ]);
  const [connection] = Object.values(state.connections);
  expect(connection).toMatchObject({
    status: "CONNECTED",
    environmentName: "prod",
    managementAccountId: MANAGEMENT_ACCOUNT,
  });
  expect(state.environments.dev).toMatchObject({
    deploymentStatus: "SUCCEEDED",
    templateName: "vpc",
    templateMajorVersion: "1",
    spec: model.devSpec,
  });
  expect(state.environments.dev.protonServiceRoleArn).toBe(ROLE_ARN);
  expect(state.environments.prod).toMatchObject({
    deploymentStatus: "SUCCEEDED",
    environmentAccountConnectionId: connection.id,
    spec: model.prodSpec,
  });
  expect(state.environments.prod.protonServiceRoleArn).toBeUndefined();
  expect(state.services.web).toMatchObject({
    status: "ACTIVE",
    templateName: "web",
    spec: serviceSpec("dev", "prod"),
  });
  expect(state.services.web.pipeline?.deploymentStatus).toBe("SUCCEEDED");
  expect(
    Object.values(state.instances).map((i) => [i.serviceName, i.name, i.environmentName, i.deploymentStatus]),
  ).toEqual(
    expect.arrayContaining([
      ["web", "web-dev", "dev", "SUCCEEDED"],
      ["web", "web-prod", "prod", "SUCCEEDED"],
    ]),
  );

  // Wired by outputs: each create waited for what it uses to be ready in Proton.
  const { calls } = await e.control.calls();
  expect(unexpectedFailures(calls)).toEqual([]);
  const first = (op: string, t?: Record<string, string>) => Math.min(...seqOf(calls, op, t));
  const last = (op: string, t?: Record<string, string>) => Math.max(...seqOf(calls, op, t));
  expect(seqOf(calls, "CreateEnvironment")).toHaveLength(2);
  expect(last("UpdateEnvironmentTemplateVersion")).toBeLessThan(first("CreateEnvironment")); // published first
  expect(last("AcceptEnvironmentAccountConnection")).toBeLessThan(
    first("CreateEnvironment", { name: "prod" }),
  );
  expect(last("CreateEnvironment")).toBeLessThan(first("CreateService"));
  expect(last("UpdateServiceTemplateVersion")).toBeLessThan(first("CreateService"));
  expect(seqOf(calls, "CreateService")).toHaveLength(1);
});

test("preview right after up: no changes and no Proton call at all", async () => {
  await e.mark();
  const run = await preview();
  expect(run.changeSummary).toEqual({ same: 9 });
  expectOps(run, ALL, {});
  expect(await e.callsSinceMark()).toEqual([]);
});

test("a re-ordered, re-quoted, commented spec in flow style is no diff", async () => {
  const original = model.devSpec;
  model.devSpec =
    "# the same inputs, restyled\nspec: { flow_logs: true, cidr: '10.0.0.0/16' }\nproton: \"EnvironmentSpec\"\n";
  try {
    await e.mark();
    const run = await preview(true);
    expect(run.changeSummary).toEqual({ same: 9 });
    expectOps(run, ALL, {});
    expect(await e.callsSinceMark()).toEqual([]);
  } finally {
    model.devSpec = original;
  }
});

test("a changed spec value: preview --diff shows an update of only that environment's spec (golden)", async () => {
  model.devSpec = envSpec("10.2.0.0/16");
  await e.mark();
  const run = await preview(true);
  expect(run.changeSummary).toEqual({ same: 8, update: 1 });
  expectOps(run, ALL, { dev: ["update"] });
  const dev = steps(run).find((m) => nameOf(m.urn) === "dev")!;
  expect(changedKeys(dev.old?.inputs, dev.new?.inputs)).toEqual(["spec"]);
  expect(await e.callsSinceMark()).toEqual([]);

  const text = normalise(run.stdout);
  // UPDATE_GOLDEN=1 rewrites the golden file from this run (review the change before committing it).
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN, `${text}\n`);
  if (!existsSync(GOLDEN)) throw new Error(`${GOLDEN} is missing: run with UPDATE_GOLDEN=1 to write it`);
  expect(text).toBe(readFileSync(GOLDEN, "utf8").trim());
});

test("up redeploys the environment in place (CURRENT_VERSION) and touches nothing else", async () => {
  const before = (await e.control.state()).state.environments.dev;
  await e.mark();
  const r = recorder();
  const result = await e.stack.up({ onEvent: r.onEvent, onOutput: r.onOutput });
  expect(result.summary.resourceChanges).toEqual({ same: 8, update: 1 });
  expectOps(r.run, ALL, { dev: ["update"] });

  const calls = await e.callsSinceMark();
  expect(brief(mutating(calls))).toEqual([
    { operation: "UpdateEnvironment", name: "dev", deploymentType: "CURRENT_VERSION" },
  ]);
  expect(unexpectedFailures(calls)).toEqual([]);
  const after = (await e.control.state()).state.environments.dev;
  expect(after).toMatchObject({
    spec: model.devSpec,
    deploymentStatus: "SUCCEEDED",
    createdAt: before.createdAt,
  });
  expect(after.lastSucceededDeploymentId).not.toBe(before.lastSucceededDeploymentId);

  await e.mark();
  expect((await preview()).changeSummary).toEqual({ same: 9 });
  expect(await e.callsSinceMark()).toEqual([]);
});

test("a renamed service is deleted before its replacement is created, never colliding", async () => {
  model.serviceName = "web-v2";
  const plan = await preview();
  expect(plan.changeSummary).toEqual({ same: 8, replace: 1 });
  const planned = steps(plan).find((m) => nameOf(m.urn) === "web" && m.op === "replace")!;
  expect(planned.keys).toEqual(["name"]); // the replace keys the provider's diff returned
  expect(changedKeys(planned.old?.inputs, planned.new?.inputs)).toEqual(["name"]);

  await e.mark();
  const r = recorder();
  const result = await e.stack.up({ onEvent: r.onEvent, onOutput: r.onOutput });
  expect(result.summary.resourceChanges).toEqual({ same: 8, replace: 1 });
  // Delete-before-replace: Proton names are unique, so the old service goes first.
  expect(opsByName(r.run).web).toEqual(["delete-replaced", "replace", "create-replacement"]);
  // The engine finished deleting the old service before it started creating the new one.
  const seq = (kind: "resourcePreEvent" | "resOutputsEvent", op: string) =>
    r.run.events.find((ev) => ev[kind]?.metadata.op === op && nameOf(ev[kind].metadata.urn) === "web")!
      .sequence;
  expect(seq("resOutputsEvent", "delete-replaced")).toBeLessThan(
    seq("resourcePreEvent", "create-replacement"),
  );

  const calls = await e.callsSinceMark();
  expect(unexpectedFailures(calls)).toEqual([]);
  expect(calls.filter((c) => c.error === "ConflictException")).toEqual([]);
  expect(brief(mutating(calls))).toEqual([
    { operation: "DeleteService", name: "web" },
    { operation: "CreateService", name: "web-v2", templateName: "web" },
  ]);
  // The async delete was polled until Proton answered not-found, and only then was the new one created.
  const wait = deletionWait(calls, "service", "web", seqOf(calls, "DeleteService")[0]);
  expect(wait).toMatchObject({ readsAfterGone: 0 });
  expect(wait.goneAt).toBeLessThan(seqOf(calls, "CreateService")[0]);

  const { state } = await e.control.state();
  expect(Object.keys(state.services)).toEqual(["web-v2"]);
  expect(Object.keys(state.instances).sort()).toEqual(["web-v2/web-dev", "web-v2/web-prod"]);
  expect(result.outputs.service.value).toBe("web-v2");
});

test("refresh with nothing changed out of band reports no change and leaves no diff", async () => {
  await e.mark();
  const r = recorder();
  const result = await e.stack.refresh({ onEvent: r.onEvent, onOutput: r.onOutput });
  expect(result.summary.resourceChanges).toEqual({ same: 9 });
  expect(mutating(await e.callsSinceMark())).toEqual([]);

  await e.mark();
  const run = await preview();
  expect(run.changeSummary).toEqual({ same: 9 });
  expectOps(run, ALL, {});
  expect(await e.callsSinceMark()).toEqual([]);
});

test("out-of-band changes: refresh reports them and the next preview shows the program's values as the change back", async () => {
  await e.client.send(new UpdateEnvironmentTemplateCommand({ name: "vpc", displayName: "Renamed by hand" }));
  const drifted = envSpec("10.9.0.0/16", false);
  await e.client.send(
    new UpdateEnvironmentCommand({ name: "prod", deploymentType: "CURRENT_VERSION", spec: drifted }),
  );
  await waitUntilEnvironmentDeployed(
    { client: e.client, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.1 },
    { name: "prod" },
  );

  await e.mark();
  const r = recorder();
  const refreshed = await e.stack.refresh({ onEvent: r.onEvent, onOutput: r.onOutput });
  expect(refreshed.summary.resourceChanges).toEqual({ same: 7, update: 2 });
  const updates = steps(r.run, "outputs").filter((m) => m.op === "update");
  expect(
    Object.fromEntries(updates.map((m) => [nameOf(m.urn), changedKeys(m.old?.inputs, m.new?.inputs)])),
  ).toEqual({
    "env-template": ["displayName"],
    prod: ["spec"],
  });
  expect(mutating(await e.callsSinceMark())).toEqual([]);

  const run = await preview(true);
  expect(run.changeSummary).toEqual({ same: 7, update: 2 });
  expectOps(run, ALL, { "env-template": ["update"], prod: ["update"] });
  const diffs = Object.fromEntries(
    steps(run)
      .filter((m) => m.op === "update")
      .map((m) => [nameOf(m.urn), changedKeys(m.old?.inputs, m.new?.inputs)]),
  );
  expect(diffs).toEqual({ "env-template": ["displayName"], prod: ["spec"] });
  expect(run.stdout).toMatch(/displayName\s*: "Renamed by hand" => "Shared VPC"/);
  expect(run.stdout).toMatch(/cidr\s*: "10\.9\.0\.0\/16" => "10\.1\.0\.0\/16"/);
  // Provider-filled values (region, endpoint, the deployed minor version) are not shown as removed inputs.
  expect(run.stdout).not.toMatch(/^\s*- (region|endpoint|templateMinorVersion)\b/m);

  // up puts the program's values back.
  await e.mark();
  const up = await e.stack.up({});
  expect(up.summary.resourceChanges).toEqual({ same: 7, update: 2 });
  expect(
    brief(mutating(await e.callsSinceMark())).sort((a, b) => a.operation.localeCompare(b.operation)),
  ).toEqual([
    { operation: "UpdateEnvironment", name: "prod", deploymentType: "CURRENT_VERSION" },
    { operation: "UpdateEnvironmentTemplate", name: "vpc" },
  ]);
  const { state } = await e.control.state();
  expect(state.templates["ENVIRONMENT/vpc"].displayName).toBe("Shared VPC");
  expect(state.environments.prod).toMatchObject({ spec: model.prodSpec, deploymentStatus: "SUCCEEDED" });
});

test("destroy deletes in dependency order, waits for the async deletes, and leaves proton-local empty", async () => {
  const deployment = (await e.stack.exportStack()).deployment as {
    resources: { urn: string; type: string; dependencies?: string[] }[];
  };
  const dependencies = protonResources(deployment.resources).map((res) => ({
    name: nameOf(res.urn),
    uses: (res.dependencies ?? []).map(nameOf),
  }));
  expect(dependencies.find((d) => d.name === "prod")?.uses).toEqual(
    expect.arrayContaining(["prod-connection", "env-template", "env-template-v1"]),
  );

  // Deletions that take a few polls, so the waiting shows in the call log. Why 1 s: polls of a deletion
  // skip the read right after the request and are at most 100 ms apart here, and a loaded machine delays them.
  await e.control.setDurations({ deletionMs: 1000 });
  await e.mark();
  const r = recorder();
  const result = await e.stack.destroy({ onEvent: r.onEvent, onOutput: r.onOutput });
  expect(result.summary.resourceChanges).toEqual({ delete: 9 });
  expect(opsByName(r.run)).toEqual(Object.fromEntries(ALL.map((n) => [n, ["delete"]])));

  // Engine order: a resource's delete finished before the delete of anything it uses started.
  const started = new Map(
    steps(r.run).map((m) => [nameOf(m.urn), eventSeq(r.run, "resourcePreEvent", m.urn)]),
  );
  const finished = new Map(
    steps(r.run, "outputs").map((m) => [nameOf(m.urn), eventSeq(r.run, "resOutputsEvent", m.urn)]),
  );
  for (const { name, uses } of dependencies)
    for (const used of uses) expect([name, finished.get(name)! < started.get(used)!]).toEqual([name, true]);

  // Proton order, from the call log: dependants first, no delete ever refused (no conflict retried).
  const calls = await e.callsSinceMark();
  expect(unexpectedFailures(calls)).toEqual([]);
  const at = (operation: string, target: Record<string, string> = {}) => {
    const seqs = seqOf(calls, operation, target);
    expect([operation, target, seqs.length]).toEqual([operation, target, 1]);
    return seqs[0];
  };
  const service = at("DeleteService", { name: "web-v2" });
  const dev = at("DeleteEnvironment", { name: "dev" });
  const prod = at("DeleteEnvironment", { name: "prod" });
  const connection = at("DeleteEnvironmentAccountConnection");
  const envVersion = at("DeleteEnvironmentTemplateVersion", { templateName: "vpc" });
  const svcVersion = at("DeleteServiceTemplateVersion", { templateName: "web" });
  expect(service).toBeLessThan(Math.min(dev, prod, svcVersion));
  expect(prod).toBeLessThan(connection);
  expect(Math.max(dev, prod)).toBeLessThan(envVersion);
  expect(envVersion).toBeLessThan(at("DeleteEnvironmentTemplate", { name: "vpc" }));
  expect(svcVersion).toBeLessThan(at("DeleteServiceTemplate", { name: "web" }));

  // Async deletes were polled (still there, still there, ..., not found) before what they use was deleted.
  const expectPolledUntilGone = (
    kind: "service" | "environment",
    name: string,
    deletedAt: number,
    before: number,
  ) => {
    const wait = deletionWait(calls, kind, name, deletedAt);
    expect([name, wait.stillThere >= 2, wait.readsAfterGone]).toEqual([name, true, 0]);
    expect(wait.goneAt).toBeLessThan(before);
  };
  expectPolledUntilGone("service", "web-v2", service, Math.min(dev, prod, svcVersion));
  expectPolledUntilGone("environment", "prod", prod, Math.min(connection, envVersion));
  expectPolledUntilGone("environment", "dev", dev, envVersion);

  expect(await stateCounts(e.control)).toEqual(NO_RESOURCES);
  const after = (await e.stack.exportStack()).deployment as { resources?: unknown[] };
  expect(after.resources ?? []).toEqual([]);
});

function eventSeq(run: Run, kind: "resourcePreEvent" | "resOutputsEvent", urn: string): number {
  const event = run.events.find((ev) => ev[kind]?.metadata.urn === urn);
  if (!event) throw new Error(`no ${kind} for ${urn}`);
  return event.sequence;
}
