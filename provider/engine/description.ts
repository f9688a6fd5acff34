import type { ProtonClient } from "@aws-sdk/client-proton";
import type { OperationName } from "../../common/model";
import type { Target } from "./client";

// The declarative description of one Proton resource type. The lifecycle engine (lifecycle.ts)
// implements check/diff/create/read/update/delete for every resource from this description.

export type Inputs = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Live = Record<string, any>;

export interface FieldRule {
  /** A change forces a replacement (the API cannot change it in place). */
  replace?: boolean;
  /** Semantic equality (specs, tags); default is order-insensitive JSON equality. */
  same?: (a: unknown, b: unknown) => boolean;
  /** Proton picks a value when the program leaves it out (e.g. the template minor version): absent is no diff. */
  serverDefault?: boolean;
  /** A provider setting (timeouts, adoptExisting...): recorded, never sent to Proton. */
  local?: boolean;
  /** Some changes of an otherwise updatable field need a replacement (e.g. unpublishing). */
  replaceWhen?: (old: unknown, next: unknown) => boolean;
}

/** What the engine gives each description call. */
export interface Ctx {
  client: ProtonClient;
  target: Target;
  /** "environment 'dev'" — used in every progress line and error. */
  what: string;
  /** Deadline budget for the current operation, in milliseconds. */
  timeoutMs: number;
  /** Waits until the resource is no longer busy (between dependent calls of one update). */
  settle(goal: string): Promise<Live>;
}

export type Health =
  | { state: "stable" }
  | { state: "busy"; status: string }
  | { state: "failed"; status: string; message: string };

export interface ResourceDescription {
  /** Type name, fixed forever: `pulumi-nodejs:dynamic/proton:<type>`. */
  type: string;
  /** "environment template". */
  label: string;
  fields: Record<string, FieldRule>;
  /** client-token creates send a derived token; name-keyed creates look the name up first. */
  idempotency: "client-token" | "name-keyed";
  /** async deletes are polled until the resource is gone. */
  deleteKind: "sync" | "async";
  /** The name used in messages ("vpc", "vpc:1.0" once known). */
  nameOf(inputs: Inputs, id?: string): string;
  /**
   * Extra preview-time checks beyond the API model (spec kinds, schemas). May fill inputs derived from
   * local files (a bundle's schema), so previews and diffs see them.
   */
  check?(inputs: Inputs): { property: string; reason: string }[];
  /** The API input of the create call, for model validation and the create itself. */
  createInput(inputs: Inputs): Record<string, unknown>;
  /** The model shape name of the create input ("CreateEnvironment"). */
  createOperation: OperationName;
  /** Sends the create call; returns the resource id. */
  create(ctx: Ctx, inputs: Inputs, clientToken?: string): Promise<string>;
  /** Name-keyed resources: the id their name gives, to look for an existing one before creating. */
  idFromInputs?(inputs: Inputs): string;
  /** The live resource, or undefined when it does not exist. `prior` are the stored outputs, if any. */
  read(ctx: Ctx, id: string, prior?: Inputs): Promise<Live | undefined>;
  /** How the live resource is doing: settled, still working, or failed with Proton's message. */
  health(live: Live): Health;
  /** The live values of the input fields (refresh, adopt comparison). `prior` keeps equivalent user text. */
  liveInputs(live: Live, prior: Inputs): Inputs;
  /** Computed outputs (arn, status, versions, timestamps as ISO strings). */
  outputs(live: Live): Record<string, unknown>;
  /** Applies changed fields in place. `live` is the settled resource before the change. */
  update(ctx: Ctx, id: string, olds: Inputs, news: Inputs, changed: string[], live: Live): Promise<void>;
  /** Idempotent follow-up to reach the declared state after create/update (publish, accept). */
  converge?(ctx: Ctx, id: string, inputs: Inputs, live: Live): Promise<boolean>;
  /** Brings a failed resource back (e.g. redeploy), called by update when the last attempt failed. */
  recover?(ctx: Ctx, id: string, inputs: Inputs, live: Live): Promise<void>;
  /** Stored outputs that can only be fixed by replacing the resource (e.g. REGISTRATION_FAILED). */
  needsReplacement?(olds: Inputs): string | undefined;
  /** Sends the delete call (not-found is handled by the engine). */
  delete(ctx: Ctx, id: string, olds: Inputs): Promise<void>;
}

/** Any SDK command class; descriptions pick commands from small per-kind tables. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = new (input: any) => any;

/** The SDK commands of one Proton resource family, for descriptions that serve both template kinds. */
export interface KindCommands {
  create: AnyCommand;
  get: AnyCommand;
  update: AnyCommand;
  delete: AnyCommand;
  /** The output member holding the resource, e.g. "environmentTemplate". */
  out: string;
  provisioning?: string;
}

/** Templates and their versions come in two kinds with the same lifecycle. */
export type TemplateKind = "Environment" | "Service";

/** Sends a command and returns its output as a plain record (outputs are read field by field). */
export const send = (ctx: { client: ProtonClient }, command: unknown): Promise<Live> =>
  ctx.client.send(command as Parameters<ProtonClient["send"]>[0]) as Promise<Live>;
