import type { Backend } from "./backend";
import { paramsHash } from "./backend";
import { conflict, mismatch } from "../protocol/errors";

/** Client tokens are honoured for 8 hours after the request, as Proton documents. */
export const CLIENT_TOKEN_TTL_MS = 8 * 60 * 60 * 1000;

/**
 * Client-token create (CreateEnvironmentTemplateVersion, CreateServiceTemplateVersion,
 * CreateEnvironmentAccountConnection, CreateServiceInstance): same token and parameters give back the
 * original resource while it exists and the token is fresh; other parameters are a mismatch.
 */
export function clientTokenCreate<T>(
  b: Backend,
  op: string,
  input: object,
  lookup: (resourceKey: string) => T | undefined,
  create: () => { key: string; result: T },
): T {
  const token =
    "clientToken" in input && typeof input.clientToken === "string" ? input.clientToken : undefined;
  const hash = paramsHash(input, ["clientToken"]);
  const slot = `${op}/${token}`;
  const prior = token ? b.state.clientTokens[slot] : undefined;
  if (prior && b.now() - prior.issuedAt < CLIENT_TOKEN_TTL_MS) {
    const existing = lookup(prior.resourceKey);
    if (existing !== undefined) {
      if (prior.paramsHash !== hash) throw mismatch(`${op} with client token '${token}'`);
      return existing;
    }
  }
  const { key, result } = create();
  if (token) b.state.clientTokens[slot] = { paramsHash: hash, issuedAt: b.now(), resourceKey: key };
  return result;
}

/**
 * Name-keyed idempotent create (CreateEnvironmentTemplate, CreateServiceTemplate, CreateEnvironment,
 * CreateService): returns "existing" for an identical retry against an unmodified resource.
 */
export function nameKeyedCreate(
  existing: { createHash: string; modified: boolean } | undefined,
  input: object,
  what: string,
): { hash: string; existing: boolean } {
  const hash = paramsHash(input);
  if (!existing) return { hash, existing: false };
  if (existing.modified) throw conflict(`${what} already exists and was modified since it was created`);
  if (existing.createHash !== hash) throw mismatch(what);
  return { hash, existing: true };
}
