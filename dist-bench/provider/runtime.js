"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SHIM_METHODS = void 0;
exports.providerFor = providerFor;
exports.configure = configure;
exports.run = run;
const descriptions_1 = require("./descriptions");
const client_1 = require("./engine/client");
const lifecycle_1 = require("./engine/lifecycle");
// The provider implementation, loaded at run time by the serialized shim (`require("pulumi-proton/runtime")`),
// so the code that runs is always the installed package's and the state never holds it.
const providers = new Map();
function providerFor(type) {
    let provider = providers.get(type);
    if (!provider) {
        const description = descriptions_1.DESCRIPTIONS[type];
        if (!description)
            throw new Error(`pulumi-proton: unknown resource type '${type}'`);
        provider = (0, lifecycle_1.lifecycle)(description);
        providers.set(type, provider);
    }
    return provider;
}
/** Stack config reaches dynamic providers here; `aws:region` is the default region. */
async function configure(req) {
    (0, client_1.setConfiguredRegion)(req.config.get("aws:region"));
}
/** What serialized shims call, by index. Frozen: states hold these indexes; only ever append. */
exports.SHIM_METHODS = ["configure", "check", "diff", "create", "read", "update", "delete"];
/** The shim's single entry point: runs one provider method of one resource type. */
function run(type, method, args) {
    const name = exports.SHIM_METHODS[method];
    if (name === "configure")
        return configure(args[0]);
    const provider = providerFor(type);
    if (!name || !provider[name])
        throw new Error(`pulumi-proton: unknown provider method #${method}; upgrade pulumi-proton`);
    return provider[name](...args);
}
