import { expect } from "@jest/globals";
import {
  CreateEnvironmentTemplateCommand,
  ListEnvironmentTemplatesCommand,
  ProtonClient,
} from "@aws-sdk/client-proton";
import { ProtonLocalControl, startProtonLocal, type ProtonLocal } from "../../emulator";
import { MAX_ATTEMPTS, protonClient } from "../../provider/engine/client";
import { PerCallRetryStrategy } from "../../provider/engine/retry";

// Throttling against proton-local through the real SDK: 200 calls at once whose first 300 answers are
// ThrottlingException (every call throttled once, half of them twice) outlast the SDK's client-wide retry
// capacity; a burst of writes under a request-rate quota is paced by the provider's request budget.

let local: ProtonLocal;
let control: ProtonLocalControl;
beforeAll(async () => {
  local = await startProtonLocal({});
  control = new ProtonLocalControl(local.endpoint);
});
afterAll(() => local.close());
afterEach(async () => {
  await control.clearFaults();
  await control.clearLimits();
});

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

/** How many of 200 simultaneous calls fail once the first 300 answers are throttled. */
async function throttledBurst(client: ProtonClient): Promise<number> {
  await control.addFault({ kind: "throttle", operation: "ListEnvironmentTemplates", count: 300 });
  const outcomes = await Promise.allSettled(
    Array.from({ length: 200 }, () => client.send(new ListEnvironmentTemplatesCommand({}))),
  );
  client.destroy();
  return outcomes.filter((o) => o.status === "rejected").length;
}

/** A client with the provider's retry strategy and no request budget. */
const perCallRetries = () =>
  new ProtonClient({
    region: "us-east-1",
    endpoint: local.endpoint,
    credentials,
    retryStrategy: new PerCallRetryStrategy(MAX_ATTEMPTS),
  });

test("every call of a burst rides out throttling with its own retries", async () => {
  expect(await throttledBurst(perCallRetries())).toBe(0);
});

test("the SDK's standard mode, whose retry capacity the whole client shares, fails part of the same burst", async () => {
  const client = new ProtonClient({
    region: "us-east-1",
    endpoint: local.endpoint,
    credentials,
    retryMode: "standard",
    maxAttempts: MAX_ATTEMPTS,
  });
  expect(await throttledBurst(client)).toBeGreaterThan(0);
});

/** 24 templates created at once under a quota of 10 calls per second; how many calls proton-local throttled. */
async function createBurst(client: ProtonClient, prefix: string): Promise<number> {
  await control.addLimit({ operation: "CreateEnvironmentTemplate", tps: 10 });
  const since = (await control.calls()).lastSeq;
  await Promise.all(
    Array.from({ length: 24 }, (_, i) =>
      client.send(new CreateEnvironmentTemplateCommand({ name: `${prefix}-${i}` })),
    ),
  );
  const { counts } = await control.calls({ since, operation: "CreateEnvironmentTemplate" });
  expect(counts.CreateEnvironmentTemplate.ok).toBe(24);
  return counts.CreateEnvironmentTemplate.failed;
}

test("the provider's client paces a burst of writes below the quota: nothing is throttled", async () => {
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" });
  // 8 writes per second per operation by default (request-budget.ts).
  expect(await createBurst(protonClient({ region: "us-east-1", endpoint: local.endpoint }), "paced")).toBe(0);
});

test("the same burst from a client without the budget is throttled and retried", async () => {
  const client = perCallRetries();
  try {
    expect(await createBurst(client, "unpaced")).toBeGreaterThan(0);
  } finally {
    client.destroy();
  }
});

test("a throttled call's retry goes before the first attempts still queued in the budget", async () => {
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" });
  const client = protonClient({ region: "us-east-1", endpoint: local.endpoint });
  // 40 writes at once at 8 a second: the last first attempts wait 4 s. The first call is throttled once.
  await control.addFault({ kind: "throttle", operation: "CreateEnvironmentTemplate", count: 1 });
  const since = (await control.calls()).lastSeq;
  await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      client.send(new CreateEnvironmentTemplateCommand({ name: `queued-${i}` })),
    ),
  );
  const { calls } = await control.calls({ since, operation: "CreateEnvironmentTemplate" });
  const throttled = calls.find((c) => c.error === "ThrottlingException")!;
  const retried = calls.find((c) => !c.error && c.target?.name === throttled.target?.name)!;
  const after = calls.filter((c) => !c.error && c.seq > retried.seq);
  // Sent back to the end of the queue, it would be last but for the calls after its backoff (up to 1 s).
  expect(retried).toBeDefined();
  expect(after.length).toBeGreaterThanOrEqual(20);
  expect(calls.filter((c) => !c.error)).toHaveLength(40);
});
