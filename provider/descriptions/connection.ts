import * as P from "@aws-sdk/client-proton";
import { tagList } from "../engine/common-fields";
import type { EnvironmentAccountConnectionArgs } from "../resources/connection";
import type { ArgsOf, FieldOf, Inputs, ResourceDescription } from "../engine/description";
import { answered } from "../engine/errors";
import { createPastFailedAttempts } from "../engine/token";
import { hasUnknown, isoTime, shown } from "../engine/values";

// EnvironmentAccountConnection: requested from the environment account with a client token (so a
// retried create never makes a second connection); optionally accepted from the management side.

type Args = ArgsOf<EnvironmentAccountConnectionArgs>;

const ROLES = ["roleArn", "componentRoleArn", "codebuildRoleArn"] as const satisfies FieldOf<Args>[];

const createInput = (i: Inputs<Args>) => ({
  managementAccountId: i.managementAccountId,
  roleArn: i.roleArn,
  environmentName: i.environmentName,
  componentRoleArn: i.componentRoleArn,
  codebuildRoleArn: i.codebuildRoleArn,
});

const CANT_CLEAR = "UpdateEnvironmentAccountConnection takes a role ARN, never an empty one";

export const connection: ResourceDescription<Args, P.EnvironmentAccountConnection> = {
  type: "EnvironmentAccountConnection",
  label: "environment account connection",
  idempotency: "client-token",
  deleteKind: "sync",
  createOperation: "CreateEnvironmentAccountConnection",
  fields: {
    managementAccountId: { replace: true },
    environmentName: { replace: true },
    roleArn: { notClearable: CANT_CLEAR },
    componentRoleArn: { notClearable: CANT_CLEAR },
    codebuildRoleArn: { notClearable: CANT_CLEAR },
    accept: { same: (a, b) => Boolean(a) === Boolean(b) },
  },
  nameOf: (inputs, id) =>
    `${shown(inputs.environmentName)} -> ${shown(inputs.managementAccountId)}${id ? ` (${id})` : ""}`,
  check: (inputs) =>
    inputs.accept !== undefined && !hasUnknown(inputs.accept) && typeof inputs.accept !== "boolean"
      ? [{ property: "accept", reason: "accept must be true or false" }]
      : [],
  createInput,
  async create(ctx, inputs, token) {
    const connection = await createPastFailedAttempts(
      token,
      async (clientToken) =>
        answered(
          (
            await ctx.client.send(
              new P.CreateEnvironmentAccountConnectionCommand({
                ...createInput(inputs),
                tags: tagList(inputs.tags),
                clientToken,
              }),
            )
          ).environmentAccountConnection,
          ctx.what,
          "environmentAccountConnection",
        ),
      // A new connection starts PENDING: a rejected one is the connection being replaced.
      (answer) => (answer.status === "REJECTED" ? String(answer.id) : undefined),
    );
    return String(connection.id);
  },
  read: async (ctx, id) =>
    (await ctx.client.send(new P.GetEnvironmentAccountConnectionCommand({ id })))
      .environmentAccountConnection,
  health: () => ({ state: "stable" }),
  liveInputs: (live, prior) => ({
    managementAccountId: live.managementAccountId,
    environmentName: live.environmentName,
    roleArn: live.roleArn,
    componentRoleArn: live.componentRoleArn,
    codebuildRoleArn: live.codebuildRoleArn,
    accept:
      live.status === "CONNECTED"
        ? (prior.accept ?? undefined)
        : live.status === "PENDING"
          ? undefined
          : prior.accept,
  }),
  outputs: (live) => ({
    connectionId: live.id,
    arn: live.arn,
    status: live.status,
    environmentAccountId: live.environmentAccountId,
    requestedAt: isoTime(live.requestedAt),
    lastModifiedAt: isoTime(live.lastModifiedAt),
  }),
  needsReplacement: (olds) => (olds.status === "REJECTED" ? "status" : undefined),
  async update(ctx, id, _olds, news, changed) {
    const roles = ROLES.filter((f) => changed.includes(f) && news[f] !== undefined);
    if (roles.length)
      await ctx.client.send(
        new P.UpdateEnvironmentAccountConnectionCommand({
          id,
          ...Object.fromEntries(roles.map((f) => [f, news[f]])),
        }),
      );
  },
  async converge(ctx, id, inputs, live) {
    if (inputs.accept !== true || live.status !== "PENDING") return false;
    await ctx.client.send(new P.AcceptEnvironmentAccountConnectionCommand({ id }));
    return true;
  },
  async delete(ctx, id) {
    await ctx.client.send(new P.DeleteEnvironmentAccountConnectionCommand({ id }));
  },
};
