// Proton's error shapes and their HTTP status codes (awsJson1_0: body {"__type","message"}).

export const ERROR_STATUS = {
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
} as const;

export type ErrorType = keyof typeof ERROR_STATUS;

export class ProtonError extends Error {
  constructor(
    readonly type: ErrorType,
    message: string,
  ) {
    super(message);
  }
  get status(): number {
    return ERROR_STATUS[this.type];
  }
}

export const validation = (message: string) => new ProtonError("ValidationException", message);
export const conflict = (message: string) => new ProtonError("ConflictException", message);
export const notFound = (message: string) => new ProtonError("ResourceNotFoundException", message);
export const mismatch = (what: string) =>
  validation(`IdempotentParameterMismatch: ${what} was already requested with different parameters`);
