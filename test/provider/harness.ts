import { join } from "node:path";
import { ProtonClient } from "@aws-sdk/client-proton";
import { ProtonLocalControl, startProtonLocal, type ProtonLocal } from "../../emulator";
import { PartialFailure } from "../../provider/engine/errors";
import { providerFor } from "../../provider/runtime";

// Provider tests run the real lifecycle (runtime.providerFor) against an in-process proton-local over
// HTTP, through the real AWS SDK, exactly as the Pulumi host would call it.

export const BUNDLE_ROOT = join(__dirname, "..", "fixtures", "bundles");
export const BUCKET = "proton-local-fixtures";
export const ROLE_ARN = "arn:aws:iam::000000000000:role/ProtonServiceRole";
export const ENV_BUNDLE_DIR = join(BUNDLE_ROOT, BUCKET, "env-vpc/v1");
export const WEB_BUNDLE_DIR = join(BUNDLE_ROOT, BUCKET, "svc-web/v1");
/** Bundles whose CloudFormation `Outputs:` follow their inputs (env-vpc's and svc-web's inputs). */
export const ENV_OUTPUTS_KEY = "env-outputs/v1";
export const SVC_OUTPUTS_KEY = "svc-outputs/v1";

export type Props = Record<string, unknown>;

export interface ProviderHarness {
  local: ProtonLocal;
  control: ProtonLocalControl;
  client: ProtonClient;
  /** check + create, as `pulumi up` does for a new resource. */
  create(type: string, inputs: Props): Promise<{ id: string; outs: Props }>;
  /** check + diff against stored outputs. */
  diff(
    type: string,
    olds: Props,
    news: Props,
  ): Promise<{ changes?: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }>;
  check(
    type: string,
    news: Props,
  ): Promise<{ inputs?: Props; failures?: { property: string; reason: string }[] }>;
  provider: typeof providerFor;
  /** Calls proton-local answered since the last mark, per operation. */
  counts(): Promise<Record<string, { total: number; ok: number; failed: number }>>;
  mark(): Promise<void>;
  close(): Promise<void>;
}

/** How long proton-local's registrations, deployments, deletions and cancellations take here. */
const STATE_CHANGE_MS = 30;

/** Starts proton-local (its durations as given, else STATE_CHANGE_MS each) and points the provider at it. */
export async function startHarness(
  durations: Partial<Record<"registrationMs" | "deploymentMs" | "deletionMs", number>> = {},
): Promise<ProviderHarness> {
  const ms = STATE_CHANGE_MS;
  const local = await startProtonLocal({
    bundleRoot: BUNDLE_ROOT,
    durations: { registrationMs: ms, deploymentMs: ms, deletionMs: ms, cancellationMs: ms, ...durations },
  });
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_PROTON: local.endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    PULUMI_PROTON_POLL_MIN_SECONDS: "0.02",
    PULUMI_PROTON_POLL_MAX_SECONDS: "0.1",
  });
  const control = new ProtonLocalControl(local.endpoint);
  const client = new ProtonClient({
    region: "us-east-1",
    endpoint: local.endpoint,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  let since = 0;
  const check = async (type: string, news: Props) => providerFor(type).check({}, { ...news });
  return {
    local,
    control,
    client,
    provider: providerFor,
    check,
    async create(type, inputs) {
      const checked = await check(type, inputs);
      if (checked.failures?.length)
        throw new Error(checked.failures.map((f) => `${f.property}: ${f.reason}`).join("\n"));
      return (await providerFor(type).create(checked.inputs as Props)) as { id: string; outs: Props };
    },
    async diff(type, olds, news) {
      const checked = await check(type, news);
      return providerFor(type).diff("id", olds, checked.inputs as Props);
    },
    async counts() {
      return (await control.calls({ since })).counts;
    },
    async mark() {
      since = (await control.calls()).lastSeq;
    },
    async close() {
      client.destroy();
      await local.close();
    },
  };
}

/** The PartialFailure a provider call ends with; any other outcome fails the test. */
export async function partialFailure(call: Promise<unknown>): Promise<PartialFailure> {
  const outcome = await call.then(
    () => new Error("the call succeeded"),
    (e: unknown) => e,
  );
  if (!(outcome instanceof PartialFailure))
    throw new Error(`expected a PartialFailure, got: ${String(outcome)}`);
  return outcome;
}

let seq = 0;
/** A unique name per test, so tests in one file never collide. */
export const unique = (prefix: string) => `${prefix}-${++seq}`;

export const envSpec = (cidr = "10.0.0.0/16") =>
  `proton: EnvironmentSpec\nspec:\n  cidr: ${cidr}\n  flow_logs: true\n`;

/** Inputs of a version of template `templateName` from the fixtures' bundle `key`. */
export const versionOn = (templateName: string, key = "env-vpc/v1") => ({
  templateName,
  source: { s3: { bucket: BUCKET, key } },
  bundleDir: join(BUNDLE_ROOT, BUCKET, key),
  logicalId: `t/${templateName}-v1`,
});

/** Creates a published environment template version (of env-vpc/v1 unless told) and returns its names. */
export async function publishedEnvTemplate(h: ProviderHarness, name = unique("envtpl"), key = "env-vpc/v1") {
  await h.create("EnvironmentTemplate", { name, logicalId: `t/${name}` });
  const version = await h.create("EnvironmentTemplateVersion", versionOn(name, key));
  return { templateName: name, version };
}

/** Inputs of an environment called `name` on a template publishedEnvTemplate made. */
export const environmentOn = (
  { templateName, version }: Awaited<ReturnType<typeof publishedEnvTemplate>>,
  name: string,
  extra: Props = {},
) => ({
  name,
  templateName,
  templateMajorVersion: "1",
  spec: envSpec(),
  protonServiceRoleArn: ROLE_ARN,
  templateSchema: version.outs.schema,
  logicalId: `p/s/${name}`,
  ...extra,
});

/** Inputs of a new environment on a freshly published template (its bundle chosen by bundleKey). */
export async function environmentInputs(h: ProviderHarness, extra: Props = {}, bundleKey?: string) {
  const template = await publishedEnvTemplate(h, undefined, bundleKey);
  return { inputs: environmentOn(template, unique("env"), extra), templateName: template.templateName };
}
