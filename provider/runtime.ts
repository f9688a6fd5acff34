import type * as pulumi from "@pulumi/pulumi";
import { DESCRIPTIONS } from "./descriptions";
import { setConfiguredRegion } from "./engine/client";
import { lifecycle } from "./engine/lifecycle";

// The provider implementation, loaded at run time by the serialized shim (`require("pulumi-proton/runtime")`),
// so the code that runs is always the installed package's and the state never holds it.

const providers = new Map<string, ReturnType<typeof lifecycle>>();

export function providerFor(type: string): ReturnType<typeof lifecycle> {
  let provider = providers.get(type);
  if (!provider) {
    const description = DESCRIPTIONS[type];
    if (!description) throw new Error(`pulumi-proton: unknown resource type '${type}'`);
    provider = lifecycle(description);
    providers.set(type, provider);
  }
  return provider;
}

/** Stack config reaches dynamic providers here; `aws:region` is the default region. */
export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  setConfiguredRegion(req.config.get("aws:region"));
}

/** What serialized shims call, by index. Frozen: states hold these indexes; only ever append. */
export const SHIM_METHODS = ["configure", "check", "diff", "create", "read", "update", "delete"] as const;

/** The shim's single entry point: runs one provider method of one resource type. */
export function run(type: string, method: number, args: unknown[]): Promise<unknown> {
  const name = SHIM_METHODS[method];
  if (name === "configure") return configure(args[0] as pulumi.dynamic.ConfigureRequest);
  const provider = providerFor(type) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  if (!name || !provider[name])
    throw new Error(`pulumi-proton: unknown provider method #${method}; upgrade pulumi-proton`);
  return provider[name](...args);
}
