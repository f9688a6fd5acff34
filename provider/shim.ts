// The provider Pulumi stores with each resource (`__provider`), written here as the module text the
// dynamic-provider host loads: it runs `requireFromString(text).handler()` and calls the object returned.
// The text holds only the resource's type name; every method loads the implementation from the installed
// package at run time, so the state stays under 2 KB, holds no client or credential, and a package upgrade
// changes nothing in it. Writing the text instead of having Pulumi's closure serializer derive it from a
// function saves the serializer's inspector session (about 0.5 s, then 35 ms per type) in every run of
// the program, twice per `pulumi up` (preview and update).

/** What the stored text calls, by index. Frozen: states hold these indexes; only ever append. */
export const SHIM_METHODS = ["configure", "check", "diff", "create", "read", "update", "delete"] as const;

/**
 * The `__provider` text for `type`. Terse on purpose (it is stored twice per resource): methods are sent as
 * their index in SHIM_METHODS.
 */
export function providerModule(type: string): string {
  const methods = SHIM_METHODS.map((m, i) => `${m}: (...a) => r(${i}, a)`).join(", ");
  return (
    "exports.handler = () => {\n" +
    `  const r = (m, a) => require("pulumi-proton/runtime").run(${JSON.stringify(type)}, m, a);\n` +
    `  return { ${methods} };\n` +
    "};\n"
  );
}
