import { expect } from "@jest/globals";
import {
  CreateEnvironmentTemplateCommand,
  GetEnvironmentCommand,
  GetEnvironmentTemplateCommand,
  ListServicesCommand,
} from "@aws-sdk/client-proton";
import { environment, envTemplate, expectError, uniq, useHarness } from "./helpers";

// The control plane's own routes: health, clock, durations, reset, state dump and the call log.

const h = useHarness();

describe("control plane", () => {
  test("health reports the endpoint", async () => {
    expect(await h.control.health()).toEqual({ ok: true, endpoint: h.local.endpoint });
  });

  test("the clock only moves when told to, by a duration or milliseconds", async () => {
    const start = await h.control.clock();
    const after = await h.control.advanceClock("1h30m");
    expect(after.offsetMs - start.offsetMs).toBe(90 * 60 * 1000);
    const more = await h.control.advanceClock(250);
    expect(more.offsetMs - after.offsetMs).toBe(250);
    await expect(h.control.advanceClock("-5s")).rejects.toThrow(/duration/);
  });

  test("created resources carry the emulated time", async () => {
    await h.control.advanceClock("24h");
    const { offsetMs } = await h.control.clock();
    const { environmentTemplate: t } = await h.client.send(
      new CreateEnvironmentTemplateCommand({ name: uniq("clock") }),
    );
    expect(t!.createdAt!.getTime() - Date.now()).toBeGreaterThan(offsetMs - 60_000);
  });

  test("durations can be read and changed, and apply to new async work", async () => {
    const before = await h.control.durations();
    const et = await envTemplate(h);
    const changed = await h.control.setDurations({ deploymentMs: "10m" });
    expect(changed).toEqual({ ...before, deploymentMs: 600_000 });
    expect(await h.control.durations()).toEqual(changed);
    const name = await environment(h, et, uniq("env"), { settle: false });
    const status = async () =>
      (await h.client.send(new GetEnvironmentCommand({ name }))).environment!.deploymentStatus;
    await h.control.advanceClock("9m");
    expect(await status()).toBe("IN_PROGRESS");
    await h.control.advanceClock("1m");
    expect(await status()).toBe("SUCCEEDED");
    await h.control.setDurations(before);
  });

  test("a misspelled knob is an error, not a silent no-op", async () => {
    const before = await h.control.durations();
    await expect(h.control.setDurations({ deletionMs: "soon" })).rejects.toThrow(
      /deletionMs must be a duration/,
    );
    await expect(h.control.setDurations({ deployMs: 5 } as never)).rejects.toThrow(
      /body has an unknown member 'deployMs'/,
    );
    await expect(h.control.setDurations({ deploymentMs: 1, deletionMs: "x" })).rejects.toThrow(/deletionMs/);
    expect(await h.control.durations()).toEqual(before);
    await expect(h.control.freeze(["deploying" as never])).rejects.toThrow(
      /body\.phases\.0 must be one of registration, deployment/,
    );
    expect((await h.control.faults()).frozen).toEqual([]);
    const res = await fetch(`${h.control.base}/clock`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: expect.stringContaining("body must have required property 'advance'"),
    });
  });

  test("the call log counts calls per operation and reads from a sequence number on", async () => {
    const { lastSeq } = await h.control.calls();
    await h.client.send(new ListServicesCommand({}));
    await h.client.send(new ListServicesCommand({}));
    await expectError(
      h.client.send(new GetEnvironmentTemplateCommand({ name: uniq("none") })),
      "ResourceNotFoundException",
    );
    const log = await h.control.calls({ since: lastSeq });
    expect(log.lastSeq).toBe(lastSeq + 3);
    expect(log.counts).toEqual({
      ListServices: { total: 2, ok: 2, failed: 0 },
      GetEnvironmentTemplate: { total: 1, ok: 0, failed: 1 },
    });
    expect(log.calls.map((c) => [c.seq, c.operation, c.mutating, c.status])).toEqual([
      [lastSeq + 1, "ListServices", false, 200],
      [lastSeq + 2, "ListServices", false, 200],
      [lastSeq + 3, "GetEnvironmentTemplate", false, 404],
    ]);
    const only = await h.control.calls({ since: lastSeq, operation: "GetEnvironmentTemplate" });
    expect(only.calls).toHaveLength(1);
    expect(only.calls[0]).toMatchObject({
      error: "ResourceNotFoundException",
      target: { name: expect.any(String) },
    });
  });

  test("the call log marks mutating calls and never records spec content", async () => {
    const { lastSeq } = await h.control.calls();
    const name = await environment(h, await envTemplate(h));
    const { calls } = await h.control.calls({ since: lastSeq, operation: "CreateEnvironment" });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ mutating: true, status: 200, target: { name } });
    expect(JSON.stringify(calls[0])).not.toContain("EnvironmentSpec");
  });

  test("the call log can be cleared", async () => {
    await h.client.send(new ListServicesCommand({}));
    await h.control.clearCalls();
    expect((await h.control.calls()).calls).toEqual([]);
  });

  test("state dump shows every resource, with due async work applied", async () => {
    const et = await envTemplate(h);
    const name = await environment(h, et, uniq("env"), { settle: false });
    await h.settle();
    const { state, clock } = await h.control.state();
    expect(state.templates[`ENVIRONMENT/${et}`]).toMatchObject({ name: et, kind: "ENVIRONMENT" });
    expect(state.versions[`ENVIRONMENT/${et}/1.0`]).toMatchObject({ status: "PUBLISHED" });
    expect(state.environments[name]).toMatchObject({ deploymentStatus: "SUCCEEDED" });
    expect(clock.offsetMs).toBe((await h.control.clock()).offsetMs);
  });

  test("reset empties state, call log, faults and clock offset", async () => {
    const et = await envTemplate(h);
    await h.control.addFault({ kind: "throttle", operation: "ListServices" });
    await h.control.freeze(["deployment"]);
    await h.control.advanceClock("1h");
    expect(await h.control.reset()).toEqual({ ok: true });
    const { state, clock } = await h.control.state();
    expect(Object.keys(state.templates)).toEqual([]);
    expect(clock.offsetMs).toBe(0);
    expect(await h.control.faults()).toEqual({ faults: [], frozen: [] });
    expect((await h.control.calls()).calls).toEqual([]);
    await expectError(
      h.client.send(new GetEnvironmentTemplateCommand({ name: et })),
      "ResourceNotFoundException",
    );
    expect((await h.client.send(new ListServicesCommand({}))).$metadata.httpStatusCode).toBe(200);
  });

  test("an unknown control route is a 404", async () => {
    const res = await fetch(`${h.control.base}/nothing-here`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "no control route GET /nothing-here" });
  });
});
