// Error helpers: how AWS errors are recognised, and the partial-failure error the Pulumi host understands.

export const errorName = (e: unknown): string => (e as { name?: string })?.name ?? "";

export const isNotFound = (e: unknown) => errorName(e) === "ResourceNotFoundException";
export const isConflict = (e: unknown) => errorName(e) === "ConflictException";

const AUTH_ERRORS = new Set([
  "AccessDeniedException",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "MissingAuthenticationTokenException",
  "IncompleteSignatureException",
  "ExpiredTokenException",
  "CredentialsProviderError",
]);

/** Rewords an AWS error so it names the resource and, for auth problems, what to check. */
export function describeAwsError(e: unknown, what: string, action: string): Error {
  const name = errorName(e);
  const message = (e as Error)?.message ?? String(e);
  if (AUTH_ERRORS.has(name))
    return new Error(
      `${what}: access denied while trying to ${action} (${name}: ${message}). ` +
        "Check the AWS credentials (default credential chain), the region and, for proton-local, AWS_ENDPOINT_URL_PROTON.",
    );
  return new Error(`${what}: ${action} failed: ${name ? `${name}: ` : ""}${message}`);
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
