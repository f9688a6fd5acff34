import { expect } from "@jest/globals";
import type { CallRecord } from "../../emulator";
import {
  environmentInputs,
  startHarness,
  unique,
  versionOn,
  type Props,
  type ProviderHarness,
} from "./harness";

// First work of an operation started together shares one probe (engine/cohort.ts): in a fresh process and an
// empty account, environments created at once poll the bare prior's schedule once between them, and template
// versions registered at once poll the typical registration's schedule once. Each test creates them through
// a provider process of its own (a fresh module registry), which has seen no such work before, against an
// account with no deployment in its history. Proton's typical durations run 24 times faster here: an
// environment is expected in 10 s and first polled 1.5 s after it starts; it takes 4 s. A registration is
// expected in 0.42 s and first polled 0.21 s after it starts; it takes 1 s.

const TIME_SCALE = 24;
// A proton-local per test: an account with deployments in its history is no longer new.
let h: ProviderHarness;
beforeEach(async () => {
  h = await startHarness({ deploymentMs: 4000, registrationMs: 1000 });
  Object.assign(process.env, {
    PULUMI_PROTON_POLL_TIME_SCALE: String(TIME_SCALE),
    PULUMI_PROTON_POLL_MAX_SECONDS: "5",
  });
});
afterEach(() => h.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Each resource's status polls: its Get<what> calls after its Create<what>, in order, up to its next change
 * (a template version's publication, after which it is read once more).
 */
async function pollsOf(
  names: string[],
  since: number,
  what = "Environment",
  nameMember = "name",
): Promise<Record<string, CallRecord[]>> {
  const { calls } = await h.control.calls({ since });
  const mine = (name: string) => calls.filter((c) => c.target?.[nameMember] === name);
  return Object.fromEntries(
    names.map((n) => {
      const created = mine(n).find((c) => c.operation === `Create${what}`)!.seq;
      const changed = mine(n).find((c) => c.seq > created && c.mutating)?.seq ?? Infinity;
      return [n, mine(n).filter((c) => c.operation === `Get${what}` && c.seq > created && c.seq < changed)];
    }),
  );
}

type ProviderFor = (typeof import("../../provider/runtime"))["providerFor"];

/** `create` of a provider process that has observed nothing yet, as the first `up` in a new shell. */
async function freshProcess(type = "Environment"): Promise<(inputs: Props) => Promise<{ outs: Props }>> {
  let providerFor!: ProviderFor;
  await jest.isolateModulesAsync(async () => {
    providerFor = (await import("../../provider/runtime")).providerFor;
  });
  const provider = providerFor(type);
  return async (inputs) => {
    const checked = await provider.check({}, { ...inputs });
    return (await provider.create(checked.inputs as Props)) as { outs: Props };
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

test("template versions registered together poll once between them", async () => {
  const names = [unique("envtpl"), unique("envtpl"), unique("envtpl")];
  for (const name of names) await h.create("EnvironmentTemplate", { name, logicalId: `t/${name}` });
  const register = await freshProcess("EnvironmentTemplateVersion");
  const since = (await h.control.calls()).lastSeq;
  const registered = await Promise.all(
    names.map((templateName, i) => sleep(50 * i).then(() => register(versionOn(templateName)))),
  );
  for (const { outs } of registered) expect(outs).toMatchObject({ status: "PUBLISHED" });

  const polls = await pollsOf(names, since, "EnvironmentTemplateVersion", "templateName");
  // The probe is the first whose create was answered, usually the first sent (under load, maybe not). It
  // polls at half the typical registration, at its end, and 20 % further each time until done (1 s against
  // 0.42 s expected: 7 polls); the others poll once it has seen its registration done.
  const [probe, ...followers] = names.map((n) => polls[n]).sort((a, b) => b.length - a.length);
  expect(probe.length).toBeGreaterThanOrEqual(5);
  for (const follower of followers) {
    expect([1, 2]).toContain(follower.length);
    expect(follower[0].seq).toBeGreaterThan(probe[probe.length - 1].seq);
  }
});

test("a stated deployment duration takes the bare prior's place: polls gather around it, and the others still follow", async () => {
  // 96 s in Proton's time is 4 s here: what the deployments take.
  process.env.PULUMI_PROTON_POLL_EXPECTED_DEPLOYMENT_SECONDS = String(4 * TIME_SCALE);
  try {
    const [first, second] = await inputsOf(2);
    const create = await freshProcess();
    const since = (await h.control.calls()).lastSeq;
    const created = await Promise.all([create(first), sleep(200).then(() => create(second))]);
    for (const { outs } of created) expect(outs).toMatchObject({ deploymentStatus: "SUCCEEDED" });

    const names = [first, second].map((i) => i.name as string);
    const polls = await pollsOf(names, since);
    const [probe, follower] = names.map((n) => polls[n]);
    const { calls } = await h.control.calls({ since });
    const createdAt = calls.find(
      (c) => c.operation === "CreateEnvironment" && c.target?.name === names[0],
    )!.at;
    // The first poll at half the stated duration (the bare prior's comes at 1.5 s), then dense up to it:
    // seen done within 5 polls where the prior's walk takes 7.
    expect(Date.parse(probe[0].at) - Date.parse(createdAt)).toBeGreaterThanOrEqual(2000 - 50);
    expect(probe.length).toBeLessThanOrEqual(5);
    // The probe is seen on time, so the follower, started 0.2 s later, may still be deploying when it
    // polls: it goes on around what the probe took.
    expect(follower.length).toBeLessThanOrEqual(3);
    expect(follower[0].seq).toBeGreaterThan(probe[probe.length - 1].seq);
  } finally {
    delete process.env.PULUMI_PROTON_POLL_EXPECTED_DEPLOYMENT_SECONDS;
  }
});

test("progress lines say what a wait expects and why, and when it checks next", async () => {
  const [first, second] = await inputsOf(2);
  const create = await freshProcess();
  // Outside a provider process started by the CLI, progress lines go to stdout.
  const lines: string[] = [];
  const log = jest.spyOn(console, "log").mockImplementation((line: unknown) => lines.push(String(line)));
  try {
    await create(first);
    await create(second);
  } finally {
    log.mockRestore();
  }
  const about = (name: unknown) => lines.filter((l) => l.startsWith(`environment '${String(name)}': `));
  const [a, b] = [about(first.name), about(second.name)];
  // Nothing seen yet: Proton's typical 4 minutes, 24 times faster; first polled at 0.15 of it.
  expect(a[0]).toMatch(
    /: waiting for creation, expected to take about 10\.0s \(Proton's typical\); next check in 1\.\ds$/,
  );
  // Each poll that sees the deployment going on says so, and when the next one comes.
  expect(a.length).toBeGreaterThan(2);
  for (const line of a.slice(1))
    expect(line).toMatch(/: \w+, waiting for creation \(\d+\.\ds\); next check in (\d+ms|\d+\.\ds)$/);
  // The second expects what the first took, by Proton's timestamps.
  expect(b[0]).toMatch(
    /: waiting for creation, expected to take about 4\.\ds \(the last of its kind in this run\); next check in \d\.\ds$/,
  );
});
