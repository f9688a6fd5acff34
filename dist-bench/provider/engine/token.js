"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.clientToken = clientToken;
exports.createPastFailedAttempts = createPastFailedAttempts;
const node_crypto_1 = require("node:crypto");
const model_1 = require("../../common/model");
/**
 * Client token for a create call, derived from the resource's identity (project, stack, type, logical name)
 * and the create parameters. Deterministic, so a create retried after a crash or a timeout sends the same
 * token and Proton answers with the original resource. It is a hash: spec contents never appear in it.
 */
function clientToken(resourceType, identity, createParams) {
    const digest = (0, node_crypto_1.createHash)("sha256")
        .update(`${resourceType}\n${identity}\n${(0, model_1.canonicalJson)(createParams)}`)
        .digest("hex");
    return `pulumi-proton-${digest.slice(0, 48)}`;
}
/**
 * Sends a client-token create, `send(token)`, and returns Proton's answer. A token names its first
 * request for 8 hours, so a replacement of a version left REGISTRATION_FAILED (or a REJECTED connection)
 * would get the failed resource back under the same token. When `failedAttempt` says the answer is such
 * an earlier attempt (it returns its id), the create is sent again under a token derived from that id:
 * still deterministic, so a retried replacement finds its own attempt rather than making another.
 */
async function createPastFailedAttempts(token, send, failedAttempt) {
    for (let attempt = 0;; attempt++) {
        const answer = await send(token);
        const failedId = failedAttempt(answer);
        if (token === undefined || failedId === undefined)
            return answer;
        if (attempt >= 20)
            throw new Error(`client token ${token} keeps answering failed attempts (${failedId})`);
        token = clientToken("superseded", token, failedId);
    }
}
