"use strict";
// Error helpers: how AWS errors are recognised, and the partial-failure error the Pulumi host understands.
Object.defineProperty(exports, "__esModule", { value: true });
exports.PartialFailure = exports.Explained = exports.isConflict = exports.isNotFound = exports.errorName = void 0;
exports.describeAwsError = describeAwsError;
exports.failureMessage = failureMessage;
const errorName = (e) => e?.name ?? "";
exports.errorName = errorName;
const isNotFound = (e) => (0, exports.errorName)(e) === "ResourceNotFoundException";
exports.isNotFound = isNotFound;
const isConflict = (e) => (0, exports.errorName)(e) === "ConflictException";
exports.isConflict = isConflict;
const AUTH_ERRORS = new Set([
    "AccessDeniedException",
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "MissingAuthenticationTokenException",
    "IncompleteSignatureException",
    "ExpiredTokenException",
]);
/**
 * A failure whose message is complete (names the resource, the reason and the fix): shown as it is, never
 * retried.
 */
class Explained extends Error {
}
exports.Explained = Explained;
/** Rewords an AWS error so it names the resource and, for auth problems, what to check. */
function describeAwsError(e, what, action) {
    if (e instanceof Explained)
        return e;
    const name = (0, exports.errorName)(e);
    const message = e?.message ?? String(e);
    // Why: no request was sent at all, so "access denied" would send people looking at IAM policies.
    if (name === "CredentialsProviderError")
        return new Error(`${what}: no AWS credentials to ${action} with (${message}). ` +
            "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or another source of the default credential chain.");
    if (AUTH_ERRORS.has(name))
        return new Error(`${what}: access denied while trying to ${action} (${name}: ${message}). ` +
            "Check the AWS credentials (default credential chain), the region and, for proton-local, AWS_ENDPOINT_URL_PROTON.");
    return new Error(`${what}: could not ${action}: ${name ? `${name}: ` : ""}${message}`);
}
/** The message of a failure once the resource exists: auth errors reworded to name it, others as they are. */
function failureMessage(e, what, action) {
    if (e instanceof Explained)
        return e.message;
    if (AUTH_ERRORS.has((0, exports.errorName)(e)))
        return describeAwsError(e, what, action).message;
    return e instanceof Error ? e.message : String(e);
}
/**
 * The error shape the dynamic-provider host turns into a partial failure: the resource exists (id) with
 * these outputs, so the engine records it and the next `up` resumes through `update` instead of orphaning it.
 */
class PartialFailure extends Error {
    id;
    properties;
    reasons;
    constructor(message, id, properties, reasons = [message]) {
        super(message);
        this.id = id;
        this.properties = properties;
        this.reasons = reasons;
    }
}
exports.PartialFailure = PartialFailure;
