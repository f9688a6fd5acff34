import {
  ListEnvironmentAccountConnectionsCommand,
  RejectEnvironmentAccountConnectionCommand,
} from "@aws-sdk/client-proton";
import { ROLE_ARN, startHarness, unique, type ProviderHarness } from "./harness";

let h: ProviderHarness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());

const inputs = (environmentName: string, extra: Record<string, unknown> = {}) => ({
  managementAccountId: "111122223333",
  environmentName,
  roleArn: ROLE_ARN,
  logicalId: `p/s/conn-${environmentName}`,
  ...extra,
});

test("create with accept connects; a retried create returns the same connection", async () => {
  const env = unique("env");
  const first = await h.create("EnvironmentAccountConnection", inputs(env, { accept: true }));
  expect(first.outs).toMatchObject({ status: "CONNECTED", connectionId: first.id });
  const retry = await h.create("EnvironmentAccountConnection", inputs(env, { accept: true }));
  expect(retry.id).toBe(first.id);
  const all = await h.client.send(
    new ListEnvironmentAccountConnectionsCommand({
      requestedBy: "ENVIRONMENT_ACCOUNT",
      environmentName: env,
    }),
  );
  expect(all.environmentAccountConnections).toHaveLength(1);
});

test("roles update in place; the account and environment replace", async () => {
  const env = unique("env");
  const { id, outs } = await h.create("EnvironmentAccountConnection", inputs(env));
  const newRole = "arn:aws:iam::000000000000:role/Other";
  expect(await h.diff("EnvironmentAccountConnection", outs, inputs(env, { roleArn: newRole }))).toMatchObject(
    { changes: true, replaces: [] },
  );
  const { outs: updated } = (await h
    .provider("EnvironmentAccountConnection")
    .update(id, outs, inputs(env, { roleArn: newRole }))) as {
    outs: Record<string, unknown>;
  };
  expect(updated.roleArn).toBe(newRole);
  expect((await h.diff("EnvironmentAccountConnection", outs, inputs("x"))).replaces).toEqual([
    "environmentName",
  ]);
});

test("a connection rejected out of band is replaced on the next up", async () => {
  const env = unique("env");
  const { id, outs } = await h.create("EnvironmentAccountConnection", inputs(env));
  await h.client.send(new RejectEnvironmentAccountConnectionCommand({ id }));
  const refreshed = await h.provider("EnvironmentAccountConnection").read(id, outs);
  expect(refreshed.props?.status).toBe("REJECTED");
  expect(await h.diff("EnvironmentAccountConnection", refreshed.props!, inputs(env))).toMatchObject({
    replaces: ["status"],
  });
});

test("`pulumi up --replace` answered with the connection itself leaves it in place", async () => {
  const env = unique("env");
  const declared = inputs(env, { accept: true });
  const old = await h.create("EnvironmentAccountConnection", declared);
  // A --replace target's create, in a later `up`, is a first create's: Proton answers the token with the
  // connection itself.
  await new Promise((r) => setTimeout(r, 1100));
  const replacement = await h.create("EnvironmentAccountConnection", declared);
  expect(replacement.id).toBe(old.id);
  await h.provider("EnvironmentAccountConnection").delete(old.id, old.outs);
  const all = await h.client.send(
    new ListEnvironmentAccountConnectionsCommand({
      requestedBy: "ENVIRONMENT_ACCOUNT",
      environmentName: env,
    }),
  );
  expect(all.environmentAccountConnections).toEqual([
    expect.objectContaining({ id: old.id, status: "CONNECTED" }),
  ]);
});
