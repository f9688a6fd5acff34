import { RejectEnvironmentAccountConnectionCommand } from "@aws-sdk/client-proton";
import * as proton from "../../provider";
import { MANAGEMENT_ACCOUNT, opsByName, recorder, ROLE_ARN, startE2E, type E2E } from "./harness";
import { stateResources } from "./small-stack";

// An environment account connection rejected outside Pulumi: once a refresh records REJECTED, the next
// `up` replaces it with a new, accepted connection. The create of the replacement has the same inputs, so
// the same client token: it must not get the rejected connection back (and then delete it as "replaced").

let e: E2E;

beforeAll(async () => {
  e = await startE2E("rejected-connection", () => {
    new proton.EnvironmentAccountConnection("prod-connection", {
      managementAccountId: MANAGEMENT_ACCOUNT,
      environmentName: "prod",
      roleArn: ROLE_ARN,
      accept: true,
    });
  });
}, 120_000);
afterAll(async () => {
  await e?.close();
});

const connections = async () =>
  Object.values((await e.control.state()).state.connections)
    .map((c) => `${c.id} ${c.status}`)
    .sort();

test("a REJECTED connection is replaced by a new one on the next up", async () => {
  await e.stack.up({});
  const first = (await stateResources(e))["prod-connection"].id;
  await e.client.send(new RejectEnvironmentAccountConnectionCommand({ id: first }));
  await e.stack.refresh({});
  expect((await stateResources(e))["prod-connection"].outputs.status).toBe("REJECTED");

  await e.mark();
  const r = recorder();
  const result = await e.stack.up({ onEvent: r.onEvent, onOutput: r.onOutput });
  expect(result.summary.result).toBe("succeeded");
  expect(opsByName(r.run)).toEqual({
    "prod-connection": ["create-replacement", "replace", "delete-replaced"],
  });
  const replacement = (await stateResources(e))["prod-connection"];
  expect(replacement.id).not.toBe(first);
  expect(replacement.outputs).toMatchObject({ connectionId: replacement.id, status: "CONNECTED" });
  // The rejected connection is gone and exactly one new connection exists.
  expect(await connections()).toEqual([`${replacement.id} CONNECTED`]);
  const mutating = (await e.callsSinceMark()).filter((c) => c.mutating).map((c) => c.operation);
  expect(mutating).toEqual([
    "CreateEnvironmentAccountConnection", // answered with the rejected connection (same token)
    "CreateEnvironmentAccountConnection", // under a token derived from it: the new connection
    "AcceptEnvironmentAccountConnection",
    "DeleteEnvironmentAccountConnection",
  ]);

  const preview = await e.stack.preview({});
  expect(preview.changeSummary).toEqual({ same: 2 });
});
