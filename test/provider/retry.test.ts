import { expect } from "@jest/globals";
import { ListEnvironmentTemplatesCommand, ProtonClient } from "@aws-sdk/client-proton";
import { ProtonLocalControl, startProtonLocal, type ProtonLocal } from "../../emulator";
import { MAX_ATTEMPTS } from "../../provider/engine/client";
import { PerCallRetryStrategy } from "../../provider/engine/retry";

// Throttling that outlasts the SDK's client-wide retry capacity, against proton-local through the real SDK:
// 200 calls at once, the first 300 answers ThrottlingException (every call throttled once, half of them twice).

let local: ProtonLocal;
let control: ProtonLocalControl;
beforeAll(async () => {
  local = await startProtonLocal({});
  control = new ProtonLocalControl(local.endpoint);
});
afterAll(() => local.close());
afterEach(() => control.clearFaults());

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

test("every call of a burst rides out throttling with its own retries", async () => {
  const client = new ProtonClient({
    region: "us-east-1",
    endpoint: local.endpoint,
    credentials,
    retryStrategy: new PerCallRetryStrategy(MAX_ATTEMPTS),
  });
  expect(await throttledBurst(client)).toBe(0);
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
