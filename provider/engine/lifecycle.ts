import {
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type ProtonClient,
} from "@aws-sdk/client-proton";
import type * as pulumi from "@pulumi/pulumi";
import { parseDuration } from "../../common/duration";
import { deepEqual, OPERATION_INPUTS, violations } from "../../common/model";
import { protonClient, resolveTarget, type Target } from "./client";
import {
  COMMON_FIELDS,
  NAME_KEYED_FIELDS,
  OWNER_TAG,
  ownerOf,
  tagList,
  tagMap,
  timeoutFor,
  type Operation,
} from "./common-fields";
import type {
  CommonInputs,
  Ctx,
  FieldOf,
  FieldRule,
  Inputs,
  ResourceDescription,
  SingletonDescription,
  Stored,
  Tagged,
} from "./description";
import { describeAwsError, failureMessage, isConflict, isNotFound, PartialFailure } from "./errors";
import { isMap } from "../../common/spec";
import { progress } from "./log";
import { nameLookups } from "./name-lookups";
import { promised } from "./promised";
import { schemaOfAnotherVersion } from "../spec/check";
import { deletingNow } from "./in-flight";
import { clientToken } from "./token";
import { cleanJson, hasUnknown } from "./values";
import { settingProblems } from "./settings";
import { WaitFailed, waitFor, WaitTimeout, type Settled, type WaitPlan } from "./wait";

// The generic lifecycle engine: check, diff, create, read, update and delete for any resource that
// has a ResourceDescription. Everything resource-specific lives in the descriptions.

/** Seconds each operation of this resource last took, by operation: the expectation for its next run. */
type ObservedSeconds = Partial<Record<Operation, number>>;
const OBSERVED = "observedSeconds";

/** The dynamic-provider methods (pulumi.dynamic.ResourceProvider), typed with the resource's inputs and state. */
export interface Provider<In, State> {
  check(olds: State, news: In): Promise<pulumi.dynamic.CheckResult<In>>;
  diff(id: string, olds: State, news: In): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: In): Promise<pulumi.dynamic.CreateResult<State>>;
  read(id: string, props: State): Promise<pulumi.dynamic.ReadResult<State>>;
  update(id: string, olds: State, news: In): Promise<pulumi.dynamic.UpdateResult<State>>;
  delete(id: string, props: State): Promise<void>;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** Arguments that must be maps (key to value), each with an example for the message when one is not. */
const MAP_ARGS: Record<string, string> = { tags: '{ team: "platform" }', timeouts: '{ create: "30m" }' };
const isHttpUrl = (v: unknown) => {
  try {
    return typeof v === "string" && ["http:", "https:"].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

/** Inputs and state seen field by field, as the generic parts of the engine handle them. */
type Bag = Record<string, unknown>;
const bag = (v: object): Bag => v as Bag;

/** How long a delete's conflict lasts before asking whether it can clear: dependants deleted alongside are gone by then. */
const CONFLICT_GRACE_MS = 10_000;
/** Whether a field's change from `old` to `next` takes a replacement (diff's rule, and adoption's). */
const forcesReplacement = (rule: FieldRule, old: unknown, next: unknown): boolean =>
  rule.replace === true || rule.replaceWhen?.(old, next) === true;

/** A creation time this much before the create was sent is Proton's answer to a repeated token. */
const REPLAYED_MARGIN_MS = 1000;

/** Whether `live` (Proton's creation or request time) was made before a create sent at `sentAt`. */
function madeBefore(live: object, sentAt: number): boolean {
  const { createdAt, requestedAt } = live as { createdAt?: unknown; requestedAt?: unknown };
  const made = createdAt ?? requestedAt;
  return made instanceof Date && made.getTime() < sentAt - REPLAYED_MARGIN_MS;
}

export function lifecycle<Args, Live extends { arn?: string }>(
  d: ResourceDescription<Args, Live>,
): Provider<Inputs<Args>, Stored<Args>> {
  type In = Inputs<Args>;
  type State = Stored<Args>;
  /** Inputs (or live inputs) read as a state: the same fields, outputs absent. */
  const asState = (v: object): State => v as State;
  /**
   * Ids client-token creates of this provider process were answered with, where the resource had been made
   * before the create was sent (Proton answering a repeated token). The engine deletes the resource a
   * replacement replaces after creating it: one it deletes here was the replacement's own answer, Proton
   * having answered its token (`pulumi up --replace`, nothing changed) with the resource it replaces.
   */
  const answeredWithOld = new Set<string>();
  const fields: Record<string, FieldRule> = {
    ...d.fields,
    ...COMMON_FIELDS,
    ...(d.idempotency === "name-keyed" ? NAME_KEYED_FIELDS : {}),
  };
  const ownFields = d.fields as Record<string, FieldRule>;
  const nameFor = (inputs: In, id?: string) => {
    const name = d.nameOf(inputs, id);
    return hasUnknown(name) ? "(known after apply)" : name;
  };
  const title = (inputs: In, id?: string) => `${d.label} '${nameFor(inputs, id)}'`;

  /** A description's context plus what the engine's waits need: the operation and its observed durations. */
  type EngineCtx = Ctx<Live> & { op: Operation; observed: ObservedSeconds };

  /** `state` holds the stored outputs (update, delete, read), whose observed durations carry over. */
  function ctxFor(inputs: In, op: Operation, id?: string, state?: object): EngineCtx {
    const target = resolveTarget(inputs);
    const stored = state ? bag(state)[OBSERVED] : undefined;
    const observed: ObservedSeconds = isMap(stored) ? { ...(stored as ObservedSeconds) } : {};
    const ctx: EngineCtx = {
      client: protonClient(target),
      target,
      what: title(inputs, id),
      timeoutMs: timeoutFor(inputs, op),
      op,
      observed,
      settle: (goal: string) => {
        if (id === undefined) throw new Error(`${ctx.what}: no id to wait on`);
        return settleOk(ctx, id, goal, asState(inputs), true);
      },
    };
    return ctx;
  }

  /** The wait for `ctx`'s operation, expected from this resource's own last runs of its operations. */
  function planFor(ctx: EngineCtx, justStarted: boolean): WaitPlan {
    const own = Object.fromEntries(
      Object.entries(ctx.observed)
        .filter(([, s]) => typeof s === "number" && s > 0)
        .map(([op, s]) => [op, s * 1000]),
    );
    return {
      key: `${d.type}:${ctx.op}`,
      own,
      justStarted,
      pollAtOnce: ctx.op === "update",
      observe: (ms) => (ctx.observed[ctx.op] = Math.round(ms / 100) / 10),
    };
  }

  /** Stored state: the inputs (user text kept) plus computed outputs, region, endpoint and observed durations. */
  function stateOf(
    inputs: object,
    live: Tagged<Live> | undefined,
    target: Target,
    observed: ObservedSeconds = {},
  ): State {
    return asState(
      cleanJson({
        ...inputs,
        ...(live ? d.outputs(live) : {}),
        region: target.region,
        endpoint: target.endpoint,
        ...(Object.keys(observed).length ? { [OBSERVED]: observed } : {}),
      }),
    );
  }

  /** The program's inputs as stored in outputs (computed members dropped), for read's `inputs`. */
  const inputsOf = (state: State): In =>
    Object.fromEntries(
      Object.keys(fields)
        .filter((k) => state[k] !== undefined)
        .map((k) => [k, state[k]]),
    ) as In;

  /**
   * The live resource; its tags only when asked. "status": only what health() needs (a poll), through the
   * description's cheaper status read where it has one.
   */
  async function readLive(
    ctx: Ctx<Live>,
    id: string,
    prior?: State,
    withTags = true,
    depth: "full" | "status" = "full",
  ): Promise<Tagged<Live> | undefined> {
    try {
      const live: Tagged<Live> | undefined =
        depth === "status" && d.polling ? await d.polling.status(ctx, id) : await d.read(ctx, id, prior);
      if (withTags && live && typeof live.arn === "string") {
        const tags = await ctx.client.send(new ListTagsForResourceCommand({ resourceArn: live.arn }));
        const { [OWNER_TAG]: owner, ...rest } = tagMap(tags.tags);
        live.tags = rest;
        if (owner !== undefined) live.owner = owner;
      }
      return live;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw describeAwsError(e, ctx.what, "read it");
    }
  }

  /** The settled resource with its outputs (List*Outputs), for descriptions that have them. */
  async function withOutputs(ctx: Ctx<Live>, id: string, live: Tagged<Live>): Promise<Tagged<Live>> {
    if (!d.readOutputs) return live;
    try {
      return await d.readOutputs(ctx, id, live);
    } catch (e) {
      // Gone since it was read: a refresh or deletion racing this read; what was read stands.
      if (isNotFound(e)) return live;
      throw describeAwsError(e, ctx.what, "read its outputs");
    }
  }

  /**
   * The resource as an operation that failed part-way left it, for the partial-failure state: outputs
   * included when they can be read, since the failure itself is what gets reported.
   */
  async function readAfterFailure(ctx: Ctx<Live>, id: string, prior?: State) {
    const live = await readLive(ctx, id, prior).catch(() => undefined);
    return live && (await withOutputs(ctx, id, live).catch(() => live));
  }

  /**
   * Waits until the resource is no longer busy; returns it (failed or not), without tags. `justStarted`: the
   * operation was just requested, so the first poll waits for its expected end instead of going at once.
   */
  async function settle(
    ctx: EngineCtx,
    id: string,
    goal: string,
    prior?: State,
    justStarted = false,
  ): Promise<Tagged<Live>> {
    return complete(ctx, id, await settledStatus(ctx, id, goal, prior, justStarted));
  }

  /** Settles, then fails with Proton's status message if the last attempt failed. */
  async function settleOk(
    ctx: EngineCtx,
    id: string,
    goal: string,
    prior?: State,
    justStarted = false,
  ): Promise<Tagged<Live>> {
    const live = await settledStatus(ctx, id, goal, prior, justStarted);
    const health = d.health(live);
    if (health.state === "failed") throw new WaitFailed(`${ctx.what}: ${health.status}: ${health.message}`);
    return complete(ctx, id, live);
  }

  /** The wait itself, polling with the status read: the result is what health() needs, maybe not more. */
  function settledStatus(
    ctx: EngineCtx,
    id: string,
    goal: string,
    prior: State | undefined,
    justStarted: boolean,
  ): Promise<Tagged<Live>> {
    const poll = async (): Promise<Settled<Tagged<Live>>> => {
      const live = await readLive(ctx, id, prior, false, "status");
      if (!live) throw new Error(`${ctx.what} disappeared while waiting for ${goal}`);
      const health = d.health(live);
      return health.state === "busy"
        ? { state: "pending", status: health.status }
        : { state: "done", value: live };
    };
    const tookMs = (live: Tagged<Live>) => d.tookMs?.(live);
    return waitFor(ctx.client, ctx.what, goal, ctx.timeoutMs, poll, { ...planFor(ctx, justStarted), tookMs });
  }

  /** A status read made whole (what `read` returns), reading only what the status read left out. */
  async function complete(ctx: EngineCtx, id: string, live: Tagged<Live>): Promise<Tagged<Live>> {
    if (!d.polling) return live;
    try {
      return await d.polling.complete(ctx, id, live);
    } catch (e) {
      throw describeAwsError(e, ctx.what, "read it");
    }
  }

  /** The owner tag a name-keyed resource that keeps tags carries; undefined for every other resource. */
  const ownerTagOf = (inputs: CommonInputs): string | undefined =>
    d.idempotency === "name-keyed" && !d.untagged ? ownerOf(inputs) : undefined;

  async function stampOwner(client: ProtonClient, arn: string, owner: string, what: string): Promise<void> {
    try {
      await client.send(
        new TagResourceCommand({ resourceArn: arn, tags: [{ key: OWNER_TAG, value: owner }] }),
      );
    } catch (e) {
      throw describeAwsError(e, what, "tag it as this stack's");
    }
  }

  async function syncTags(client: ProtonClient, arn: string, olds: unknown, news: unknown): Promise<void> {
    const before = (olds ?? {}) as Record<string, string>;
    const after = (news ?? {}) as Record<string, string>;
    const removed = Object.keys(before).filter((k) => !(k in after));
    const changed = Object.entries(after).filter(([k, v]) => before[k] !== v);
    if (removed.length) await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: removed }));
    if (changed.length)
      await client.send(
        new TagResourceCommand({ resourceArn: arn, tags: tagList(Object.fromEntries(changed)) }),
      );
  }

  /** Fields of `rules` whose value differs between `before` and `after` (local ones and left-out server defaults never do). */
  const changedFields = (rules: Record<string, FieldRule>, before: object, after: object): string[] =>
    Object.entries(rules)
      .filter(([k, rule]) => !rule.local && !(bag(after)[k] === undefined && rule.serverDefault))
      .filter(([k, rule]) => !(rule.same ?? deepEqual)(bag(before)[k], bag(after)[k]))
      .map(([k]) => k);
  /** The description's own fields that changed (the common ones are the engine's). */
  const changedOwnFields = (before: object, after: object) =>
    changedFields(ownFields, before, after) as FieldOf<Args>[];

  /**
   * A client-token create's token: the resource's identity, its create parameters, and every field whose
   * change replaces it. Why the tags: they are sent with the create, so a retry with other tags sent the same
   * token with other parameters (IdempotentParameterMismatch for 8 hours). Why the replacing fields: a
   * replacement forced by one Proton is not sent (a version's bundle schema, edited under the same S3 key)
   * sent the replaced resource's token, Proton answered with that resource, and the engine then deleted it.
   */
  function tokenFor(inputs: In): string {
    const params = { ...d.createInput(inputs), tags: tagList(inputs.tags) };
    const replacing = Object.fromEntries(
      Object.entries(fields)
        .filter(([k, rule]) => (rule.replace || rule.replaceWhen) && !rule.local && !(k in params))
        .map(([k]) => [k, bag(inputs)[k]]),
    );
    return clientToken(d.type, String(inputs.logicalId ?? ""), { params, replacing });
  }

  /**
   * Fields whose live value differs from the program (for adopting an existing resource), and those of them
   * only a replacement changes, which adopting can't bring to the program.
   */
  function differences(live: Tagged<Live>, inputs: In): { changed: string[]; fixed: string[] } {
    // Why no region: Proton does not report it, and the client is already in the program's region.
    const current = { ...d.liveInputs(live, asState(inputs)), tags: live.tags };
    const changed = changedFields(fields, current, inputs).filter((k) => k !== "region");
    const fixed = changed.filter((k) => forcesReplacement(fields[k], bag(current)[k], bag(inputs)[k]));
    return { changed, fixed };
  }

  /**
   * A singleton's create call. It always exists, so a failure is a partial one: the state keeps what was
   * taken over and the live values (the put may have run before its answer was lost), and the next `up`
   * puts the program through update instead of taking over its own half-applied settings.
   */
  async function putSingleton(s: SingletonDescription<Args, Live>, ctx: EngineCtx, id: string, kept: State) {
    try {
      await s.create(ctx, kept);
    } catch (e) {
      const live = await readLive(ctx, id, kept).catch(() => undefined);
      const applied = live
        ? s.liveInputs(live, kept)
        : Object.fromEntries(Object.keys(ownFields).map((k) => [k, undefined]));
      const message = failureMessage(e, ctx.what, "create it");
      throw new PartialFailure(message, id, stateOf({ ...kept, ...applied }, live, ctx.target, ctx.observed));
    }
  }

  async function converge(ctx: EngineCtx, id: string, inputs: In, live: Tagged<Live>): Promise<Tagged<Live>> {
    if (d.converge && (await d.converge(ctx, id, inputs, live)))
      return settleOk(ctx, id, "the requested state");
    return live;
  }

  return {
    check: (olds: State, news: In) =>
      promised(() => {
        const failures: { property: string; reason: string }[] = [];
        const what = `${d.type} '${nameFor(news)}'`;
        // Why: tags given as a string were silently dropped and as a list turned into numbered tags; a string
        // as timeouts failed once per character.
        const notMaps = Object.keys(MAP_ARGS).filter(
          (k) => bag(news)[k] != null && !hasUnknown(bag(news)[k]) && !isMap(bag(news)[k]),
        );
        for (const k of notMaps)
          failures.push({ property: k, reason: `${what}: ${k} must be a map, such as ${MAP_ARGS[k]}` });
        const tags = notMaps.includes("tags") ? undefined : tagList(news.tags);
        const apiInput = { ...d.createInput(news), tags };
        for (const v of violations(OPERATION_INPUTS[d.createOperation], apiInput, hasUnknown)) {
          // The program's indexes, not the wire's 1-based "list.N.member" path.
          const path = v.path.replace(/\.(\d+)\.member/g, (_, n: string) => `[${Number(n) - 1}]`);
          failures.push({ property: v.path.split(".")[0], reason: `${what}: ${path} must ${v.rule}` });
        }
        const timeouts = news.timeouts as Record<string, unknown> | undefined;
        if (timeouts != null && !hasUnknown(timeouts) && !notMaps.includes("timeouts")) {
          for (const [op, value] of Object.entries(timeouts)) {
            if (!["create", "update", "delete"].includes(op))
              failures.push({
                property: "timeouts",
                reason: `${what}: timeouts.${op} is not one of create, update, delete`,
              });
            else if (typeof value !== "string" || parseDuration(value) === undefined)
              failures.push({
                property: "timeouts",
                reason: `${what}: timeouts.${op} must be a duration such as "30m" or "1h30m"`,
              });
          }
        }
        if (typeof news.region === "string" && !hasUnknown(news.region) && !REGION.test(news.region))
          failures.push({
            property: "region",
            reason: `${what}: region must look like us-east-1, got '${news.region}'`,
          });
        if (news.endpoint != null && !hasUnknown(news.endpoint) && !isHttpUrl(news.endpoint))
          failures.push({
            property: "endpoint",
            reason: `${what}: endpoint must be an http:// or https:// URL, got '${String(news.endpoint)}'`,
          });
        for (const flag of ["adoptExisting"]) {
          const value = bag(news)[flag];
          if (value !== undefined && !hasUnknown(value) && typeof value !== "boolean")
            failures.push({ property: flag, reason: `${what}: ${flag} must be true or false` });
        }
        if (fields.templateSchema)
          for (const f of schemaOfAnotherVersion(olds, bag(news)))
            failures.push({ property: f.property, reason: `${what}: ${f.reason}` });
        for (const f of d.check?.(news) ?? [])
          failures.push({ property: f.property, reason: `${what}: ${f.reason}` });
        const exists = Object.keys(olds).length > 0;
        for (const [field, rule] of Object.entries(fields)) {
          if (rule.notClearable && bag(olds)[field] != null && bag(news)[field] === undefined)
            failures.push({
              property: field,
              reason: `${what}: ${field} can't be taken out once set (${rule.notClearable}); give another value, or replace the ${d.label} (\`pulumi up --replace <urn>\`)`,
            });
          const refusal =
            exists && !hasUnknown(bag(news)[field])
              ? rule.refused?.(bag(olds)[field], bag(news)[field])
              : undefined;
          if (refusal) failures.push({ property: field, reason: `${what}: ${refusal}` });
        }
        // Not a property: the CLI then reads "<resource> has a problem: <reason>".
        for (const problem of settingProblems())
          failures.push({ property: "", reason: `${what}: ${problem}` });
        return { inputs: news, failures };
      }),

    diff: (_id: string, olds: State, news: In) =>
      promised(() => {
        const replaces: string[] = [];
        const changed: string[] = [];
        const forced = d.needsReplacement?.(olds);
        if (forced) replaces.push(forced);
        for (const [field, rule] of Object.entries(fields)) {
          const next = bag(news)[field];
          if (hasUnknown(next)) {
            changed.push(field);
            if (rule.replace) replaces.push(field);
            continue;
          }
          if (next === undefined && rule.serverDefault) continue;
          if ((rule.same ?? deepEqual)(olds[field], next)) continue;
          changed.push(field);
          if (forcesReplacement(rule, olds[field], next)) replaces.push(field);
        }
        return {
          changes: changed.length > 0 || replaces.length > 0,
          replaces,
          deleteBeforeReplace:
            replaces.length > 0 && (d.idempotency === "name-keyed" || d.uniqueName === true),
        };
      }),

    async create(inputs: In) {
      const ctx = ctxFor(inputs, "create");
      let id: string;
      let adoptChanges: string[] = [];
      let adopted: Tagged<Live> | undefined;
      /** When a client-token create was sent. */
      let sentAt: number | undefined;
      // A singleton's record of what it took over, stored with it and handed to every later read.
      let kept: State | undefined;
      if (d.idempotency === "singleton") {
        try {
          const taken = await d.takeOver(ctx, inputs);
          id = taken.id;
          kept = asState({ ...inputs, ...taken.kept });
        } catch (e) {
          throw describeAwsError(e, ctx.what, "read it");
        }
        await putSingleton(d, ctxFor(inputs, "create", id), id, kept);
      } else if (d.idempotency === "name-keyed") {
        id = d.idFromInputs(inputs);
        const list = d.listNames && (() => d.listNames!(ctx));
        adopted = await nameLookups.lookup(ctx.client, d.type, id, () => readLive(ctx, id), list);
        const owner = ownerTagOf(inputs);
        if (
          adopted &&
          owner &&
          adopted.owner !== undefined &&
          adopted.owner !== owner &&
          !inputs.adoptExisting
        )
          // Why: the same program run as another stack (or a copied resource) took the first stack's
          // resource over silently, and destroying it then deleted what the first stack still managed.
          throw new Error(
            `${ctx.what} already exists in Proton, created by the Pulumi resource ${adopted.owner} (another ` +
              "stack, or another resource of this one). Two stacks managing it would update and delete it " +
              "under each other. Choose another name, or set `adoptExisting: true` to move it to this one " +
              "(then `pulumi state delete` it from the other).",
          );
        if (adopted) {
          const { changed, fixed } = differences(adopted, inputs);
          adoptChanges = changed;
          // Why: an update can't change these, and the state would record the program's value over
          // Proton's, a difference only a refresh would show.
          if (fixed.length)
            throw new Error(
              `${ctx.what} already exists in Proton with another ${fixed.join(", ")}, which only a replacement ` +
                "changes, so it can't be adopted as declared. Declare the existing value to take it over, or " +
                "choose another name.",
            );
          if (adoptChanges.length && inputs.adoptExisting !== true)
            throw new Error(
              `${ctx.what} already exists in Proton and differs from the program in: ${adoptChanges.join(", ")}. ` +
                "Set `adoptExisting: true` to take it over and update it, or choose another name.",
            );
          progress(
            `${ctx.what}: already exists${adoptChanges.length ? `; adopting and updating ${adoptChanges.join(", ")}` : "; taking it over"}`,
            { lasting: true },
          );
          // Made outside this provider, or moved here from another resource: from now on it is this one's.
          if (owner && adopted.owner !== owner && typeof adopted.arn === "string")
            await stampOwner(ctx.client, adopted.arn, owner, ctx.what);
        } else {
          try {
            const tags = owner ? { ...(inputs.tags ?? {}), [OWNER_TAG]: owner } : inputs.tags;
            id = await d.create(ctx, { ...inputs, tags });
          } catch (e) {
            throw describeAwsError(e, ctx.what, "create it");
          }
        }
      } else {
        const token = tokenFor(inputs);
        try {
          sentAt = Date.now();
          id = await d.create(ctx, inputs, token);
        } catch (e) {
          throw describeAwsError(e, ctx.what, "create it");
        }
      }
      // From here the resource exists: any failure is reported as a partial create carrying its id.
      const created = ctxFor(inputs, "create", id);
      try {
        const updating = adopted !== undefined && adoptChanges.length > 0;
        // An adopted resource about to be updated may be in a failed state the update mends.
        let live = await (updating ? settle : settleOk)(created, id, "creation", kept, !adopted);
        if (sentAt !== undefined && madeBefore(live, sentAt)) answeredWithOld.add(id);
        if (updating) {
          const olds = asState({ ...d.liveInputs(live, {}), tags: adopted!.tags });
          await d.update(
            created,
            id,
            olds,
            inputs,
            adoptChanges.filter((k): k is FieldOf<Args> => k in ownFields),
            live,
          );
          if (adoptChanges.includes("tags"))
            await syncTags(created.client, String(live.arn), adopted!.tags, inputs.tags);
          live = await settleOk(created, id, "the update", undefined, true);
        }
        live = await withOutputs(created, id, await converge(created, id, inputs, live));
        return { id, outs: stateOf(inputs, live, created.target, created.observed) };
      } catch (e) {
        const live = await readAfterFailure(created, id, kept);
        const message = failureMessage(e, created.what, "finish creating it");
        throw new PartialFailure(
          message,
          id,
          stateOf(kept ?? inputs, live, created.target, created.observed),
        );
      }
    },

    async read(id: string, state: State) {
      const ctx = ctxFor(state, "update", id, state);
      const found = await readLive(ctx, id, state);
      if (!found) return { id: "" };
      const live = await withOutputs(ctx, id, found);
      const inputs = { ...inputsOf(state), ...d.liveInputs(live, state), tags: live.tags ?? state.tags };
      if (state.tags === undefined && deepEqual(live.tags, {})) delete inputs.tags;
      // Why: the state merges inputs and outputs, so a region, endpoint or template minor/major version the
      // provider filled in looks declared here. Returned as inputs, they made every later `preview --diff`
      // of the resource list them as removed ("- region", "- endpoint"). Server-default fields never diff
      // when the program leaves them out, and diff() compares against the stored state, so dropping them
      // from the refreshed inputs loses nothing.
      const declared = Object.fromEntries(
        Object.entries(inputs).filter(([k]) => {
          const rule = fields[k];
          if (rule?.declaredWhen) return rule.declaredWhen(state);
          return !rule?.serverDefault;
        }),
      );
      return {
        id,
        props: stateOf(inputs, live, ctx.target, ctx.observed),
        inputs: asState(cleanJson(declared)),
      };
    },

    async update(id: string, olds: State, news: In) {
      const ctx = ctxFor(
        { ...news, region: news.region ?? olds.region, endpoint: news.endpoint ?? olds.endpoint },
        "update",
        id,
        olds,
      );
      let sent = false;
      try {
        let live = await settle(ctx, id, "the previous operation", olds);
        if (d.health(live).state === "failed" && d.recover) {
          progress(`${ctx.what}: last attempt ${(d.health(live) as { status: string }).status}; retrying`, {
            lasting: true,
          });
          await d.recover(ctx, id, news, live);
          live = await settle(ctx, id, "the retry", olds, true);
        }
        const changed = changedOwnFields(olds, news);
        if (changed.length) await d.update(ctx, id, olds, news, changed, live);
        if (!deepEqual(olds.tags ?? {}, news.tags ?? {}))
          await syncTags(ctx.client, String(live.arn), olds.tags, news.tags);
        // A renamed stack (or project): its resources now answer to the new name.
        const owner = ownerTagOf(news);
        if (owner && owner !== ownerTagOf(olds) && typeof live.arn === "string")
          await stampOwner(ctx.client, live.arn, owner, ctx.what);
        sent = true;
        live = await settleOk(ctx, id, "the update", olds, changed.length > 0);
        live = await withOutputs(ctx, id, await converge(ctx, id, news, live));
        return { outs: stateOf(news, live, ctx.target, ctx.observed) };
      } catch (e) {
        const live = await readAfterFailure(ctx, id, olds);
        const message = failureMessage(e, ctx.what, "update it");
        // Why: until the changes were sent, Proton still holds the old inputs (e.g. an update refused for bad
        // credentials). Recording the new ones as applied made the next `up` find nothing to change.
        if (!sent)
          throw new PartialFailure(
            message,
            id,
            live ? stateOf(inputsOf(olds), live, ctx.target, ctx.observed) : olds,
          );
        throw new PartialFailure(message, id, stateOf(news, live, ctx.target, ctx.observed));
      }
    },

    async delete(id: string, state: State) {
      // Why: deleting it deleted the replacement too. The engine creates a replacement under the same
      // inputs before deleting the old one, and checks a `--replace` target without its old inputs and
      // never diffs it, so its create can't tell it from a first create retried after a crash, which must
      // get its first attempt back.
      if (answeredWithOld.has(id)) {
        progress(
          `${ctxFor(state, "delete", id, state).what}: its replacement is this same resource (Proton answered the replacement's ` +
            "client token with it, nothing having changed), so it stays as it is. To make a new one, " +
            "change what it is created from (a description, say).",
          { lasting: true },
        );
        return;
      }
      const done = deletingNow(d.type, id);
      try {
        await deleteIt(id, state);
      } finally {
        done();
      }
    },
  };

  async function deleteIt(id: string, state: State) {
    const ctx = ctxFor(state, "delete", id, state);
    const deadline = Date.now() + ctx.timeoutMs;
    // A deployment in progress or a dependant still going away answers ConflictException: retried on the
    // same waiter machinery as every other wait; past the deadline, the conflict itself is the error.
    let conflict: unknown;
    let firstConflictAt: number | undefined;
    const alreadyGone = await waitFor(ctx.client, ctx.what, "a chance to delete", ctx.timeoutMs, async () => {
      try {
        await d.delete(ctx, id, state);
        return { state: "done", value: false };
      } catch (e) {
        if (isNotFound(e)) return { state: "done", value: true };
        if (!isConflict(e)) throw describeAwsError(e, ctx.what, "delete it");
        conflict = e;
        firstConflictAt ??= Date.now();
        if (d.whyConflictStays && Date.now() - firstConflictAt >= CONFLICT_GRACE_MS) {
          const fix = await d.whyConflictStays(ctx, id);
          if (fix)
            throw new Error(`${describeAwsError(e, ctx.what, "delete it").message}; ${fix}`, {
              cause: e,
            });
        }
        return { state: "pending", status: `can't delete yet (${(e as Error).message})` };
      }
    }).catch((e) => {
      throw e instanceof WaitTimeout && conflict ? describeAwsError(conflict, ctx.what, "delete it") : e;
    });
    if (alreadyGone || d.deleteKind === "sync") return;
    ctx.timeoutMs = Math.max(1000, deadline - Date.now());
    const deletion = async (): Promise<Settled<undefined>> => {
      const live = await readLive(ctx, id, state, false, "status");
      if (!live) return { state: "done", value: undefined };
      const health = d.health(live);
      if (health.state === "failed")
        return { state: "failed", value: undefined, message: `${health.status}: ${health.message}` };
      return { state: "pending", status: health.state === "busy" ? health.status : "deleting" };
    };
    await waitFor(ctx.client, ctx.what, "deletion", ctx.timeoutMs, deletion, planFor(ctx, true));
  }
}
