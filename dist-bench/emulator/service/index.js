"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.HANDLERS = void 0;
exports.progress = progress;
const account_1 = require("./account");
const connections_1 = require("./connections");
const deployment_api_1 = require("./deployment-api");
const deployment_history_1 = require("./deployment-history");
const environments_1 = require("./environments");
const repositories_1 = require("./repositories");
const sync_1 = require("./sync");
const templateSync_1 = require("./templateSync");
const outputs_1 = require("./outputs");
const serviceSync_1 = require("./serviceSync");
const services_1 = require("./services");
const tags_1 = require("./tags");
const templates_1 = require("./templates");
const OPERATIONS = {
    ...(0, templates_1.templateOps)("ENVIRONMENT"),
    ...(0, templates_1.templateOps)("SERVICE"),
    ...environments_1.environmentOps,
    ...services_1.serviceOps,
    ...(0, serviceSync_1.blockingManualChanges)(services_1.serviceOps),
    ...connections_1.connectionOps,
    ...account_1.accountOps,
    ...repositories_1.repositoryOps,
    ...sync_1.syncStatusOps,
    ...templateSync_1.templateSyncOps,
    ...serviceSync_1.serviceSyncOps,
    ...tags_1.tagOps,
    ...outputs_1.outputOps,
    ...deployment_api_1.deploymentOps,
    // Each handler takes its own operation's input, which the model check has validated.
};
/**
 * Operation name -> behaviour. The protocol layer validates input against the model before calling these.
 * After each one the deployment history takes in what it started or changed.
 */
exports.HANDLERS = Object.fromEntries(Object.entries(OPERATIONS).map(([name, handler]) => [
    name,
    (b, input) => {
        const output = handler(b, input);
        (0, deployment_history_1.recordDeployments)(b);
        return output;
    },
]));
/** Brings every async state machine up to the emulated clock's now. Called before each request. */
function progress(b) {
    const now = b.now();
    (0, templates_1.progressRegistrations)(b, now);
    (0, templateSync_1.progressTemplateSyncs)(b);
    (0, environments_1.progressEnvironments)(b, now);
    (0, services_1.progressServices)(b, now);
    // Service sync may start deployments as earlier ones settle: the history takes them in after it.
    (0, serviceSync_1.progressServiceSyncs)(b);
    (0, deployment_history_1.recordDeployments)(b);
}
