import { describeAwsError, failureMessage, isThrottled } from "./errors";

// How AWS errors read once the provider has worded them: the resource named, and for credential
// problems what to check.

const awsError = (name: string, message: string) => Object.assign(new Error(message), { name });
const WHAT = "environment 'dev'";

test.each([
  "AccessDeniedException",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "MissingAuthenticationTokenException",
  "ExpiredTokenException",
])("%s reads as access denied, naming the resource and what to check", (name) => {
  expect(describeAwsError(awsError(name, "no"), WHAT, "read it").message).toBe(
    `${WHAT}: access denied while trying to read it (${name}: no). ` +
      "Check the AWS credentials (default credential chain), the region and, for proton-local, AWS_ENDPOINT_URL_PROTON.",
  );
});

test("no credentials at all reads as such, not as access denied (no request was sent)", () => {
  const error = awsError("CredentialsProviderError", "Could not load credentials from any providers");
  const message = describeAwsError(error, WHAT, "create it").message;
  expect(message).toMatch(
    /^environment 'dev': no AWS credentials to create it with \(Could not load credentials from any providers\)\. Set AWS_ACCESS_KEY_ID/,
  );
  expect(message).not.toContain("access denied");
});

test("other AWS errors keep their type and message", () => {
  expect(describeAwsError(awsError("ConflictException", "busy"), WHAT, "delete it").message).toBe(
    `${WHAT}: could not delete it: ConflictException: busy`,
  );
});

test("failureMessage rewords auth errors only; other failures keep their own message", () => {
  expect(failureMessage(awsError("AccessDeniedException", "denied"), WHAT, "update it")).toMatch(
    /^environment 'dev': access denied while trying to update it \(AccessDeniedException: denied\)/,
  );
  expect(failureMessage(new Error("environment 'dev': FAILED: boom"), WHAT, "update it")).toBe(
    "environment 'dev': FAILED: boom",
  );
  expect(failureMessage("text", WHAT, "update it")).toBe("text");
});

test("a throttled call is recognised by its name or the SDK's throttling mark, also once reworded", () => {
  const throttled = awsError("ThrottlingException", "Rate exceeded");
  expect(isThrottled(throttled)).toBe(true);
  expect(
    isThrottled(
      Object.assign(awsError("TooManyRequestsException", "slow down"), { $retryable: { throttling: true } }),
    ),
  ).toBe(true);
  const reworded = describeAwsError(throttled, WHAT, "read it");
  expect(reworded.message).toBe(`${WHAT}: could not read it: ThrottlingException: Rate exceeded`);
  expect(isThrottled(reworded)).toBe(true);
  expect(isThrottled(describeAwsError(awsError("ValidationException", "bad"), WHAT, "read it"))).toBe(false);
  expect(isThrottled(undefined)).toBe(false);
});
