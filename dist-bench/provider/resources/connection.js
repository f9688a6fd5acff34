"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EnvironmentAccountConnection = void 0;
const base_1 = require("./base");
const OUTPUTS = [
    "connectionId",
    "arn",
    "status",
    "environmentAccountId",
    "requestedAt",
    "lastModifiedAt",
    "region",
    "endpoint",
];
/** An AWS Proton environment account connection, requested from the environment account. */
class EnvironmentAccountConnection extends base_1.ProtonResource {
    constructor(name, args, opts) {
        super("EnvironmentAccountConnection", name, args, OUTPUTS, opts);
    }
}
exports.EnvironmentAccountConnection = EnvironmentAccountConnection;
