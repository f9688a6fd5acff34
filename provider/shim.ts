import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider object Pulumi serializes into the state for each resource. It holds only the resource's
 * type name; every method loads the implementation from the installed package at run time, so the
 * serialized text stays under 2 KB, holds no client or credential, and a package upgrade changes nothing
 * in it. The text is terse on purpose (it is stored twice per resource): methods are sent as their index
 * in SHIM_METHODS (runtime.ts), an order that never changes.
 */
export function shim(type: string): pulumi.dynamic.ResourceProvider {
  // Typed only for the compiler: the emitted text stays `require("pulumi-proton/runtime").run(type, m, a)`.
  const r = <T>(m: number, a: unknown[]) =>
    (require("pulumi-proton/runtime") as typeof import("./runtime")).run(type, m, a) as Promise<T>;
  return {
    configure: (...a) => r(0, a),
    check: (...a) => r(1, a),
    diff: (...a) => r(2, a),
    create: (...a) => r(3, a),
    read: (...a) => r(4, a),
    update: (...a) => r(5, a),
    delete: (...a) => r(6, a),
  };
}
