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
