"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.shim = shim;
/**
 * The provider object Pulumi serializes into the state for each resource. It holds only the resource's
 * type name; every method loads the implementation from the installed package at run time, so the
 * serialized text stays under 2 KB, holds no client or credential, and a package upgrade changes nothing
 * in it. The text is terse on purpose (it is stored twice per resource): methods are sent as their index
 * in SHIM_METHODS (runtime.ts), an order that never changes.
 */
function shim(type) {
    const r = (m, a) => require("pulumi-proton/runtime").run(type, m, a);
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
