import { parseDuration } from "../../common/duration";
import type { CommonInputs, FieldRule } from "./description";
import { deepEqual } from "../../common/model";

// Arguments every Proton resource takes, on top of its own.

export const COMMON_FIELDS: Record<string, FieldRule> = {
  /** Moving a resource to another region is a new resource. */
  region: { replace: true, serverDefault: true },
  /** Where the API is reached (proton-local); not part of the resource's identity. */
  endpoint: { local: true, serverDefault: true },
  tags: { same: (a, b) => deepEqual(a ?? {}, b ?? {}) },
  timeouts: { local: true },
  /** Identity the client tokens derive from (project/stack/name), set by the resource class. */
  logicalId: { local: true },
};

export const NAME_KEYED_FIELDS: Record<string, FieldRule> = {
  /**
   * Read by create alone, when the name is taken: turned on or off for a resource already in the state it
   * changes nothing, so it is never a change to show (the state keeps the value it was created with).
   */
  adoptExisting: { local: true, same: () => true },
};

export type Operation = "create" | "update" | "delete";

const DEFAULT_TIMEOUT_MS = 60 * 60 * 1000;

/** The deadline for an operation from the resource's `timeouts` argument ({create, update, delete}). */
export function timeoutFor(inputs: CommonInputs, op: Operation): number {
  const raw = inputs.timeouts?.[op];
  return (raw !== undefined && parseDuration(raw)) || DEFAULT_TIMEOUT_MS;
}

/**
 * The tag a name-keyed resource is created with, naming the Pulumi resource that made it
 * (`<project>/<stack>/<name>`): a create that finds the name taken can tell its own first attempt (a retry
 * after a crash) from another stack's resource. Kept out of the resource's `tags`.
 */
export const OWNER_TAG = "pulumi-proton:resource";

/** The owner tag's value for these inputs; undefined without a logicalId, or one too long for a tag value. */
export const ownerOf = (inputs: CommonInputs): string | undefined =>
  inputs.logicalId && inputs.logicalId.length <= 256 ? inputs.logicalId : undefined;

export const tagList = (tags: unknown): { key: string; value: string }[] | undefined =>
  tags && typeof tags === "object"
    ? Object.entries(tags as Record<string, string>).map(([key, value]) => ({ key, value }))
    : undefined;

export const tagMap = (list: { key?: string; value?: string }[] | undefined): Record<string, string> =>
  Object.fromEntries((list ?? []).map((t) => [t.key ?? "", t.value ?? ""]));
