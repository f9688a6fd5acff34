// The provider's settings from the environment, and the SDK's AWS_MAX_ATTEMPTS, which it honours. Each is
// read where it is used, falling back to its default when a value breaks its rule; check() reports every
// broken rule at preview time (settingProblems), so a typo in a CI variable fails the preview instead of
// silently changing how the provider polls or paces its calls.

/** A numeric setting from the environment: its value when it is a positive number, else undefined. */
export function positiveSetting(raw: string | undefined): number | undefined {
  const n = Number(raw);
  return raw !== undefined && raw !== "" && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** A count from the environment: its value when it is a whole number of at least 1, else undefined. */
export function wholeSetting(raw: string | undefined): number | undefined {
  const n = positiveSetting(raw);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

const POSITIVE = { rule: "a positive number", ok: (raw: string) => positiveSetting(raw) !== undefined };

/** Every setting with its rule; an unset or empty variable means the default. */
const SETTINGS: Record<string, { rule: string; ok: (raw: string) => boolean }> = {
  PULUMI_PROTON_POLL_SCHEDULE: {
    rule: '"expected" or "exponential"',
    ok: (raw) => raw === "expected" || raw === "exponential",
  },
  PULUMI_PROTON_POLL_MIN_SECONDS: POSITIVE,
  PULUMI_PROTON_POLL_MAX_SECONDS: POSITIVE,
  PULUMI_PROTON_POLL_TIME_SCALE: POSITIVE,
  PULUMI_PROTON_POLL_EXPECTED_DEPLOYMENT_SECONDS: POSITIVE,
  PULUMI_PROTON_READS_PER_SECOND: POSITIVE,
  PULUMI_PROTON_WRITES_PER_SECOND: POSITIVE,
  // The SDK's own variable, which the provider's retries honour (client.ts).
  AWS_MAX_ATTEMPTS: { rule: "a whole number of at least 1", ok: (raw) => wholeSetting(raw) !== undefined },
};

/** One sentence per setting whose value breaks its rule, naming the variable, the rule and the value. */
export function settingProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  const problems = Object.entries(SETTINGS)
    .filter(([name, { ok }]) => env[name] !== undefined && env[name] !== "" && !ok(env[name]))
    .map(([name, { rule }]) => `the environment variable ${name} must be ${rule}, got '${env[name]}'`);
  // Both set and valid, the shortest gap must not exceed the longest (it would silently win).
  const min = positiveSetting(env.PULUMI_PROTON_POLL_MIN_SECONDS);
  const max = positiveSetting(env.PULUMI_PROTON_POLL_MAX_SECONDS);
  if (min !== undefined && max !== undefined && min > max)
    problems.push(
      `the environment variable PULUMI_PROTON_POLL_MIN_SECONDS (${min}) must not exceed ` +
        `PULUMI_PROTON_POLL_MAX_SECONDS (${max})`,
    );
  return problems;
}
