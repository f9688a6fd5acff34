import type { FaultSpec } from "../../emulator";
import {
  envSpec,
  inventory,
  platformProgram,
  startE2E,
  NO_RESOURCES,
  countsOf,
  stateCounts,
  type E2E,
  type PlatformModel,
} from "./harness";

// Fault storms: the whole lifecycle of the reference stack — up, an update, refresh, destroy — while
// proton-local throttles half of all calls; then while it answers 5xx, resets connections and loses the
// answers of calls that ran; then while it adds latency. Each storm must converge with nothing duplicated
// and nothing left behind. The faults are seeded, so a storm hits the same calls run after run as long as
// the provider makes the same calls.

const STORMS: Record<string, FaultSpec[]> = {
  "50% throttled": [{ kind: "throttle", probability: 0.5 }],
  "20% 5xx and connection resets, 5% lost answers": [
    { kind: "internal", probability: 0.1 },
    { kind: "reset", probability: 0.1 },
    { kind: "lose-response", probability: 0.05 },
  ],
  "added latency": [
    { kind: "latency", probability: 0.5, latencyMs: 250 },
    { kind: "latency", probability: 0.2, latencyMs: 1000 },
  ],
};

const DECLARED = {
  ...NO_RESOURCES,
  templates: 2,
  versions: 2,
  environments: 2,
  services: 1,
  instances: 2,
  connections: 1,
};

const model: PlatformModel = {
  devSpec: envSpec("10.0.0.0/16"),
  prodSpec: envSpec("10.1.0.0/16"),
  serviceName: "web",
};
let e: E2E;
const report: Record<string, unknown>[] = [];

beforeAll(async () => {
  e = await startE2E("storms", platformProgram(model));
}, 120_000);
afterAll(async () => {
  if (report.length) console.table(report);
  await e?.close();
});

/**
 * Runs a lifecycle command until it succeeds, at most three times. A call can still exhaust the SDK's
 * retries under a seeded storm (12 attempts at 50% throttling fail once in 4096 calls); rerunning the
 * command is the promise being tested, so a rerun is allowed and counted in the report.
 */
async function converge<T extends { summary: { result?: string } }>(
  runs: string[],
  step: string,
  command: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await command();
      if (attempt > 1) runs.push(`${step} x${attempt}`);
      return result;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

/** The spec proton-local deployed to the dev environment. */
const devSpec = async () => (await e.control.state()).state.environments.dev?.spec;

describe.each(Object.entries(STORMS))("storm: %s", (storm, faults) => {
  test("up, update, refresh and destroy converge with nothing duplicated or left behind", async () => {
    model.devSpec = envSpec("10.0.0.0/16");
    await e.control.reset();
    const since = (await e.control.calls()).lastSeq;
    for (const fault of faults) await e.control.addFault(fault);

    const reruns: string[] = [];
    const up = await converge(reruns, "up", () => e.stack.up());
    expect(up.summary.result).toBe("succeeded");
    const deployed = await inventory(e.control);
    expect(countsOf(deployed)).toEqual(DECLARED);
    expect(deployed.connections).toEqual(["prod CONNECTED"]);
    expect(await devSpec()).toBe(model.devSpec);

    model.devSpec = envSpec("10.9.0.0/16", false);
    const update = await converge(reruns, "update", () => e.stack.up());
    expect(update.summary.result).toBe("succeeded");
    expect(await inventory(e.control)).toEqual(deployed);
    expect(await devSpec()).toBe(model.devSpec);

    const refresh = await converge(reruns, "refresh", () => e.stack.refresh());
    expect(refresh.summary.result).toBe("succeeded");
    expect(await inventory(e.control)).toEqual(deployed);
    expect(await devSpec()).toBe(model.devSpec);

    const destroy = await converge(reruns, "destroy", () => e.stack.destroy());
    expect(destroy.summary.result).toBe("succeeded");
    expect(await stateCounts(e.control)).toEqual(NO_RESOURCES);
    expect((await e.exportState(false)).deployment.resources ?? []).toEqual([]);

    const { calls } = await e.control.calls({ since });
    const hit = calls.filter((c) => c.fault);
    report.push({
      storm,
      calls: calls.length,
      "calls hit": hit.length,
      throttled: hit.filter((c) => c.error === "ThrottlingException").length,
      "5xx": hit.filter((c) => c.error === "InternalServerException").length,
      resets: hit.filter((c) => c.error === "ConnectionReset").length,
      "lost answers": hit.filter((c) => c.error === "ResponseLost").length,
      delayed: hit.filter((c) => c.delayMs).length,
      "commands rerun": reruns.join(", ") || "none",
    });
    expect(hit.length).toBeGreaterThan(0);
    await e.control.clearFaults();
  }, 900_000);
});
