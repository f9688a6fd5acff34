import {
  AcceptEnvironmentAccountConnectionCommand,
  CreateEnvironmentAccountConnectionCommand,
  CreateEnvironmentCommand,
  DeleteEnvironmentAccountConnectionCommand,
  GetEnvironmentAccountConnectionCommand,
  GetEnvironmentCommand,
  ListEnvironmentAccountConnectionsCommand,
  RejectEnvironmentAccountConnectionCommand,
  UpdateEnvironmentAccountConnectionCommand,
  UpdateEnvironmentCommand,
} from "@aws-sdk/client-proton";
import { randomUUID } from "node:crypto";
import { ACCOUNT_ID, ROLE_ARN, envSpec, envTemplate, expectError, uniq, useHarness } from "./helpers";

// proton-local is a single account: it is both the environment account that requests a connection
// and the management account that accepts or rejects it.

const h = useHarness();

async function connect(environmentName = uniq("remote")) {
  const { environmentAccountConnection: c } = await h.client.send(
    new CreateEnvironmentAccountConnectionCommand({
      environmentName,
      managementAccountId: ACCOUNT_ID,
      roleArn: ROLE_ARN,
    }),
  );
  return c!;
}

const createEnv = (name: string, templateName: string, environmentAccountConnectionId: string) =>
  h.client.send(
    new CreateEnvironmentCommand({
      name,
      templateName,
      templateMajorVersion: "1",
      spec: envSpec(),
      environmentAccountConnectionId,
    }),
  );

describe("environment account connections", () => {
  test("PENDING -> CONNECTED on accept", async () => {
    const c = await connect();
    expect(c).toMatchObject({
      status: "PENDING",
      managementAccountId: ACCOUNT_ID,
      environmentAccountId: ACCOUNT_ID,
      roleArn: ROLE_ARN,
    });
    expect(c.arn).toBe(`arn:aws:proton:us-east-1:${ACCOUNT_ID}:environment-account-connection/${c.id}`);
    const { environmentAccountConnection: accepted } = await h.client.send(
      new AcceptEnvironmentAccountConnectionCommand({ id: c.id }),
    );
    expect(accepted!.status).toBe("CONNECTED");
    const { environmentAccountConnection: got } = await h.client.send(
      new GetEnvironmentAccountConnectionCommand({ id: c.id }),
    );
    expect(got!.status).toBe("CONNECTED");
  });

  test("PENDING -> REJECTED on reject, and a rejected connection can't be accepted", async () => {
    const c = await connect();
    const { environmentAccountConnection: rejected } = await h.client.send(
      new RejectEnvironmentAccountConnectionCommand({ id: c.id }),
    );
    expect(rejected!.status).toBe("REJECTED");
    await expectError(
      h.client.send(new AcceptEnvironmentAccountConnectionCommand({ id: c.id })),
      "ConflictException",
      /rejected/,
    );
  });

  test("accept and reject are idempotent", async () => {
    const c = await connect();
    await h.client.send(new AcceptEnvironmentAccountConnectionCommand({ id: c.id }));
    const again = await h.client.send(new AcceptEnvironmentAccountConnectionCommand({ id: c.id }));
    expect(again.environmentAccountConnection!.status).toBe("CONNECTED");
    await h.client.send(new RejectEnvironmentAccountConnectionCommand({ id: c.id }));
    const twice = await h.client.send(new RejectEnvironmentAccountConnectionCommand({ id: c.id }));
    expect(twice.environmentAccountConnection!.status).toBe("REJECTED");
  });

  test("UpdateEnvironmentAccountConnection changes the roles", async () => {
    const c = await connect();
    const componentRoleArn = `arn:aws:iam::${ACCOUNT_ID}:role/Components`;
    const { environmentAccountConnection: u } = await h.client.send(
      new UpdateEnvironmentAccountConnectionCommand({ id: c.id, componentRoleArn }),
    );
    expect(u).toMatchObject({ componentRoleArn, roleArn: ROLE_ARN });
  });

  test("a second open connection for the same environment is ConflictException", async () => {
    const name = uniq("remote");
    await connect(name);
    await expectError(connect(name), "ConflictException", /already has connection/);
  });

  test("ListEnvironmentAccountConnections filters by environment and status", async () => {
    const name = uniq("remote");
    const rejected = await connect(name);
    await h.client.send(new RejectEnvironmentAccountConnectionCommand({ id: rejected.id }));
    const pending = await connect(name);
    const list = (statuses?: ("PENDING" | "CONNECTED" | "REJECTED")[]) =>
      h.client.send(
        new ListEnvironmentAccountConnectionsCommand({
          requestedBy: "MANAGEMENT_ACCOUNT",
          environmentName: name,
          statuses,
        }),
      );
    expect((await list()).environmentAccountConnections!.map((c) => c.id)).toEqual([rejected.id, pending.id]);
    expect((await list(["PENDING"])).environmentAccountConnections!.map((c) => c.id)).toEqual([pending.id]);
  });

  test("an unknown connection is ResourceNotFoundException", async () => {
    await expectError(
      h.client.send(new GetEnvironmentAccountConnectionCommand({ id: randomUUID() })),
      "ResourceNotFoundException",
    );
  });
});

/** A deployed environment on an accepted connection. */
async function deployedOnConnection() {
  const et = await envTemplate(h);
  const name = uniq("env");
  const c = await connect(name);
  await h.client.send(new AcceptEnvironmentAccountConnectionCommand({ id: c.id }));
  await createEnv(name, et, c.id!);
  await h.settle();
  return { et, name, c };
}

describe("environments on a connection", () => {
  test("an environment can use a CONNECTED connection, which then can't be rejected", async () => {
    const et = await envTemplate(h);
    const name = uniq("env");
    const c = await connect(name);
    await expectError(createEnv(name, et, c.id!), "ValidationException", /is PENDING, not CONNECTED/);
    await h.client.send(new AcceptEnvironmentAccountConnectionCommand({ id: c.id }));
    const { environment } = await createEnv(name, et, c.id!);
    expect(environment).toMatchObject({
      environmentAccountConnectionId: c.id,
      environmentAccountId: ACCOUNT_ID,
    });
    await expectError(
      h.client.send(new RejectEnvironmentAccountConnectionCommand({ id: c.id })),
      "ConflictException",
      /used by environment/,
    );
  });

  test("an environment on a connection takes its role from it: UpdateEnvironment refuses protonServiceRoleArn", async () => {
    const { name, c } = await deployedOnConnection();
    // "If the environment is associated with an environment account connection, don't update or include
    // the protonServiceRoleArn and provisioningRepository parameter" (UpdateEnvironment).
    await expectError(
      h.client.send(
        new UpdateEnvironmentCommand({ name, deploymentType: "NONE", protonServiceRoleArn: ROLE_ARN }),
      ),
      "ValidationException",
      new RegExp(`uses environment account connection '${c.id}'.*protonServiceRoleArn can't be set`),
    );
    const { environment } = await h.client.send(new GetEnvironmentCommand({ name }));
    expect(environment).not.toHaveProperty("protonServiceRoleArn");
  });

  test("a connection in use can be deleted; the environment then can't deploy until a new one is attached", async () => {
    const { name, c } = await deployedOnConnection();
    const { environmentAccountConnection: deleted } = await h.client.send(
      new DeleteEnvironmentAccountConnectionCommand({ id: c.id }),
    );
    expect(deleted!.id).toBe(c.id);
    await expectError(
      h.client.send(new UpdateEnvironmentCommand({ name, deploymentType: "CURRENT_VERSION" })),
      "ValidationException",
      /was deleted; accept a new connection/,
    );
    const next = await connect(name);
    await h.client.send(new AcceptEnvironmentAccountConnectionCommand({ id: next.id }));
    const { environment } = await h.client.send(
      new UpdateEnvironmentCommand({
        name,
        deploymentType: "CURRENT_VERSION",
        environmentAccountConnectionId: next.id,
      }),
    );
    expect(environment).toMatchObject({
      deploymentStatus: "IN_PROGRESS",
      environmentAccountConnectionId: next.id,
    });
  });

  test("a connection is for one environment name", async () => {
    const et = await envTemplate(h);
    const c = await connect(uniq("remote"));
    await h.client.send(new AcceptEnvironmentAccountConnectionCommand({ id: c.id }));
    await expectError(createEnv(uniq("env"), et, c.id!), "ValidationException", /is for environment/);
  });
});
