import { expectOps, inventory, opsByName, recorder, startE2E, type E2E } from "./harness";
import {
  emptyInventory,
  expectConverged,
  failedSteps,
  failing,
  LOGICAL,
  PROTON,
  resourceErrors,
  smallModel,
  smallProgram,
  smallServiceSpec,
  stateResources,
  type SmallModel,
} from "./small-stack";

// Failed and stuck async states through the real CLI against proton-local, one scenario per test. The
// failing `up` (or `destroy`) names the resource and carries Proton's status message; the Pulumi state
// keeps what Proton accepted (a partial failure, with its id); and once the fault is gone the next run
// converges without state surgery: a REGISTRATION_FAILED version and a CREATE_FAILED service are replaced,
// a failed deployment is retried in place, a deployment stuck past its timeout is waited out in place.

let e: E2E;
let model: SmallModel;
let stacks = 0;

// A fresh proton-local and stack per test: each scenario starts from nothing.
beforeEach(async () => {
  model = smallModel();
  e = await startE2E(`failed-states-${++stacks}`, smallProgram(model));
}, 120_000);
afterEach(async () => {
  await e?.close();
});

async function up() {
  const r = recorder();
  const result = await e.stack.up({ onEvent: r.onEvent, onOutput: r.onOutput });
  return { result, run: r.run };
}

test("REGISTRATION_FAILED: the version is kept as a partial failure, then replaced by a new one", async () => {
  const message = "CloudFormation template error: unresolved resource dependencies [VpcFlowLogs]";
  await e.control.addFault({ kind: "fail-registration", resource: PROTON.envTemplate, message });

  await e.mark();
  const failed = await failing(e, "up");
  const [firstCreate] = (await e.callsSinceMark()).filter(
    (c) => c.operation === "CreateEnvironmentTemplateVersion",
  );
  const firstToken = firstCreate.target?.clientToken ?? "";
  expect(failedSteps(failed.run)).toEqual(["env-version"]);
  const expected = `environment template version 'vpc:1.0': REGISTRATION_FAILED: ${message}`;
  expect(failed.error.message).toContain(expected);
  expect(resourceErrors(failed.run, "env-version")).toContain(expected);
  // Recorded with its id and Proton's status, not lost; what depends on it was never attempted.
  const recorded = await stateResources(e);
  expect(recorded["env-version"]).toMatchObject({
    id: "vpc:1.0",
    outputs: { status: "REGISTRATION_FAILED", statusMessage: message },
  });
  expect(Object.keys(recorded).sort()).toEqual(["env-template", "env-version", "svc-template"]);
  expect((await inventory(e.control)).versions).toEqual(["vpc:1.0 REGISTRATION_FAILED"]);

  await e.control.clearFaults();
  await e.mark();
  const { result, run } = await up();
  expect(result.summary.result).toBe("succeeded");
  expectOps(run, LOGICAL, {
    "env-version": ["create-replacement", "replace", "delete-replaced"],
    "svc-version": ["create"],
    dev: ["create"],
    shop: ["create"],
  });
  // The original token still names the failed version, so the replacement is requested under a token
  // derived from it: one new version, never a second copy of the failed one.
  const creates = (await e.callsSinceMark()).filter(
    (c) => c.operation === "CreateEnvironmentTemplateVersion",
  );
  expect(creates.map((c) => c.target?.clientToken)).toEqual([
    firstToken,
    expect.not.stringMatching(firstToken),
  ]);
  // The failed version is gone and its replacement (a new major: versions are immutable) is in use.
  await expectConverged(e, 2);
});

test("DEPLOYMENT_FAILED of an environment: kept with its id, then redeployed in place", async () => {
  const message = "CREATE_FAILED: VpcFlowLogs (AWS::EC2::FlowLog): the log group does not exist";
  await e.control.addFault({ kind: "fail-deployment", resource: PROTON.environment, message });

  const failed = await failing(e, "up");
  expect(failedSteps(failed.run)).toEqual(["dev"]);
  const expected = `environment 'dev': FAILED: ${message}`;
  expect(failed.error.message).toContain(expected);
  expect(resourceErrors(failed.run, "dev")).toContain(expected);
  const recorded = await stateResources(e);
  expect(recorded.dev).toMatchObject({
    id: PROTON.environment,
    outputs: { deploymentStatus: "FAILED", deploymentStatusMessage: message },
  });
  expect(recorded.dev.initErrors).toEqual([expect.stringContaining(message)]);
  expect(recorded.shop).toBeUndefined(); // depends on dev: never attempted
  expect((await inventory(e.control)).environments).toEqual(["dev FAILED"]);

  await e.control.clearFaults();
  await e.mark();
  const { result, run } = await up();
  expect(result.summary.result).toBe("succeeded");
  expectOps(run, LOGICAL, { dev: ["update"], shop: ["create"] });
  const mutating = (await e.callsSinceMark()).filter((c) => c.mutating);
  expect(mutating.filter((c) => c.operation.endsWith("Environment"))).toEqual([
    expect.objectContaining({
      operation: "UpdateEnvironment",
      target: { name: PROTON.environment, deploymentType: "CURRENT_VERSION" },
    }),
  ]);
  await expectConverged(e);
});

/** Deploys the whole stack, then a spec change whose deployment of `resource` fails with `message`. */
async function failedSpecChange(resource: string, message: string, change: (m: SmallModel) => void) {
  expect((await up()).result.summary.result).toBe("succeeded");
  await e.control.addFault({ kind: "fail-deployment", resource, message });
  change(model);
  await e.mark();
  return failing(e, "up");
}

/** The next `up` after the fault is cleared: the service is updated in place, its failed part redeployed. */
async function retriedInPlace(operation: "UpdateServiceInstance" | "UpdateServicePipeline") {
  await e.control.clearFaults();
  await e.mark();
  const { result, run } = await up();
  expect(result.summary.result).toBe("succeeded");
  expectOps(run, LOGICAL, { shop: ["update"] });
  const mutating = (await e.callsSinceMark()).filter((c) => c.mutating);
  expect(mutating.map((c) => [c.operation, c.target?.deploymentType])).toEqual([
    [operation, "CURRENT_VERSION"],
  ]);
}

test("DEPLOYMENT_FAILED of a service instance: the update is kept as a partial failure, then retried in place", async () => {
  const message = "ECS service shop-dev did not stabilize: essential container exited";
  const failed = await failedSpecChange(PROTON.instance, message, (m) => (m.port = 9090));

  expect(failedSteps(failed.run)).toEqual(["shop"]);
  const expected = `service 'shop': instance 'shop-dev' FAILED: ${message}`;
  expect(failed.error.message).toContain(expected);
  expect(resourceErrors(failed.run, "shop")).toContain(expected);
  const recorded = await stateResources(e);
  expect(recorded.shop.id).toBe(PROTON.service);
  expect(recorded.shop.outputs.instances).toEqual([
    expect.objectContaining({
      name: PROTON.instance,
      deploymentStatus: "FAILED",
      deploymentStatusMessage: message,
    }),
  ]);
  expect((await e.callsSinceMark()).filter((c) => c.mutating).map((c) => c.operation)).toEqual([
    "UpdateServiceInstance",
  ]);
  expect((await inventory(e.control)).instances).toEqual(["shop/shop-dev FAILED"]);

  const failedToken = (await e.control.calls({ operation: "UpdateServiceInstance" })).calls.at(-1)?.target
    ?.clientToken;
  await retriedInPlace("UpdateServiceInstance");
  // The retry is a new deployment request: its own client token, not the failed update's.
  const retryToken = (await e.callsSinceMark()).find((c) => c.operation === "UpdateServiceInstance")?.target
    ?.clientToken;
  expect(retryToken).toMatch(/^pulumi-proton-[0-9a-f]{48}$/);
  expect(retryToken).not.toBe(failedToken);
  const { state } = await e.control.state();
  expect(state.instances[`${PROTON.service}/${PROTON.instance}`].spec).toBe(smallServiceSpec(model));
  await expectConverged(e);
});

test("DEPLOYMENT_FAILED of a service pipeline: the update is kept as a partial failure, then retried in place", async () => {
  const message = "CodeBuild project shop-pipeline failed: make: *** No rule to make target 'release'";
  const failed = await failedSpecChange(PROTON.pipeline, message, (m) => (m.buildCmd = "make release"));

  expect(failedSteps(failed.run)).toEqual(["shop"]);
  const expected = `service 'shop': pipeline FAILED: ${message}`;
  expect(failed.error.message).toContain(expected);
  expect(resourceErrors(failed.run, "shop")).toContain(expected);
  const recorded = await stateResources(e);
  expect(recorded.shop.id).toBe(PROTON.service);
  expect(recorded.shop.outputs.pipeline).toMatchObject({
    deploymentStatus: "FAILED",
    deploymentStatusMessage: message,
  });
  expect((await e.callsSinceMark()).filter((c) => c.mutating).map((c) => c.operation)).toEqual([
    "UpdateServicePipeline",
  ]);
  expect((await inventory(e.control)).services).toEqual(["shop ACTIVE pipeline FAILED"]);

  await retriedInPlace("UpdateServicePipeline");
  const { state } = await e.control.state();
  expect(state.services[PROTON.service].pipeline?.spec).toBe(smallServiceSpec(model));
  await expectConverged(e);
});

test("CREATE_FAILED of a service: kept with its id, then replaced (deleted first: names are unique)", async () => {
  // An instance failing while the service is created leaves the service CREATE_FAILED with its message.
  const message = "ECS task definition shop-dev: invalid memory value";
  await e.control.addFault({ kind: "fail-deployment", resource: PROTON.instance, message });

  const failed = await failing(e, "up");
  expect(failedSteps(failed.run)).toEqual(["shop"]);
  const expected = `service 'shop': CREATE_FAILED: Service instance 'shop-dev': ${message}`;
  expect(failed.error.message).toContain(expected);
  expect(resourceErrors(failed.run, "shop")).toContain(expected);
  const recorded = await stateResources(e);
  expect(recorded.shop).toMatchObject({ id: PROTON.service, outputs: { status: "CREATE_FAILED" } });
  expect((await inventory(e.control)).services).toEqual(["shop CREATE_FAILED pipeline SUCCEEDED"]);

  await e.control.clearFaults();
  await e.mark();
  const { result, run } = await up();
  expect(result.summary.result).toBe("succeeded");
  expectOps(run, LOGICAL, { shop: ["delete-replaced", "replace", "create-replacement"] });
  const mutating = (await e.callsSinceMark()).filter((c) => c.mutating);
  expect(mutating.map((c) => [c.operation, c.target?.name])).toEqual([
    ["DeleteService", PROTON.service],
    ["CreateService", PROTON.service],
  ]);
  await expectConverged(e);
});

test("DELETE_FAILED of a service during destroy: reported, kept in the state, and the next destroy finishes", async () => {
  expect((await up()).result.summary.result).toBe("succeeded");
  const message = "CloudFormation stack shop-dev: DELETE_FAILED: the security group has a dependent object";
  await e.control.addFault({ kind: "fail-deletion", resource: PROTON.service, message });

  const failed = await failing(e, "destroy");
  expect(failedSteps(failed.run)).toEqual(["shop"]);
  const expected = `service 'shop': DELETE_FAILED: ${message}`;
  expect(failed.error.message).toContain(expected);
  expect(resourceErrors(failed.run, "shop")).toContain(expected);
  // Nothing that depends on the service's deletion went: the state still holds the whole stack.
  const recorded = await stateResources(e);
  expect(Object.keys(recorded).sort()).toEqual([...LOGICAL].sort());
  expect(recorded.shop.id).toBe(PROTON.service);
  expect((await inventory(e.control)).services).toEqual(["shop DELETE_FAILED pipeline DELETE_COMPLETE"]);

  await e.control.clearFaults();
  await e.mark();
  const r = recorder();
  const result = await e.stack.destroy({ onEvent: r.onEvent, onOutput: r.onOutput });
  expect(result.summary.result).toBe("succeeded");
  expect(opsByName(r.run)).toEqual(Object.fromEntries(LOGICAL.map((n) => [n, ["delete"]])));
  const deletes = (await e.callsSinceMark()).filter((c) => c.mutating && c.status === 200);
  expect(deletes.filter((c) => c.operation === "DeleteService")).toHaveLength(1);
  expect(await inventory(e.control)).toEqual(emptyInventory);
  expect(await stateResources(e)).toEqual({});
});

test("a deployment stuck past the create timeout: kept with its id, and the next up waits it out in place", async () => {
  await e.control.freeze(["deployment"]);
  model.environmentTimeouts = { create: "2s" };

  const failed = await failing(e, "up");
  expect(failedSteps(failed.run)).toEqual(["dev"]);
  const expected = /environment 'dev': timed out after \S+ waiting for creation \(last status IN_PROGRESS\)/;
  expect(failed.error.message).toMatch(expected);
  expect(resourceErrors(failed.run, "dev")).toMatch(expected);
  const recorded = await stateResources(e);
  expect(recorded.dev).toMatchObject({
    id: PROTON.environment,
    outputs: { deploymentStatus: "IN_PROGRESS" },
  });
  expect(recorded.shop).toBeUndefined();
  expect((await inventory(e.control)).environments).toEqual(["dev IN_PROGRESS"]);

  await e.control.thaw(["deployment"]);
  await e.mark();
  const { result, run } = await up();
  expect(result.summary.result).toBe("succeeded");
  expectOps(run, LOGICAL, { dev: ["update"], shop: ["create"] });
  // The stuck deployment finished on its own: nothing redeployed the environment.
  const mutating = (await e.callsSinceMark()).filter((c) => c.mutating);
  expect(mutating.map((c) => c.operation)).toEqual(["CreateService"]);
  await expectConverged(e);
});
