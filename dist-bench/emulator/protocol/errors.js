"use strict";
// Proton's error shapes and their HTTP status codes (awsJson1_0: body {"__type","message"}).
Object.defineProperty(exports, "__esModule", { value: true });
exports.mismatch = exports.notFound = exports.conflict = exports.validation = exports.ProtonError = exports.ERROR_STATUS = void 0;
exports.ERROR_STATUS = {
    ValidationException: 400,
    ServiceQuotaExceededException: 402,
    AccessDeniedException: 403,
    ResourceNotFoundException: 404,
    ConflictException: 409,
    ThrottlingException: 429,
    InternalServerException: 500,
    // Errors raised by the AWS front door rather than by Proton itself.
    UnknownOperationException: 400,
    SerializationException: 400,
    MissingAuthenticationTokenException: 403,
    UnrecognizedClientException: 403,
    InvalidSignatureException: 403,
    IncompleteSignatureException: 400,
    NotImplementedException: 501,
};
class ProtonError extends Error {
    type;
    constructor(type, message) {
        super(message);
        this.type = type;
    }
    get status() {
        return exports.ERROR_STATUS[this.type];
    }
}
exports.ProtonError = ProtonError;
const validation = (message) => new ProtonError("ValidationException", message);
exports.validation = validation;
const conflict = (message) => new ProtonError("ConflictException", message);
exports.conflict = conflict;
const notFound = (message) => new ProtonError("ResourceNotFoundException", message);
exports.notFound = notFound;
const mismatch = (what) => (0, exports.validation)(`IdempotentParameterMismatch: ${what} was already requested with different parameters`);
exports.mismatch = mismatch;
