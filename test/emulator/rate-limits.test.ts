import { GetEnvironmentCommand, ListEnvironmentsCommand } from "@aws-sdk/client-proton";
import { Faults } from "../../emulator/control/faults";
import { expectError, makeClient, useHarness } from "./helpers";

// Per-operation request rates (POST /_proton-local/limits), like Proton's API quotas: over the rate a call
// is throttled before it runs, each operation has its own bucket, and the SDK's retries get through.

const h = useHarness({ seed: 11 });

afterEach(async () => {
  await h.control.clearLimits();
});

describe("rate limits in the control plane", () => {
  test("a burst above an operation's rate is throttled; other operations keep their own bucket", async () => {
    const limit = await h.control.addLimit({ operation: "ListEnvironments", tps: 2, burst: 3 });
    const client = makeClient(h.local.endpoint, { maxAttempts: 1 });
    const { lastSeq } = await h.control.calls();
    const answers = await Promise.allSettled(
      Array.from({ length: 6 }, () => client.send(new ListEnvironmentsCommand({}))),
    );
    expect(answers.filter((a) => a.status === "fulfilled")).toHaveLength(3);
    const calls = (await h.control.calls({ since: lastSeq, operation: "ListEnvironments" })).calls;
    expect(calls.filter((c) => c.error === "ThrottlingException")).toHaveLength(3);
    expect(calls.filter((c) => c.status === 429).every((c) => c.fault === `rate-limit#${limit.id}`)).toBe(
      true,
    );
    // GetEnvironment is not limited: not found, never throttled.
    await expectError(client.send(new GetEnvironmentCommand({ name: "nope" })), "ResourceNotFoundException");
    expect((await h.control.limits()).limits).toEqual([{ ...limit, throttled: 3 }]);
  });

  test('"*" gives every operation its own bucket, and the SDK retries past the throttling', async () => {
    await h.control.addLimit({ operation: "*", tps: 20 });
    // 25 calls at once need 250 ms of refill for the last 5 of each operation. Retries 50 ms apart (one
    // refill): the SDK client's shared retry capacity (500 tokens, 5 per throttled retry) lasts about
    // 100 retries, and retries 5 ms apart spent it before the last calls got through on a loaded machine.
    const client = makeClient(h.local.endpoint, { maxAttempts: 200, retryDelayMs: 50 });
    const lists = Array.from({ length: 25 }, () => client.send(new ListEnvironmentsCommand({})));
    const gets = Array.from({ length: 25 }, () =>
      expectError(client.send(new GetEnvironmentCommand({ name: "nope" })), "ResourceNotFoundException"),
    );
    await Promise.all([...lists, ...gets]);
    const [{ throttled }] = (await h.control.limits()).limits;
    expect(throttled).toBeGreaterThan(0);
  });

  test("bad limits are refused with the rule; DELETE /limits and /reset remove them", async () => {
    await expect(h.control.addLimit({ tps: 0 })).rejects.toThrow(/tps must be > 0/);
    await expect(h.control.addLimit({ tps: 1, burst: 0.5 })).rejects.toThrow(/burst must be >= 1/);
    await h.control.addLimit({ tps: 1 });
    await h.control.reset();
    expect((await h.control.limits()).limits).toEqual([]);
  });
});

describe("rate limit buckets", () => {
  test("refill at the rate: after a second, tps more calls pass", () => {
    let now = 0;
    const faults = new Faults(1, () => now);
    faults.addLimit({ operation: "GetService", tps: 4 });
    const verdicts = () => Array.from({ length: 6 }, () => faults.onRequest("GetService").action);
    expect(verdicts()).toEqual(["continue", "continue", "continue", "continue", "error", "error"]);
    now += 500;
    expect(verdicts()).toEqual(["continue", "continue", "error", "error", "error", "error"]);
    now += 1000;
    expect(verdicts().filter((a) => a === "continue")).toHaveLength(4);
    expect(faults.onRequest("ListServices").action).toBe("continue");
  });
});
