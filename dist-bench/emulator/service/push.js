"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.receivePush = receivePush;
const deployment_history_1 = require("./deployment-history");
const git_1 = require("./git");
const serviceSync_1 = require("./serviceSync");
const templateSync_1 = require("./templateSync");
/** The control plane's `POST /git/push`: moves the branch head and runs the syncs that track the branch. */
function receivePush(b, body) {
    const push = (0, git_1.readPush)(b, body);
    const base = { repository: push.repository, branch: push.branch, commitId: push.commitId };
    if (!(0, git_1.moveHead)(b, push))
        return { ...base, unchanged: true, templateSyncs: [], serviceSyncs: [] };
    const result = {
        ...base,
        unchanged: false,
        // Templates first: a commit may add the template version its services move to.
        templateSyncs: (0, templateSync_1.syncTemplatesOnPush)(b, push.repository, push.branch, push.commitId),
        serviceSyncs: (0, serviceSync_1.syncServicesOnPush)(b, push.repository, push.branch, push.commitId),
    };
    // Deployments the syncs started join the deployment history, as after an API call.
    (0, deployment_history_1.recordDeployments)(b);
    return result;
}
