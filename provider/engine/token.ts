import { createHash } from "node:crypto";
import { canonicalJson } from "./values";

/**
 * Client token for a create call, derived from the resource's identity (project, stack, type, logical name)
 * and the create parameters. Deterministic, so a create retried after a crash or a timeout sends the same
 * token and Proton answers with the original resource. It is a hash: spec contents never appear in it.
 */
export function clientToken(resourceType: string, identity: string, createParams: unknown): string {
  const digest = createHash("sha256")
    .update(`${resourceType}\n${identity}\n${canonicalJson(createParams)}`)
    .digest("hex");
  return `pulumi-proton-${digest.slice(0, 48)}`;
}
