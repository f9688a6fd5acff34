import { expect } from "@jest/globals";
import type { CallRecord } from "../../emulator";
import { environmentInputs, startHarness, type Props, type ProviderHarness } from "./harness";

// First deployments started together share one probe (engine/cohort.ts): in a fresh process and an empty
// account, environments created at once poll the bare prior's schedule once between them. Each test creates
// its environments through a provider process of its own (a fresh module registry), which has seen no
// deployment before, against an account with none in its history. Proton's typical durations run 24 times
// faster here: an environment is expected in 10 s and first polled 1.5 s after it starts; it takes 4 s.

const TIME_SCALE = 24;
// A proton-local per test: an account with deployments in its history is no longer new.
let h: ProviderHarness;
beforeEach(async () => {
  h = await startHarness({ deploymentMs: 4000 });
  Object.assign(process.env, {
    PULUMI_PROTON_POLL_TIME_SCALE: String(TIME_SCALE),
    PULUMI_PROTON_POLL_MAX_SECONDS: "5",
  });
});
afterEach(() => h.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each environment's status polls: its GetEnvironment calls after its CreateEnvironment, in order. */
async function pollsOf(names: string[], since: number): Promise<Record<string, CallRecord[]>> {
  const { calls } = await h.control.calls({ since });
  const of = (name: string, operation: string) =>
    calls.filter((c) => c.operation === operation && c.target?.name === name);
  return Object.fromEntries(
    names.map((n) => {
      const created = of(n, "CreateEnvironment")[0].seq;
      return [n, of(n, "GetEnvironment").filter((c) => c.seq > created)];
    }),
  );
}

type ProviderFor = (typeof import("../../provider/runtime"))["providerFor"];

/** `create` of a provider process that has observed nothing yet, as the first `up` in a new shell. */
async function freshProcess(): Promise<(inputs: Props) => Promise<{ outs: Props }>> {
  let providerFor!: ProviderFor;
  await jest.isolateModulesAsync(async () => {
    providerFor = (await import("../../provider/runtime")).providerFor;
  });
  const environment = providerFor("Environment");
  return async (inputs) => {
    const checked = await environment.check({}, { ...inputs });
    return (await environment.create(checked.inputs as Props)) as { outs: Props };
  };
}

const inputsOf = async (count: number) => {
  const all: Props[] = [];
  for (let i = 0; i < count; i++) all.push((await environmentInputs(h)).inputs);
  return all;
};

test("environments started together poll once between them; one started after the first poll polls alone", async () => {
  const [first, second, later] = await inputsOf(3);
  const create = await freshProcess();
  const since = (await h.control.calls()).lastSeq;
  const created = await Promise.all([
    create(first),
    sleep(200).then(() => create(second)),
    // Past the first environment's first poll (1.5 s): not started together.
    sleep(2000).then(() => create(later)),
  ]);
  for (const { outs } of created) expect(outs).toMatchObject({ deploymentStatus: "SUCCEEDED" });

  const names = [first, second, later].map((i) => i.name as string);
  const polls = await pollsOf(names, since);
  const [probe, follower, alone] = names.map((n) => polls[n]);
  // The probe walks the prior's schedule; the follower polls after the probe's last poll, once or twice.
  expect(probe.length).toBeGreaterThanOrEqual(4);
  expect([1, 2]).toContain(follower.length);
  expect(follower[0].seq).toBeGreaterThan(probe[probe.length - 1].seq);
  // The later one started while the probe was still running, but on its own schedule.
  expect(alone.length).toBeGreaterThanOrEqual(3);
  expect(alone[0].seq).toBeLessThan(probe[probe.length - 1].seq);
});

test("a probe that fails wakes its followers, which go on and deploy", async () => {
  const [first, second] = await inputsOf(2);
  await h.control.addFault({ kind: "fail-deployment", resource: first.name as string });
  const create = await freshProcess();
  const since = (await h.control.calls()).lastSeq;
  const [failure, followed] = await Promise.all([
    create(first).then(
      () => new Error("the probe's create succeeded"),
      (e: Error) => e,
    ),
    sleep(200).then(() => create(second)),
  ]);
  expect(failure.message).toMatch(/FAILED: Injected deployment failure/);
  expect(followed.outs).toMatchObject({ deploymentStatus: "SUCCEEDED" });
  const polls = await pollsOf([first.name as string, second.name as string], since);
  const [probe, follower] = [polls[first.name as string], polls[second.name as string]];
  // The follower's first poll waited for the probe's deployment to end: 4 s after the probe's
  // CreateEnvironment, whose first poll came 1.5 s after it, so at least 2.5 s after that poll.
  expect(Date.parse(follower[0].at) - Date.parse(probe[0].at)).toBeGreaterThanOrEqual(4000 - 1500);
  expect(probe.length).toBeGreaterThanOrEqual(4);
  expect([1, 2]).toContain(follower.length);
});
