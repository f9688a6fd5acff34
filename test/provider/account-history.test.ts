import { expect } from "@jest/globals";
import { ListDeploymentsCommand, ProtonClient } from "@aws-sdk/client-proton";
import { accountHistory } from "../../provider/engine/account-history";
import { environmentInputs, startHarness, type ProviderHarness } from "./harness";

// The account's deployment history as the expectation of a first deployment, against proton-local's
// ListDeployments through the real SDK.

let h: ProviderHarness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());
afterEach(() => h.control.clearFaults());

const environment = async () => h.create("Environment", (await environmentInputs(h)).inputs);

/** A client of its own: the history is read once per client. */
const freshClient = () =>
  new ProtonClient({
    region: "us-east-1",
    endpoint: h.local.endpoint,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });

test("only a deployment with nothing but the typical duration to go on reads the history, once per process", async () => {
  await h.mark();
  await environment();
  expect((await h.counts()).ListDeployments).toEqual({ total: 1, ok: 1, failed: 0 });
  // The second environment expects what the first took in this process: no history read.
  await environment();
  expect((await h.counts()).ListDeployments).toEqual({ total: 1, ok: 1, failed: 0 });
});

test("the median of the account's succeeded deployments is the expectation of that kind of target", async () => {
  await environment();
  const client = freshClient();
  try {
    const { deployments = [] } = await client.send(new ListDeploymentsCommand({}));
    const took = deployments
      .filter((d) => d.targetResourceType === "ENVIRONMENT" && d.deploymentStatus === "SUCCEEDED")
      .map((d) => d.completedAt!.getTime() - d.createdAt!.getTime())
      .sort((a, b) => a - b);
    expect(took.length).toBeGreaterThanOrEqual(3);
    const median = took[Math.floor(took.length / 2)];
    const history = await accountHistory(client);
    expect(history).toEqual({ "Environment:create": median, "Environment:update": median });
    // Read once per client: a second ask is answered from the first read.
    await h.mark();
    expect(await accountHistory(client)).toBe(history);
    expect((await h.counts()).ListDeployments).toBeUndefined();
  } finally {
    client.destroy();
  }
});

test("a refused history read is no history, not a failure", async () => {
  await h.control.addFault({
    kind: "error",
    operation: "ListDeployments",
    errorType: "AccessDeniedException",
  });
  const client = freshClient();
  try {
    expect(await accountHistory(client)).toEqual({});
  } finally {
    client.destroy();
  }
});
