import type * as pulumi from "@pulumi/pulumi";
import { DESCRIPTIONS, type RegisteredType } from "./descriptions";
import { setConfiguredRegion } from "./engine/client";
import { withResource } from "./engine/log";
import { promised } from "./engine/promised";
import { SHIM_METHODS } from "./shim";

// The provider implementation, loaded at run time by the provider text stored with each resource (shim.ts:
// `require("pulumi-proton/runtime")`), so the code that runs is always the installed package's and the
// state never holds it.

const providers = new Map<string, ReturnType<RegisteredType["provider"]>>();

export function providerFor(type: string): ReturnType<RegisteredType["provider"]> {
  let provider = providers.get(type);
  if (!provider) {
    const description = DESCRIPTIONS[type];
    if (!description) throw new Error(`pulumi-proton: unknown resource type '${type}'`);
    provider = description.provider();
    providers.set(type, provider);
  }
  return provider;
}

/** Stack config reaches dynamic providers here; `aws:region` is the default region. */
export function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  return promised(() => setConfiguredRegion(req.config.get("aws:region")));
}

/**
 * The URN of the resource a provider call is about, for progress lines: its `resourceUrn` input (given under
 * a parent), else the URN of a top-level resource, from its logicalId `<project>/<stack>/<name>`.
 */
function urnOf(type: string, args: unknown[]): string | undefined {
  const props = args.filter((a): a is Record<string, unknown> => !!a && typeof a === "object").pop();
  if (typeof props?.resourceUrn === "string") return props.resourceUrn;
  const id = /^([^/]+)\/([^/]+)\/(.+)$/.exec(typeof props?.logicalId === "string" ? props.logicalId : "");
  return id ? `urn:pulumi:${id[2]}::${id[1]}::pulumi-nodejs:dynamic/proton:${type}::${id[3]}` : undefined;
}

/**
 * The dynamic-provider host prints an error thrown by check, diff, read or delete to stderr with its stack
 * (`${e}: ${e.stack}`) before the engine shows it on the resource: the CLI then printed every such failure
 * again on the Stack, with frames inside this package. The error keeps its message, loses the frames, and
 * that one echo is dropped; the engine still reports it, once, on its resource.
 */
function reportedOnce(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  e.stack = e.message;
  echoes.add(`${String(e)}: ${e.stack}`);
  return e;
}

const echoes = new Set<string>();
const printError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  if (args.length === 1 && typeof args[0] === "string" && echoes.delete(args[0])) return;
  printError(...args);
};

type Inputs = Record<string, unknown>;
type CheckResult = { inputs?: Inputs; failures?: { property: string; reason: string }[] };

/** Inputs the CLI would print whole: maps and lists, and text with line breaks or longer than a line. */
const bulkyKeys = (news: Inputs = {}) =>
  Object.entries(news)
    .filter(
      ([, v]) =>
        (typeof v === "object" && v !== null) ||
        (typeof v === "string" && (v.includes("\n") || v.length > 80)),
    )
    .map(([k]) => k);

/**
 * The CLI shows a check failure with a property as "property <p> value <the whole value> has a problem:
 * <reason>", which printed whole specs and schemas. For those, the failure goes without its property, so it
 * reads "<resource> has a problem: <reason>"; every reason names its property itself.
 */
function withoutBulkyValues(result: CheckResult, bulky: string[]): CheckResult {
  const failures = result.failures?.map((f) => (bulky.includes(f.property) ? { ...f, property: "" } : f));
  return failures ? { ...result, failures } : result;
}

/** The stored provider text's single entry point: runs one provider method of one resource type. */
export function run(type: string, method: number, args: unknown[]): Promise<unknown> {
  const name = SHIM_METHODS[method];
  if (name === "configure") return configure(args[0] as pulumi.dynamic.ConfigureRequest);
  const provider = providerFor(type) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  if (!name || !provider[name])
    throw new Error(`pulumi-proton: unknown provider method #${method}; upgrade pulumi-proton`);
  // Judged before the call: check replaces a schema by its digest in place.
  const bulkyInputs = name === "check" ? bulkyKeys(args[1] as Inputs) : [];
  const result = withResource(urnOf(type, args), () => provider[name](...args)).catch((e: unknown) => {
    throw reportedOnce(e);
  });
  return name === "check" ? result.then((r) => withoutBulkyValues(r as CheckResult, bulkyInputs)) : result;
}
