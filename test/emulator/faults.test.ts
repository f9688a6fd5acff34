import {
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  DeleteEnvironmentCommand,
  GetEnvironmentCommand,
  GetEnvironmentTemplateVersionCommand,
  GetServiceInstanceCommand,
  ListEnvironmentTemplatesCommand,
  ListEnvironmentTemplateVersionsCommand,
  ListServicesCommand,
  UpdateEnvironmentCommand,
} from "@aws-sdk/client-proton";
import {
  BUNDLES,
  environment,
  envTemplate,
  expectError,
  makeClient,
  service,
  serviceWorld,
  uniq,
  useHarness,
  type SdkError,
} from "./helpers";

// Every fault-injection knob of the control plane, observed through the real SDK and the call log.

const h = useHarness({ seed: 7 });

beforeEach(async () => {
  await h.control.clearFaults();
});

/** The call-log records of `operation` made after `since`. */
const callsSince = async (since: number, operation: string) =>
  (await h.control.calls({ since, operation })).calls;

describe("request faults", () => {
  test("throttle with a probability: the SDK retries until it gets through, reproducibly for a seed", async () => {
    const client = makeClient(h.local.endpoint, { maxAttempts: 10 });
    const run = async () => {
      await h.control.addFault({ kind: "throttle", operation: "ListServices", probability: 0.5 });
      const since = (await h.control.calls()).lastSeq;
      let attempts = 0;
      for (let i = 0; i < 10; i++)
        attempts += (await client.send(new ListServicesCommand({}))).$metadata.attempts!;
      const calls = await callsSince(since, "ListServices");
      await h.control.clearFaults();
      return { attempts, pattern: calls.map((c) => c.status) };
    };
    const first = await run();
    const throttled = first.pattern.filter((s) => s === 429).length;
    expect(throttled).toBeGreaterThan(0);
    expect(first.pattern.filter((s) => s === 200)).toHaveLength(10);
    expect(first.attempts).toBe(10 + throttled);
    // clearFaults re-seeds the generator, so the same seed throttles the same calls again.
    expect((await run()).pattern).toEqual(first.pattern);
    client.destroy();
  });

  test("throttle the next N calls: the SDK's retries absorb them", async () => {
    await h.control.addFault({ kind: "throttle", operation: "ListServices", count: 2 });
    const since = (await h.control.calls()).lastSeq;
    const out = await h.client.send(new ListServicesCommand({}));
    expect(out.$metadata.attempts).toBe(3);
    const calls = await callsSince(since, "ListServices");
    expect(calls.map((c) => [c.status, c.error])).toEqual([
      [429, "ThrottlingException"],
      [429, "ThrottlingException"],
      [200, undefined],
    ]);
    expect(calls[0].fault).toMatch(/^throttle#/);
    expect((await h.control.faults()).faults).toEqual([]);
  });

  test("internal errors (5xx) are retried by the SDK", async () => {
    await h.control.addFault({ kind: "internal", operation: "ListServices", count: 1 });
    const since = (await h.control.calls()).lastSeq;
    const out = await h.client.send(new ListServicesCommand({}));
    expect(out.$metadata.attempts).toBe(2);
    expect((await callsSince(since, "ListServices")).map((c) => c.status)).toEqual([500, 200]);
  });

  test("a connection reset is a network error the SDK retries", async () => {
    await h.control.addFault({ kind: "reset", operation: "ListServices", count: 1 });
    const since = (await h.control.calls()).lastSeq;
    const out = await h.client.send(new ListServicesCommand({}));
    expect(out.$metadata.attempts).toBe(2);
    expect((await callsSince(since, "ListServices")).map((c) => c.error)).toEqual([
      "ConnectionReset",
      undefined,
    ]);

    await h.control.addFault({ kind: "reset", operation: "ListServices" });
    const client = makeClient(h.local.endpoint, { maxAttempts: 2 });
    let error: SdkError | undefined;
    await client.send(new ListServicesCommand({})).catch((e: SdkError) => (error = e));
    expect(error?.message).toMatch(/socket hang up|ECONNRESET/);
    expect(error?.$metadata.attempts).toBe(2);
    client.destroy();
  });

  test("a lost response: the call ran, the client retries with the same token and gets the original", async () => {
    const templateName = uniq("lost");
    await h.client.send(new CreateEnvironmentTemplateCommand({ name: templateName }));
    await h.control.addFault({
      kind: "lose-response",
      operation: "CreateEnvironmentTemplateVersion",
      count: 1,
    });
    const since = (await h.control.calls()).lastSeq;
    const out = await h.client.send(
      new CreateEnvironmentTemplateVersionCommand({ templateName, source: { s3: BUNDLES.env } }),
    );
    expect(out.$metadata.attempts).toBe(2);
    expect(out.environmentTemplateVersion?.majorVersion).toBe("1");
    const calls = await callsSince(since, "CreateEnvironmentTemplateVersion");
    expect(calls.map((c) => [c.status, c.error])).toEqual([
      [200, "ResponseLost"],
      [200, undefined],
    ]);
    // The SDK resent the same request, so the token matched and no second version was made.
    expect(calls[0].target?.clientToken).toBe(calls[1].target?.clientToken);
    const { templateVersions } = await h.client.send(
      new ListEnvironmentTemplateVersionsCommand({ templateName }),
    );
    expect(templateVersions?.map((v) => `${v.majorVersion}.${v.minorVersion}`)).toEqual(["1.0"]);
  });

  test("the in-process interceptor can drop a call before it runs or lose its answer after it ran", async () => {
    const seen: string[] = [];
    h.local.intercept(({ phase, operation }) => {
      if (operation !== "CreateEnvironmentTemplate") return;
      seen.push(phase);
      if (seen.length === 1) return "drop"; // first attempt: never runs
      if (seen.length === 3) return "drop"; // second attempt: runs, answer lost
    });
    const name = uniq("intercepted");
    const client = makeClient(h.local.endpoint, { maxAttempts: 3 });
    try {
      const out = await client.send(new CreateEnvironmentTemplateCommand({ name }));
      // Third attempt: a name-keyed retry of an unmodified template returns the original.
      expect(out.$metadata.attempts).toBe(3);
      expect(seen).toEqual(["received", "received", "handled", "received", "handled"]);
    } finally {
      h.local.intercept();
      client.destroy();
    }
    const { calls } = await h.control.calls({ operation: "CreateEnvironmentTemplate" });
    expect(calls.slice(-3).map((c) => [c.status, c.error])).toEqual([
      [0, "ConnectionReset"],
      [200, "ResponseLost"],
      [200, undefined],
    ]);
  });

  test("latency is added to matching calls and shows in the call log", async () => {
    const fault = await h.control.addFault({ kind: "latency", operation: "ListServices", latencyMs: 20 });
    const since = (await h.control.calls()).lastSeq;
    await h.client.send(new ListServicesCommand({}));
    await h.client.send(new ListEnvironmentTemplatesCommand({}));
    await h.client.send(new ListServicesCommand({}));
    const { calls } = await h.control.calls({ since });
    expect(calls.map((c) => [c.operation, c.status, c.fault, c.delayMs])).toEqual([
      ["ListServices", 200, `latency#${fault.id}`, 20],
      ["ListEnvironmentTemplates", 200, undefined, undefined],
      ["ListServices", 200, `latency#${fault.id}`, 20],
    ]);
    expect((await h.control.faults()).faults).toEqual([expect.objectContaining({ id: fault.id, hits: 2 })]);
  });

  test("an injected error of any type hits only its operation", async () => {
    await h.control.addFault({
      kind: "error",
      operation: "ListServices",
      errorType: "ConflictException",
      message: "busy",
    });
    await expectError(h.client.send(new ListServicesCommand({})), "ConflictException", "busy");
    await expectError(h.client.send(new ListServicesCommand({})), "ConflictException", "busy");
    const other = await h.client.send(new ListEnvironmentTemplatesCommand({}));
    expect(other.$metadata.httpStatusCode).toBe(200);
  });

  test("a fault without an operation hits every operation until removed", async () => {
    const fault = await h.control.addFault({ kind: "error", errorType: "AccessDeniedException" });
    await expectError(h.client.send(new ListServicesCommand({})), "AccessDeniedException");
    await expectError(h.client.send(new ListEnvironmentTemplatesCommand({})), "AccessDeniedException");
    await h.control.removeFault(fault.id);
    expect((await h.client.send(new ListServicesCommand({}))).$metadata.httpStatusCode).toBe(200);
  });

  test("a malformed fault is refused by the control plane", async () => {
    await expect(h.control.addFault({ kind: "error" })).rejects.toThrow(/errorType/);
    await expect(h.control.addFault({ kind: "throttle", probability: 2 })).rejects.toThrow(/probability/);
    await expect(h.control.addFault({ kind: "latency" })).rejects.toThrow(/latencyMs/);
    await expect(h.control.addFault({ kind: "explode" as never })).rejects.toThrow(
      /body\.kind must be one of throttle/,
    );
    await expect(h.control.removeFault("999")).rejects.toThrow(/no such fault/);
  });
});

describe("outcome faults", () => {
  test("fail-registration: the version ends REGISTRATION_FAILED with the message", async () => {
    const name = await envTemplate(h);
    await h.control.addFault({ kind: "fail-registration", message: "schema.yaml: bad indentation" });
    const { environmentTemplateVersion: v } = await h.client.send(
      new CreateEnvironmentTemplateVersionCommand({
        templateName: name,
        majorVersion: "1",
        source: { s3: BUNDLES.env },
      }),
    );
    await h.settle();
    const { environmentTemplateVersion: after } = await h.client.send(
      new GetEnvironmentTemplateVersionCommand({
        templateName: name,
        majorVersion: v!.majorVersion,
        minorVersion: v!.minorVersion,
      }),
    );
    expect(after).toMatchObject({
      status: "REGISTRATION_FAILED",
      statusMessage: "schema.yaml: bad indentation",
    });
  });

  test("fail-deployment hits only the named resource, once", async () => {
    const et = await envTemplate(h);
    const doomed = uniq("env");
    await h.control.addFault({ kind: "fail-deployment", resource: doomed, message: "subnet exhausted" });
    const fine = await environment(h, et);
    await environment(h, et, doomed);
    const status = async (name: string) =>
      (await h.client.send(new GetEnvironmentCommand({ name }))).environment!;
    expect((await status(fine)).deploymentStatus).toBe("SUCCEEDED");
    expect(await status(doomed)).toMatchObject({
      deploymentStatus: "FAILED",
      deploymentStatusMessage: "subnet exhausted",
    });
    await h.client.send(new UpdateEnvironmentCommand({ name: doomed, deploymentType: "CURRENT_VERSION" }));
    await h.settle();
    expect((await status(doomed)).deploymentStatus).toBe("SUCCEEDED");
  });

  test("fail-deployment with a count fails that many deployments", async () => {
    const w = await serviceWorld(h);
    await h.control.addFault({ kind: "fail-deployment", count: 2, message: "image pull failed" });
    const svc = await service(h, w, { instances: ["a", "b", "c"] });
    const statuses = await Promise.all(
      ["a", "b", "c"].map(async (name) => {
        const { serviceInstance: i } = await h.client.send(
          new GetServiceInstanceCommand({ serviceName: svc, name }),
        );
        return i!.deploymentStatus;
      }),
    );
    expect(statuses).toEqual(["FAILED", "FAILED", "SUCCEEDED"]);
  });

  test("fail-deletion: the environment ends DELETE_FAILED with the message", async () => {
    const name = await environment(h, await envTemplate(h));
    await h.control.addFault({ kind: "fail-deletion", resource: name, message: "ENI still attached" });
    await h.client.send(new DeleteEnvironmentCommand({ name }));
    await h.settle();
    const { environment: e } = await h.client.send(new GetEnvironmentCommand({ name }));
    expect(e).toMatchObject({
      deploymentStatus: "DELETE_FAILED",
      deploymentStatusMessage: "ENI still attached",
    });
  });
});

describe("freeze", () => {
  test("a frozen phase stays stuck however far the clock moves; thaw lets it finish", async () => {
    const et = await envTemplate(h);
    await h.control.freeze(["deployment"]);
    expect((await h.control.faults()).frozen).toEqual(["deployment"]);
    const name = await environment(h, et);
    await h.control.advanceClock("2h");
    const get = async () =>
      (await h.client.send(new GetEnvironmentCommand({ name }))).environment!.deploymentStatus;
    expect(await get()).toBe("IN_PROGRESS");
    await h.control.thaw();
    expect(await get()).toBe("SUCCEEDED");
  });

  test("freezing one phase leaves the others running", async () => {
    const name = await envTemplate(h, uniq("envt"), { publish: false });
    await h.control.freeze(["deletion"]);
    await h.client.send(
      new CreateEnvironmentTemplateVersionCommand({
        templateName: name,
        majorVersion: "1",
        source: { s3: BUNDLES.env },
      }),
    );
    await h.settle();
    const { environmentTemplateVersion: v } = await h.client.send(
      new GetEnvironmentTemplateVersionCommand({ templateName: name, majorVersion: "1", minorVersion: "1" }),
    );
    expect(v!.status).toBe("DRAFT");
    await h.control.thaw(["deletion"]);
    expect((await h.control.faults()).frozen).toEqual([]);
  });
});
