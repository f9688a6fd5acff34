import type { Backend } from "./backend";
import { copyTags } from "./backend";
import { clientTokenCreate } from "./idempotency";
import { paginate } from "./pagination";
import { renderConnection } from "./render";
import type { ConnectionRecord } from "./state";
import type { Handlers } from "./wire";
import { conflict, notFound } from "../protocol/errors";

// Environment account connections. proton-local runs as one account, so it is both the environment
// account that requests a connection and the management account that accepts or rejects it.

function getConnection(b: Backend, id: string): ConnectionRecord {
  const c = b.state.connections[id];
  if (!c) throw notFound(`The environment account connection '${id}' does not exist`);
  return c;
}

const usedBy = (b: Backend, id: string) =>
  Object.values(b.state.environments).find((e) => e.environmentAccountConnectionId === id);

export const connectionOps = {
  CreateEnvironmentAccountConnection: (b, input) =>
    clientTokenCreate(
      b,
      "CreateEnvironmentAccountConnection",
      input,
      (id) => {
        const c = b.state.connections[id];
        return c && { environmentAccountConnection: renderConnection(c) };
      },
      () => {
        const open = Object.values(b.state.connections).find(
          (c) =>
            c.environmentName === input.environmentName &&
            c.managementAccountId === input.managementAccountId &&
            c.status !== "REJECTED",
        );
        if (open)
          throw conflict(
            `Environment '${input.environmentName}' already has connection '${open.id}' to account ${input.managementAccountId}`,
          );
        const id = b.uuid();
        const now = b.now();
        const c: ConnectionRecord = {
          id,
          arn: b.arn(`environment-account-connection/${id}`),
          managementAccountId: input.managementAccountId,
          environmentAccountId: b.options.accountId,
          roleArn: input.roleArn,
          environmentName: input.environmentName,
          requestedAt: now,
          lastModifiedAt: now,
          status: "PENDING",
          componentRoleArn: input.componentRoleArn,
          codebuildRoleArn: input.codebuildRoleArn,
          tags: copyTags(input.tags),
        };
        b.state.connections[id] = c;
        return { key: id, result: { environmentAccountConnection: renderConnection(c) } };
      },
    ),

  GetEnvironmentAccountConnection: (b, input) => ({
    environmentAccountConnection: renderConnection(getConnection(b, input.id)),
  }),

  UpdateEnvironmentAccountConnection: (b, input) => {
    const c = getConnection(b, input.id);
    for (const field of ["roleArn", "componentRoleArn", "codebuildRoleArn"] as const) {
      const value = input[field];
      if (value !== undefined) c[field] = value;
    }
    c.lastModifiedAt = b.now();
    return { environmentAccountConnection: renderConnection(c) };
  },

  DeleteEnvironmentAccountConnection: (b, input) => {
    const c = b.state.connections[input.id];
    if (!c) {
      if (b.state.tombstones[`connection/${input.id}`]) return {};
      throw notFound(`The environment account connection '${input.id}' does not exist`);
    }
    // Proton allows this even while an environment uses the connection: that environment then can't be
    // deployed until a new connection is accepted and attached to it.
    delete b.state.connections[c.id];
    b.state.tombstones[`connection/${c.id}`] = b.now();
    return { environmentAccountConnection: renderConnection(c) };
  },

  ListEnvironmentAccountConnections: (b, input) => {
    const mine = (c: ConnectionRecord) =>
      input.requestedBy === "MANAGEMENT_ACCOUNT"
        ? c.managementAccountId === b.options.accountId
        : c.environmentAccountId === b.options.accountId;
    const all = Object.values(b.state.connections)
      .filter(mine)
      .filter((c) => input.environmentName === undefined || c.environmentName === input.environmentName)
      .filter((c) => !input.statuses?.length || input.statuses.includes(c.status))
      // Stable sort: ties keep creation (insertion) order, never the random ids' order.
      .sort((x, y) => x.requestedAt - y.requestedAt);
    const { page, nextToken } = paginate("ListEnvironmentAccountConnections", all, input);
    return {
      environmentAccountConnections: page.map((c) => renderConnection(c, true)),
      ...(nextToken ? { nextToken } : {}),
    };
  },

  AcceptEnvironmentAccountConnection: (b, input) => {
    const c = getConnection(b, input.id);
    if (c.status === "REJECTED")
      throw conflict(`The environment account connection '${c.id}' was rejected and can't be accepted`);
    if (c.status !== "CONNECTED") {
      c.status = "CONNECTED";
      c.lastModifiedAt = b.now();
    }
    return { environmentAccountConnection: renderConnection(c) };
  },

  RejectEnvironmentAccountConnection: (b, input) => {
    const c = getConnection(b, input.id);
    const env = usedBy(b, c.id);
    if (env)
      throw conflict(
        `The environment account connection '${c.id}' is used by environment '${env.name}' and can't be rejected`,
      );
    if (c.status !== "REJECTED") {
      c.status = "REJECTED";
      c.lastModifiedAt = b.now();
    }
    return { environmentAccountConnection: renderConnection(c) };
  },
} satisfies Partial<Handlers>;
