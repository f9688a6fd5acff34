import type { ProtonClient } from "@aws-sdk/client-proton";
import type { Unwrap } from "@pulumi/pulumi";
import type { OperationName } from "../../common/model";
import type { NameKeyedArgs, Timeouts } from "../resources/base";
import type { Target } from "./client";

// The declarative description of one Proton resource type. The lifecycle engine (lifecycle.ts)
// implements check/diff/create/read/update/delete for every resource from this description.

/** A resource's own arguments as the provider receives them: plain values, the common ones left out. */
export type ArgsOf<PublicArgs> = Unwrap<Omit<PublicArgs, keyof NameKeyedArgs>>;

/** Arguments every resource takes on top of its own (see COMMON_FIELDS), as the provider receives them. */
export interface CommonInputs {
  tags?: Record<string, string>;
  region?: string;
  endpoint?: string;
  timeouts?: Timeouts;
  /** Identity the client tokens derive from (project/stack/name), set by the resource class. */
  logicalId?: string;
  adoptExisting?: boolean;
}

/** What the engine hands a description: its own arguments plus the common ones. */
export type Inputs<Args> = Args & CommonInputs;

/** The stored state of a resource: its inputs plus the computed outputs. */
export type Stored<Args> = Inputs<Args> & Record<string, unknown>;

/**
 * Live resources are SDK output shapes; the engine adds the tags it read, and apart from them the owner tag
 * (common-fields.ts OWNER_TAG): the Pulumi resource that created it, when this provider did.
 */
export type Tagged<Live> = Live & { tags?: Record<string, string>; owner?: string };

export interface FieldRule {
  /** A change forces a replacement (the API cannot change it in place). */
  replace?: boolean;
  /** Semantic equality (specs, tags); default is order-insensitive JSON equality. */
  same?: (a: unknown, b: unknown) => boolean;
  /** Proton picks a value when the program leaves it out (e.g. the template minor version): absent is no diff. */
  serverDefault?: boolean;
  /** A provider setting (timeouts, adoptExisting...): recorded, never sent to Proton. */
  local?: boolean;
  /**
   * For a server default the program may declare all the same: whether the stored state says it does (a
   * version's schema, which check reads from its bundleDir; a standalone component's environment). Refresh
   * then keeps it among the inputs, as the program's next run sends it.
   */
  declaredWhen?: (state: Record<string, unknown>) => boolean;
  /** Some changes of an otherwise updatable field need a replacement (e.g. unpublishing). */
  replaceWhen?: (old: unknown, next: unknown) => boolean;
  /**
   * The API changes it but can't clear it (no empty value is valid): taking it out fails the preview, naming
   * why. As an ordinary field, taking it out was an update that sent nothing while Proton kept the value.
   */
  notClearable?: string;
  /**
   * A change of an existing resource Proton can make neither in place nor by a replacement that ends well:
   * the reason it fails the preview with, naming the way out; undefined lets the change through.
   */
  refused?: (old: unknown, next: unknown) => string | undefined;
}

/** One rule for every argument: an argument added to a resource without a rule does not compile. */
export type FieldRules<Args> = { [K in keyof Args]-?: FieldRule };

/** A field of a resource's own arguments. */
export type FieldOf<Args> = keyof Args & string;

/** What the engine gives each description call. */
export interface Ctx<Live> {
  client: ProtonClient;
  target: Target;
  /** "environment 'dev'" — used in every progress line and error. */
  what: string;
  /** Deadline budget for the current operation, in milliseconds. */
  timeoutMs: number;
  /** Waits until the resource is no longer busy (between dependent calls of one update). */
  settle(goal: string): Promise<Tagged<Live>>;
}

export type Health =
  | { state: "stable" }
  | { state: "busy"; status: string }
  | { state: "failed"; status: string; message: string };

export interface Failure {
  property: string;
  reason: string;
}

interface DescriptionBase<Args, Live> {
  /** Type name, fixed forever: `pulumi-nodejs:dynamic/proton:<type>`. */
  type: string;
  /** "environment template". */
  label: string;
  fields: FieldRules<Args>;
  /** async deletes are polled until the resource is gone. */
  deleteKind: "sync" | "async";
  /**
   * Proton keeps one resource of a name even though a client token makes the create safe (components): a
   * replacement deletes first, as for name-keyed kinds, or Proton refuses the new one.
   */
  uniqueName?: boolean;
  /** The name used in messages ("vpc", "vpc:1.0" once known). */
  nameOf(inputs: Inputs<Args>, id?: string): string;
  /**
   * Extra preview-time checks beyond the API model (spec kinds, schemas). May fill inputs derived from
   * local files (a bundle's schema), so previews and diffs see them.
   */
  check?(inputs: Inputs<Args>): Failure[];
  /** The model operation of the create call ("CreateEnvironment"), whose input createInput builds. */
  createOperation: OperationName;
  /** The API input of the create call (tags and client token left out), for model validation and the create. */
  createInput(inputs: Inputs<Args>): object;
  /** The live resource, or undefined when it does not exist. `prior` are the stored outputs, if any. */
  read(ctx: Ctx<Live>, id: string, prior?: Stored<Args>): Promise<Live | undefined>;
  /**
   * A cheaper read for waiting, when `read` costs more than one status needs (a service's per-instance gets):
   * `status` is enough for health(); `complete` turns it into what `read` returns, reading only what is left out.
   */
  polling?: {
    status(ctx: Ctx<Live>, id: string): Promise<Live | undefined>;
    complete(ctx: Ctx<Live>, id: string, status: Live): Promise<Live>;
  };
  /**
   * Adds what the resource produced (its List*Outputs) to the live value. Called once an operation has
   * settled (failed deployments too: Proton answers the last successful one's) and on refresh, never per
   * poll: outputs change only with a deployment.
   */
  readOutputs?(ctx: Ctx<Live>, id: string, live: Tagged<Live>): Promise<Tagged<Live>>;
  /** How the live resource is doing: settled, still working, or failed with Proton's message. */
  health(live: Tagged<Live>): Health;
  /**
   * How long the work that just settled took by Proton's own timestamps (ms), where the live resource
   * records them; otherwise the wait measures it between two polls. Teaches the next wait what to expect.
   */
  tookMs?(live: Tagged<Live>): number | undefined;
  /** The live values of the input fields (refresh, adopt comparison). `prior` keeps equivalent user text. */
  liveInputs(live: Tagged<Live>, prior: Partial<Stored<Args>>): Partial<Args>;
  /** Computed outputs (arn, status, versions, timestamps as ISO strings). */
  outputs(live: Tagged<Live>): Record<string, unknown>;
  /** Applies changed fields in place. `live` is the settled resource before the change. */
  update(
    ctx: Ctx<Live>,
    id: string,
    olds: Stored<Args>,
    news: Inputs<Args>,
    changed: FieldOf<Args>[],
    live: Tagged<Live>,
  ): Promise<void>;
  /** Idempotent follow-up to reach the declared state after create/update (publish, accept). */
  converge?(ctx: Ctx<Live>, id: string, inputs: Inputs<Args>, live: Tagged<Live>): Promise<boolean>;
  /** Brings a failed resource back (e.g. redeploy), called by update when the last attempt failed. */
  recover?(ctx: Ctx<Live>, id: string, inputs: Inputs<Args>, live: Tagged<Live>): Promise<void>;
  /** Stored outputs that can only be fixed by replacing the resource (e.g. REGISTRATION_FAILED). */
  needsReplacement?(olds: Stored<Args>): string | undefined;
  /** Sends the delete call (not-found is handled by the engine). */
  delete(ctx: Ctx<Live>, id: string, olds: Stored<Args>): Promise<void>;
  /**
   * A delete refused with ConflictException is retried while what holds the resource is going away. Once
   * it has lasted a few seconds (dependants deleted alongside it are gone by then), this says whether
   * anything still is: undefined keeps waiting, a text ends the delete at once with it as the fix.
   */
  whyConflictStays?(ctx: Ctx<Live>, id: string): Promise<string | undefined>;
}

/** Proton keys it by name: create looks the name up first and takes over what it finds. */
export interface NameKeyedDescription<Args, Live> extends DescriptionBase<Args, Live> {
  idempotency: "name-keyed";
  /** The id the name gives, to look for an existing resource before creating. */
  idFromInputs(inputs: Inputs<Args>): string;
  /**
   * Every name of the type in the account and region, a page at a time (List*): answers many of those
   * lookups at once when many creates start together (name-lookups.ts). Ids must be the names.
   */
  listNames?(ctx: Ctx<Live>): AsyncIterable<string[]>;
  /** Sends the create call (with `inputs.tags`); returns the resource id. */
  create(ctx: Ctx<Live>, inputs: Inputs<Args>): Promise<string>;
  /** Proton keeps no tags on it (sync configurations): no owner tag either. */
  untagged?: true;
}

/** Proton assigns the id: create sends a client token derived from the resource's identity and inputs. */
export interface ClientTokenDescription<Args, Live> extends DescriptionBase<Args, Live> {
  idempotency: "client-token";
  /** Sends the create call under the client token; returns the resource id. */
  create(ctx: Ctx<Live>, inputs: Inputs<Args>, clientToken: string): Promise<string>;
}

/**
 * Proton keeps exactly one per account and region (account settings): nothing to create or delete. Create
 * takes over what is there and applies the program; delete puts back what create took over.
 */
export interface SingletonDescription<Args, Live> extends DescriptionBase<Args, Live> {
  idempotency: "singleton";
  /**
   * Reads what create is about to change. Returns the id and `kept`: outputs recording what was there,
   * which the engine stores with the resource (a failed create included) and hands back to read and delete.
   */
  takeOver(ctx: Ctx<Live>, inputs: Inputs<Args>): Promise<{ id: string; kept: Record<string, unknown> }>;
  /** Puts the program's state; `stored` is the inputs with the kept outputs. A put: safe to repeat. */
  create(ctx: Ctx<Live>, stored: Stored<Args>): Promise<void>;
}

export type ResourceDescription<Args, Live> =
  NameKeyedDescription<Args, Live> | ClientTokenDescription<Args, Live> | SingletonDescription<Args, Live>;

/** How a resource type's create is made safe to retry. */
export type Idempotency = ResourceDescription<unknown, unknown>["idempotency"];

/** Templates and their versions come in two kinds with the same lifecycle. */
export type TemplateKind = "Environment" | "Service";
