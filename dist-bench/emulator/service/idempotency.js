"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CLIENT_TOKEN_TTL_MS = void 0;
exports.clientTokenCreate = clientTokenCreate;
exports.nameKeyedCreate = nameKeyedCreate;
const backend_1 = require("./backend");
const errors_1 = require("../protocol/errors");
/** Client tokens are honoured for 8 hours after the request, as Proton documents. */
exports.CLIENT_TOKEN_TTL_MS = 8 * 60 * 60 * 1000;
/**
 * Client-token create (CreateEnvironmentTemplateVersion, CreateServiceTemplateVersion,
 * CreateEnvironmentAccountConnection, CreateServiceInstance): same token and parameters give back the
 * original resource while it exists and the token is fresh; other parameters are a mismatch.
 */
function clientTokenCreate(b, op, input, lookup, create) {
    const token = input.clientToken;
    const hash = (0, backend_1.paramsHash)(input, ["clientToken"]);
    const slot = `${op}/${token}`;
    const prior = token ? b.state.clientTokens[slot] : undefined;
    if (prior && b.now() - prior.issuedAt < exports.CLIENT_TOKEN_TTL_MS) {
        const existing = lookup(prior.resourceKey);
        if (existing !== undefined) {
            if (prior.paramsHash !== hash)
                throw (0, errors_1.mismatch)(`${op} with client token '${token}'`);
            return existing;
        }
    }
    const { key, result } = create();
    if (token)
        b.state.clientTokens[slot] = { paramsHash: hash, issuedAt: b.now(), resourceKey: key };
    return result;
}
/**
 * Name-keyed idempotent create (CreateEnvironmentTemplate, CreateServiceTemplate, CreateEnvironment,
 * CreateService): returns "existing" for an identical retry against an unmodified resource.
 */
function nameKeyedCreate(existing, input, what) {
    const hash = (0, backend_1.paramsHash)(input);
    if (!existing)
        return { hash, existing: false };
    if (existing.modified)
        throw (0, errors_1.conflict)(`${what} already exists and was modified since it was created`);
    if (existing.createHash !== hash)
        throw (0, errors_1.mismatch)(what);
    return { hash, existing: true };
}
