import type { CallRecord } from "../../emulator";
import { BUCKET, ROLE_ARN, startHarness, unique, type ProviderHarness } from "./harness";

// A client-token create whose answer never reached the state (the CLI died, the answer was lost) is
// retried by the next `up` with the same inputs, so with the same token. Proton honours the token for
// 8 hours after the first request: a retry inside that window gets the original resource back, a later
// one is a new request. The first attempt's answer is "lost" here by calling create twice, exactly as the
// engine would, and keeping only the second answer.

let h: ProviderHarness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());

const VERSION = "EnvironmentTemplateVersion";
const CONNECTION = "EnvironmentAccountConnection";

async function versionInputs(tags?: Record<string, string>) {
  const templateName = unique("expiry");
  await h.create("EnvironmentTemplate", { name: templateName, logicalId: `p/s/${templateName}` });
  return {
    templateName,
    source: { s3: { bucket: BUCKET, key: "env-vpc/v1" } },
    description: "first attempt",
    logicalId: `p/s/${templateName}-v1`,
    ...(tags ? { tags } : {}),
  };
}

const versionsOf = async (templateName: string) =>
  Object.values((await h.control.state()).state.versions)
    .filter((v) => v.templateName === templateName)
    .map((v) => `${v.major}.${v.minor}`)
    .sort();

async function createCalls(operation: string): Promise<CallRecord[]> {
  return (await h.control.calls({ operation })).calls;
}

test("a version create retried within 8 hours gets the original; 9 hours after the first request, a second version", async () => {
  const inputs = await versionInputs();
  const before = (await createCalls("CreateEnvironmentTemplateVersion")).length;
  const first = await h.create(VERSION, inputs);
  expect(first.id).toBe(`${inputs.templateName}:1.0`);

  await h.control.advanceClock("7h");
  const retried = await h.create(VERSION, inputs);
  expect(retried.id).toBe(first.id);
  expect(await versionsOf(inputs.templateName)).toEqual(["1.0"]);

  // 2 more hours: 9 since the first request, only 2 since the last retry. The window counts from the first.
  await h.control.advanceClock("2h");
  const late = await h.create(VERSION, inputs);
  expect(late.id).toBe(`${inputs.templateName}:2.0`);
  expect(await versionsOf(inputs.templateName)).toEqual(["1.0", "2.0"]);

  const calls = (await createCalls("CreateEnvironmentTemplateVersion")).slice(before);
  expect(calls.map((c) => c.status)).toEqual([200, 200, 200]);
  expect(new Set(calls.map((c) => c.target?.clientToken)).size).toBe(1);
});

test("a connection create retried within 8 hours gets the original; after, Proton refuses a second one", async () => {
  const environmentName = unique("expiry-env");
  const inputs = {
    managementAccountId: "111122223333",
    environmentName,
    roleArn: ROLE_ARN,
    logicalId: `p/s/${environmentName}-connection`,
  };
  const first = await h.create(CONNECTION, inputs);
  await h.control.advanceClock("7h");
  expect((await h.create(CONNECTION, inputs)).id).toBe(first.id);

  await h.control.advanceClock("2h");
  await expect(h.create(CONNECTION, inputs)).rejects.toThrow(
    `environment account connection '${environmentName} -> 111122223333': could not create it: ` +
      `ConflictException: Environment '${environmentName}' already has connection '${first.id}'`,
  );
  const connections = Object.values((await h.control.state()).state.connections).filter(
    (c) => c.environmentName === environmentName,
  );
  expect(connections.map((c) => c.id)).toEqual([first.id]);
});

test("within 8 hours, a retry with other tags is another request (its own token), not a parameter mismatch", async () => {
  const inputs = await versionInputs({ team: "platform" });
  const first = await h.create(VERSION, inputs);
  const retagged = await h.create(VERSION, { ...inputs, tags: { team: "payments" } });
  expect(retagged.id).not.toBe(first.id);
  const tokens = (await createCalls("CreateEnvironmentTemplateVersion")).slice(-2);
  expect(tokens.map((c) => c.status)).toEqual([200, 200]);
  expect(tokens[0].target?.clientToken).not.toBe(tokens[1].target?.clientToken);
  // The same tags again: the first token, so the first version.
  expect((await h.create(VERSION, inputs)).id).toBe(first.id);
});
