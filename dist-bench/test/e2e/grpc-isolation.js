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
exports.isolateEngineConnections = isolateEngineConnections;
const settings = __importStar(require("@pulumi/pulumi/runtime/settings"));
// Why: inline programs run in this (long-lived) test process, and grpc-js shares connections to one address
// across clients in a process-wide pool. The engine of each CLI run listens on a fresh port, but the OS
// hands ports out again: a run whose resource monitor got the port of an earlier, finished run reused that
// run's dead connection, its first call failed at once with UNAVAILABLE, and the Pulumi SDK, taking
// UNAVAILABLE for an engine shutting down, ended the program quietly. The preview then "succeeded" without
// the program's resources, and the leftover rejections failed whichever test was running.
/** Gives every resource-monitor client of the Pulumi SDK its own connections in this process. */
function isolateEngineConnections() {
    const options = settings.grpcClientOptions;
    if (!options)
        throw new Error("@pulumi/pulumi/runtime/settings no longer has grpcClientOptions");
    options["grpc.use_local_subchannel_pool"] = 1;
}
