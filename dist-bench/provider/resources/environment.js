"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Environment = void 0;
const base_1 = require("./base");
const OUTPUTS = [
    "arn",
    "deploymentStatus",
    "deploymentStatusMessage",
    "environmentAccountId",
    "createdAt",
    "lastDeploymentAttemptedAt",
    "lastDeploymentSucceededAt",
    "lastAttemptedDeploymentId",
    "lastSucceededDeploymentId",
    "region",
    "endpoint",
];
/** An AWS Proton environment, deployed from a published environment template version. */
class Environment extends base_1.ProtonResource {
    constructor(name, args, opts) {
        super("Environment", name, args, OUTPUTS, opts);
    }
}
exports.Environment = Environment;
