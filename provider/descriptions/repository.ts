import * as P from "@aws-sdk/client-proton";
import { tagList } from "../engine/common-fields";
import type { ArgsOf, Inputs, ResourceDescription } from "../engine/description";
import { shown } from "../engine/values";
import type { RepositoryArgs } from "../resources/repository";

// Repository: a link from Proton to a Git repository, keyed by provider and name. There is no
// UpdateRepository, so every field but the tags replaces the link.

type Args = ArgsOf<RepositoryArgs>;

/** The resource id of a link: "GITHUB:owner/repo" (names hold one '/', never a ':'). */
const idOf = (i: Inputs<Args>) => `${String(i.provider)}:${String(i.name)}`;
const keyOf = (id: string) => {
  const at = id.indexOf(":");
  return { provider: id.slice(0, at) as P.RepositoryProvider, name: id.slice(at + 1) };
};

const createInput = (i: Inputs<Args>) => ({
  provider: i.provider,
  name: i.name,
  connectionArn: i.connectionArn,
  encryptionKey: i.encryptionKey,
});

export const repository: ResourceDescription<Args, P.Repository> = {
  type: "Repository",
  label: "repository",
  idempotency: "name-keyed",
  deleteKind: "sync",
  createOperation: "CreateRepository",
  fields: {
    provider: { replace: true },
    name: { replace: true },
    connectionArn: { replace: true },
    encryptionKey: { replace: true },
  },
  nameOf: (inputs) => `${shown(inputs.name)} (${shown(inputs.provider)})`,
  idFromInputs: idOf,
  createInput,
  async create(ctx, inputs) {
    await ctx.client.send(
      new P.CreateRepositoryCommand({ ...createInput(inputs), tags: tagList(inputs.tags) }),
    );
    return idOf(inputs);
  },
  read: async (ctx, id) => (await ctx.client.send(new P.GetRepositoryCommand(keyOf(id)))).repository,
  health: () => ({ state: "stable" }),
  liveInputs: (live) => ({
    provider: live.provider,
    name: live.name,
    connectionArn: live.connectionArn,
    encryptionKey: live.encryptionKey,
  }),
  outputs: (live) => ({ arn: live.arn }),
  async update() {
    // Only tags change in place; the engine applies them.
  },
  async delete(ctx, id) {
    await ctx.client.send(new P.DeleteRepositoryCommand(keyOf(id)));
  },
  // What holds a link — sync configurations, account settings, self-managed environments — goes away at
  // once, except environments, which are deleted asynchronously: while none is, the link stays held.
  async whyConflictStays(ctx) {
    for await (const page of P.paginateListEnvironments({ client: ctx.client, pageSize: 100 }, {}))
      if ((page.environments ?? []).some((e) => e.deploymentStatus === "DELETE_IN_PROGRESS"))
        return undefined;
    return (
      "nothing that uses it is going away: point those users at another repository (or remove them) in an " +
      "earlier `up`, then change or remove the link"
    );
  },
};
