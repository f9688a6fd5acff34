"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.ProtonResource = void 0;
const pulumi = __importStar(require("@pulumi/pulumi"));
const shim_1 = require("../shim");
// One shim per type, so Pulumi serializes each provider once per program.
const shims = new Map();
/** Base of every pulumi-proton resource: type token `pulumi-nodejs:dynamic/proton:<type>`. */
class ProtonResource extends pulumi.dynamic.Resource {
    constructor(type, name, args, outputs, opts) {
        let provider = shims.get(type);
        if (!provider)
            shims.set(type, (provider = (0, shim_1.shim)(type)));
        const props = {
            ...Object.fromEntries(outputs.map((k) => [k, undefined])),
            ...args,
            // Client tokens derive from this identity (and the inputs), never from anything random.
            logicalId: `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
        };
        super(provider, name, props, opts, "proton", type);
    }
}
exports.ProtonResource = ProtonResource;
