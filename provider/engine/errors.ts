// Error helpers: how AWS errors are recognised, and the partial-failure error the Pulumi host understands.

export const errorName = (e: unknown): string => (e as { name?: string })?.name ?? "";

export const isNotFound = (e: unknown) => errorName(e) === "ResourceNotFoundException";
export const isConflict = (e: unknown) => errorName(e) === "ConflictException";
/** Throttled past the SDK's retries: the error itself, or the one it rewords (describeAwsError's cause). */
export const isThrottled = (e: unknown): boolean => {
  const retryable = (e as { $retryable?: { throttling?: boolean } })?.$retryable;
  if (errorName(e) === "ThrottlingException" || retryable?.throttling) return true;
  const cause = (e as { cause?: unknown })?.cause;
  return cause !== undefined && cause !== e && isThrottled(cause);
};

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
export class Explained extends Error {}

/** Rewords an AWS error so it names the resource and, for auth problems, what to check. */
export function describeAwsError(e: unknown, what: string, action: string): Error {
  if (e instanceof Explained) return e;
  const name = errorName(e);
  const message = (e as Error)?.message ?? String(e);
  // Why: no request was sent at all, so "access denied" would send people looking at IAM policies.
  if (name === "CredentialsProviderError")
    return new Error(
      `${what}: no AWS credentials to ${action} with (${message}). ` +
        "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or another source of the default credential chain.",
      { cause: e },
    );
  if (AUTH_ERRORS.has(name))
    return new Error(
      `${what}: access denied while trying to ${action} (${name}: ${message}). ` +
        "Check the AWS credentials (default credential chain), the region and, for proton-local, AWS_ENDPOINT_URL_PROTON.",
      { cause: e },
    );
  return new Error(`${what}: could not ${action}: ${name ? `${name}: ` : ""}${message}`, { cause: e });
}

/** The message of a failure once the resource exists: auth errors reworded to name it, others as they are. */
export function failureMessage(e: unknown, what: string, action: string): string {
  if (e instanceof Explained) return e.message;
  if (AUTH_ERRORS.has(errorName(e))) return describeAwsError(e, what, action).message;
  return e instanceof Error ? e.message : String(e);
}

/**
 * The error shape the dynamic-provider host turns into a partial failure: the resource exists (id) with
 * these outputs, so the engine records it and the next `up` resumes through `update` instead of orphaning it.
 */
export class PartialFailure extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[] = [message],
  ) {
    super(message);
  }
}

/** The resource in an SDK answer, which the SDK types as optional; an answer without it is Proton's fault. */
export function answered<T>(value: T | undefined, what: string, member: string): T {
  if (value === undefined) throw new Error(`${what}: Proton's answer has no ${member}`);
  return value;
}
