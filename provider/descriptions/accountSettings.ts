import * as P from "@aws-sdk/client-proton";
import { deepEqual } from "../../common/model";
import { isMap } from "../../common/spec";
import type { ArgsOf, Ctx, Failure, Inputs, ResourceDescription } from "../engine/description";
import { isNotFound } from "../engine/errors";
import { progress } from "../engine/log";
import { hasUnknown } from "../engine/values";
import type { AccountSettingsArgs, AccountSettingsPrior } from "../resources/accountSettings";

// AccountSettings: Proton keeps one per account and region, so it is a singleton: create records the
// settings it finds (`prior`) and applies the program's, update puts the changed settings, delete puts back
// the prior value of every setting the stack manages. UpdateAccountSettings is a put, so every call is
// safe to repeat. A setting the program leaves out is never touched.
//
// Why a setting that already holds the declared value is taken over as the stack's own (prior: not set):
// a create retried after a run killed between UpdateAccountSettings and the checkpoint finds the stack's
// own value, and nothing in Proton tells it apart from a value set before. Recording it as prior would make
// destroy keep what the stack set (and keep its repository link in use); taking it over matches
// name-keyed resources, where an identical existing resource is taken over and deleted by destroy.

type Args = ArgsOf<AccountSettingsArgs>;
type Settings = AccountSettingsPrior;
type Setting = keyof Settings;
/** GetAccountSettings' answer plus the prior settings the stored state carries. */
type Live = Settings & { repositoryArn?: string; prior?: Settings; arn?: string };

const SETTINGS = [
  "pipelineServiceRoleArn",
  "pipelineProvisioningRepository",
  "pipelineCodebuildRoleArn",
] as const satisfies Setting[];
const ROLES = ["pipelineServiceRoleArn", "pipelineCodebuildRoleArn"] as const satisfies Setting[];

/** Proton reports a cleared role as "" (RoleArnOrEmptyString): not set. */
const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The settings in `v` (inputs, stored outputs or an API answer), normalised; unset ones absent. */
function settingsIn(v: unknown): Settings {
  if (!isMap(v)) return {};
  const repo = v.pipelineProvisioningRepository;
  return {
    pipelineServiceRoleArn: text(v.pipelineServiceRoleArn),
    pipelineCodebuildRoleArn: text(v.pipelineCodebuildRoleArn),
    pipelineProvisioningRepository:
      isMap(repo) && text(repo.name) !== undefined
        ? { provider: String(repo.provider), name: String(repo.name), branch: String(repo.branch) }
        : undefined,
  };
}

/** The settings the program (or a stored state) manages. */
const managedIn = (v: Settings): Setting[] => SETTINGS.filter((s) => v[s] !== undefined);

/** UpdateAccountSettings putting `settings` for `which`: a value absent there is cleared. */
function putInput(settings: Settings, which: Setting[]): P.UpdateAccountSettingsInput {
  const input: P.UpdateAccountSettingsInput = {};
  for (const role of ROLES) if (which.includes(role)) input[role] = settings[role] ?? "";
  if (which.includes("pipelineProvisioningRepository")) {
    const repo = settings.pipelineProvisioningRepository;
    if (repo)
      input.pipelineProvisioningRepository = { ...repo, provider: repo.provider as P.RepositoryProvider };
    else input.deletePipelineProvisioningRepository = true;
  }
  return input;
}

async function current(ctx: Ctx<Live>): Promise<Live> {
  try {
    const found = (await ctx.client.send(new P.GetAccountSettingsCommand({}))).accountSettings;
    return { ...settingsIn(found), repositoryArn: text(found?.pipelineProvisioningRepository?.arn) };
  } catch (e) {
    // Proton lists ResourceNotFoundException for it: an account never configured has nothing set.
    if (isNotFound(e)) return {};
    throw e;
  }
}

/** A prior repository that is no longer linked can't be put back (UpdateAccountSettings refuses it). */
async function stillLinked(ctx: Ctx<Live>, repo: Settings["pipelineProvisioningRepository"]) {
  if (!repo) return true;
  try {
    const key = { provider: repo.provider as P.RepositoryProvider, name: repo.name };
    return (await ctx.client.send(new P.GetRepositoryCommand(key))).repository !== undefined;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

/** Account settings take no tags, and a role is set to an ARN: clearing is what leaving it out does. */
function check(inputs: Inputs<Args>): Failure[] {
  const failures: Failure[] = [];
  if (inputs.tags != null)
    failures.push({
      property: "tags",
      reason: "tags are not supported (Proton does not tag account settings)",
    });
  for (const role of ROLES)
    if (inputs[role] === "")
      failures.push({
        property: role,
        reason: `${role} must be a role ARN; leave it out to leave the setting as it is`,
      });
  return failures;
}

export const accountSettings: ResourceDescription<Args, Live> = {
  type: "AccountSettings",
  label: "account settings",
  idempotency: "singleton",
  deleteKind: "sync",
  createOperation: "UpdateAccountSettings",
  fields: {
    pipelineServiceRoleArn: {},
    pipelineProvisioningRepository: {},
    pipelineCodebuildRoleArn: {},
  },
  // One per region: the region names it (the account is the credentials').
  nameOf: (inputs, id) =>
    id ??
    (typeof inputs.region === "string" && !hasUnknown(inputs.region) ? inputs.region : "(default region)"),
  check,
  createInput: (i) => ({
    pipelineServiceRoleArn: i.pipelineServiceRoleArn,
    pipelineProvisioningRepository: i.pipelineProvisioningRepository,
    pipelineCodebuildRoleArn: i.pipelineCodebuildRoleArn,
  }),
  async takeOver(ctx, inputs) {
    const found = await current(ctx);
    const declared = settingsIn(inputs);
    const own = managedIn(declared).filter((s) => deepEqual(found[s], declared[s]));
    const prior: Settings = settingsIn(found);
    for (const s of own) delete prior[s];
    if (own.length)
      progress(`${ctx.what}: ${own.join(", ")} already as declared; taken over (destroy clears them)`, {
        lasting: true,
      });
    return { id: ctx.target.region, kept: { prior } };
  },
  async create(ctx, stored) {
    const declared = settingsIn(stored);
    const managed = managedIn(declared);
    if (managed.length)
      await ctx.client.send(new P.UpdateAccountSettingsCommand(putInput(declared, managed)));
  },
  read: async (ctx, _id, stored) => ({ ...(await current(ctx)), prior: settingsIn(stored?.prior) }),
  health: () => ({ state: "stable" }),
  // Only the settings the stack manages are its inputs: the others are not the program's.
  liveInputs: (live, stored) => {
    const managed = managedIn(settingsIn(stored));
    return Object.fromEntries(SETTINGS.map((s) => [s, managed.includes(s) ? live[s] : undefined]));
  },
  outputs: (live) => ({
    prior: live.prior ?? {},
    pipelineProvisioningRepositoryArn: live.repositoryArn,
  }),
  async update(ctx, _id, olds, news, changed) {
    // A setting the program no longer declares goes back to its prior value.
    const prior = settingsIn(olds.prior);
    const declared = settingsIn(news);
    const wanted: Settings = {
      pipelineServiceRoleArn: declared.pipelineServiceRoleArn ?? prior.pipelineServiceRoleArn,
      pipelineProvisioningRepository:
        declared.pipelineProvisioningRepository ?? prior.pipelineProvisioningRepository,
      pipelineCodebuildRoleArn: declared.pipelineCodebuildRoleArn ?? prior.pipelineCodebuildRoleArn,
    };
    await ctx.client.send(new P.UpdateAccountSettingsCommand(putInput(wanted, changed)));
  },
  async delete(ctx, _id, olds) {
    const managed = managedIn(settingsIn(olds));
    if (!managed.length) return;
    const prior = settingsIn(olds.prior);
    if (
      managed.includes("pipelineProvisioningRepository") &&
      !(await stillLinked(ctx, prior.pipelineProvisioningRepository))
    ) {
      progress(
        `${ctx.what}: the prior pipelineProvisioningRepository ${prior.pipelineProvisioningRepository?.name} ` +
          "is no longer linked to Proton, so it is removed instead of put back",
        { lasting: true },
      );
      delete prior.pipelineProvisioningRepository;
    }
    await ctx.client.send(new P.UpdateAccountSettingsCommand(putInput(prior, managed)));
  },
};
