import { join } from "node:path";
import {
  CreateEnvironmentCommand,
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  CreateRepositoryCommand,
  CreateServiceCommand,
  CreateServiceTemplateCommand,
  CreateServiceTemplateVersionCommand,
  ProtonClient,
  type RepositoryBranchInput,
  UpdateEnvironmentTemplateVersionCommand,
  UpdateServiceTemplateVersionCommand,
  type ProtonClientConfig,
} from "@aws-sdk/client-proton";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { ConfiguredRetryStrategy } from "@smithy/util-retry";
import { stringify } from "yaml";
import {
  ProtonLocalControl,
  startProtonLocal,
  type ProtonLocal,
  type ProtonLocalOptions,
} from "../../emulator";

// Shared setup for the proton-local tests: an in-process emulator, a real @aws-sdk/client-proton pointed
// at it over HTTP, its control plane, and builders for the resources most tests start from.

export const REGION = "us-east-1";
export const CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };
export const ACCOUNT_ID = "000000000000";
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/ProtonServiceRole`;
export const BUNDLE_ROOT = join(__dirname, "..", "fixtures", "bundles");

const BUCKET = "proton-local-fixtures";
/** Template bundles under BUNDLE_ROOT (see test/fixtures/bundles). */
export const BUNDLES = {
  /** Environment: cidr (pattern), flow_logs (boolean). */
  env: { bucket: BUCKET, key: "env-vpc/v1" },
  /** Service with a pipeline: port (1..65535), size (small|large); pipeline build_cmd (minLength 1). */
  web: { bucket: BUCKET, key: "svc-web/v1" },
  /** Service without a pipeline: concurrency (1..64). */
  worker: { bucket: BUCKET, key: "svc-worker/v1" },
  /** Broken: pipeline_infrastructure/ but no pipeline_input_type, so registration fails. */
  badPipeline: { bucket: BUCKET, key: "svc-bad-pipeline/v1" },
  /** Environment whose template names an input its schema lacks: deployments fail rendering. */
  envBroken: { bucket: BUCKET, key: "env-broken/v1" },
  /** Environment as Terraform files (self-managed provisioning); same inputs as env. */
  envTerraform: { bucket: BUCKET, key: "env-tf/v1" },
  /** Service without a pipeline whose instance template reads environment and component outputs. */
  api: { bucket: BUCKET, key: "svc-api/v1" },
};

/**
 * Async work takes this long in the default harness, far longer than any test runs, so nothing moves
 * until a test advances proton-local's clock with `settle()`. That keeps every state observable.
 */
export const STEP_MS = 60_000;

export interface Harness {
  local: ProtonLocal;
  client: ProtonClient;
  control: ProtonLocalControl;
  /** Moves the emulated clock past every async duration, so all scheduled work is due. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface ClientOptions {
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** HTTP attempts per call (the SDK default is 3). */
  maxAttempts?: number;
  /** Wait between attempts (default 5 ms, so fault tests stay fast). */
  retryDelayMs?: number;
}

export function makeClient(endpoint: string, options: ClientOptions = {}): ProtonClient {
  const config: ProtonClientConfig = {
    region: REGION,
    endpoint,
    credentials: options.credentials ?? CREDENTIALS,
    retryStrategy: new ConfiguredRetryStrategy(options.maxAttempts ?? 3, options.retryDelayMs ?? 5),
  };
  return new ProtonClient(config);
}

export async function startHarness(options: ProtonLocalOptions = {}): Promise<Harness> {
  const local = await startProtonLocal({
    port: 0,
    bundleRoot: BUNDLE_ROOT,
    ...options,
    durations: {
      registrationMs: STEP_MS,
      deploymentMs: STEP_MS,
      deletionMs: STEP_MS,
      cancellationMs: STEP_MS,
      ...options.durations,
    },
  });
  const client = makeClient(local.endpoint);
  const control = new ProtonLocalControl(local.endpoint);
  return {
    local,
    client,
    control,
    settle: async () => {
      const d = await control.durations();
      await control.advanceClock(
        Math.max(d.registrationMs, d.deploymentMs, d.deletionMs, d.cancellationMs) + 1,
      );
    },
    close: async () => {
      client.destroy();
      await local.close();
    },
  };
}

/** Starts a harness before the file's tests and closes it after; the returned object is filled in beforeAll. */
export function useHarness(options: ProtonLocalOptions = {}): Harness {
  const h = {} as Harness;
  beforeAll(async () => {
    Object.assign(h, await startHarness(options));
  });
  afterAll(async () => {
    await h.close?.();
  });
  return h;
}

let counter = 0;
/** A fresh resource name, so tests sharing one emulator never collide. */
export const uniq = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${++counter}`;

export const envSpec = (inputs: Record<string, unknown> = { cidr: "10.0.0.0/16", flow_logs: true }): string =>
  stringify({ proton: "EnvironmentSpec", spec: inputs });

export interface InstanceSpec {
  name: string;
  environment: string;
  spec?: Record<string, unknown>;
}

export const serviceSpec = (instances: InstanceSpec[], pipeline?: Record<string, unknown>): string =>
  stringify({
    proton: "ServiceSpec",
    ...(pipeline ? { pipeline } : {}),
    instances: instances.map((i) => ({ name: i.name, environment: i.environment, spec: i.spec ?? {} })),
  });

/** HTTP status of each error type, as Proton answers them. */
export const STATUS: Record<string, number> = {
  ValidationException: 400,
  ServiceQuotaExceededException: 402,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  ThrottlingException: 429,
  InternalServerException: 500,
  UnknownOperationException: 400,
  MissingAuthenticationTokenException: 403,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  NotImplementedException: 501,
};

export interface SdkError extends Error {
  $metadata: { httpStatusCode?: number; requestId?: string; attempts?: number };
  $fault?: string;
}

/** Awaits a call that must fail with `name` (and the HTTP status Proton uses for it); returns the error. */
export async function expectError(
  call: Promise<unknown>,
  name: string,
  message?: RegExp | string,
): Promise<SdkError> {
  let error: SdkError | undefined;
  try {
    await call;
  } catch (e) {
    error = e as SdkError;
  }
  if (!error) throw new Error(`expected ${name}, but the call succeeded`);
  expect({ name: error.name, status: error.$metadata?.httpStatusCode }).toEqual({
    name,
    status: STATUS[name],
  });
  if (message !== undefined) expect(error.message).toMatch(message);
  return error;
}

/**
 * Creates an environment template version from `bundle` (a new major unless `majorVersion`), settles it
 * and optionally publishes it; returns its key.
 */
export async function addVersion(
  h: Harness,
  templateName: string,
  options: { majorVersion?: string; publish?: boolean; bundle?: { bucket: string; key: string } } = {},
) {
  const { environmentTemplateVersion: v } = await h.client.send(
    new CreateEnvironmentTemplateVersionCommand({
      templateName,
      majorVersion: options.majorVersion,
      source: { s3: options.bundle ?? BUNDLES.env },
    }),
  );
  await h.settle();
  const key = { templateName, majorVersion: v!.majorVersion!, minorVersion: v!.minorVersion! };
  if (options.publish)
    await h.client.send(new UpdateEnvironmentTemplateVersionCommand({ ...key, status: "PUBLISHED" }));
  return key;
}

/** An environment template with version 1.0 registered from `bundle`, published unless told otherwise. */
export async function envTemplate(
  h: Harness,
  name = uniq("envt"),
  options: { bundle?: { bucket: string; key: string }; publish?: boolean } = {},
): Promise<string> {
  await h.client.send(new CreateEnvironmentTemplateCommand({ name }));
  await addVersion(h, name, { bundle: options.bundle, publish: options.publish !== false });
  return name;
}

/** A service template with version 1.0 compatible with `envTemplateName` major 1, published unless told otherwise. */
export async function serviceTemplate(
  h: Harness,
  envTemplateName: string,
  name = uniq("svct"),
  options: {
    bundle?: { bucket: string; key: string };
    publish?: boolean;
    pipelineProvisioning?: "CUSTOMER_MANAGED";
  } = {},
): Promise<string> {
  await h.client.send(
    new CreateServiceTemplateCommand({ name, pipelineProvisioning: options.pipelineProvisioning }),
  );
  const { serviceTemplateVersion: v } = await h.client.send(
    new CreateServiceTemplateVersionCommand({
      templateName: name,
      source: { s3: options.bundle ?? BUNDLES.web },
      compatibleEnvironmentTemplates: [{ templateName: envTemplateName, majorVersion: "1" }],
    }),
  );
  await h.settle();
  if (options.publish !== false) {
    await h.client.send(
      new UpdateServiceTemplateVersionCommand({
        templateName: name,
        majorVersion: v!.majorVersion,
        minorVersion: v!.minorVersion,
        status: "PUBLISHED",
      }),
    );
  }
  return name;
}

export const CONNECTION_ARN = `arn:aws:codestar-connections:${REGION}:${ACCOUNT_ID}:connection/3f0e0c1d-2b4a-4c5d-9e8f-0a1b2c3d4e5f`;

/**
 * Links a repository (CreateRepository, idempotent for the same parameters) and returns the branch a
 * self-managed environment's `provisioningRepository` names: Proton takes only linked repositories there.
 */
export async function linkedRepository(h: Harness, name = "acme/infra"): Promise<RepositoryBranchInput> {
  await h.client.send(
    new CreateRepositoryCommand({ provider: "GITHUB", name, connectionArn: CONNECTION_ARN }),
  );
  return { provider: "GITHUB", name, branch: "main" };
}

/** A deployed (SUCCEEDED) environment on `templateName` 1.x. */
export async function environment(
  h: Harness,
  templateName: string,
  name = uniq("env"),
  options: { spec?: string; settle?: boolean } = {},
): Promise<string> {
  await h.client.send(
    new CreateEnvironmentCommand({
      name,
      templateName,
      templateMajorVersion: "1",
      spec: options.spec ?? envSpec(),
      protonServiceRoleArn: ROLE_ARN,
    }),
  );
  if (options.settle !== false) await h.settle();
  return name;
}

/** Everything a service needs: a deployed environment and a published service template compatible with it. */
export async function serviceWorld(
  h: Harness,
  options: { bundle?: { bucket: string; key: string } } = {},
): Promise<{ envTemplate: string; environment: string; serviceTemplate: string }> {
  const et = await envTemplate(h);
  const env = await environment(h, et);
  const st = await serviceTemplate(h, et, uniq("svct"), { bundle: options.bundle });
  return { envTemplate: et, environment: env, serviceTemplate: st };
}

/** Creates a service on `world` with the given instances (and pipeline inputs), settled unless told otherwise. */
export async function service(
  h: Harness,
  world: { environment: string; serviceTemplate: string },
  options: { name?: string; instances?: string[]; pipeline?: Record<string, unknown>; settle?: boolean } = {},
): Promise<string> {
  const name = options.name ?? uniq("svc");
  const instances = (options.instances ?? ["one"]).map((i) => ({
    name: i,
    environment: world.environment,
    spec: { port: 8080 },
  }));
  await h.client.send(
    new CreateServiceCommand({
      name,
      templateName: world.serviceTemplate,
      templateMajorVersion: "1",
      spec: serviceSpec(instances, options.pipeline),
    }),
  );
  if (options.settle !== false) await h.settle();
  return name;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/**
 * Sends one raw awsJson1_0 request, SigV4-signed with @smithy/signature-v4 unless `sign` is false.
 * `tamper` changes the body after signing.
 */
export async function rawCall(
  endpoint: string,
  target: string,
  body: unknown,
  options: {
    sign?: boolean;
    credentials?: typeof CREDENTIALS;
    /** Send and sign x-amz-content-sha256 (default true; some SDKs leave it out for JSON services). */
    contentHash?: boolean;
    signingDate?: Date;
    tamper?: (body: string) => string;
  } = {},
): Promise<RawResponse> {
  const url = new URL(endpoint);
  const text = JSON.stringify(body);
  let headers: Record<string, string> = {
    host: url.host,
    "content-type": "application/x-amz-json-1.0",
    "x-amz-target": target,
  };
  if (options.sign !== false) {
    const signer = new SignatureV4({
      credentials: options.credentials ?? CREDENTIALS,
      region: REGION,
      service: "proton",
      sha256: Sha256,
      applyChecksum: options.contentHash !== false,
    });
    const signed = await signer.sign(
      {
        method: "POST",
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: "/",
        headers,
        body: text,
      },
      { signingDate: options.signingDate },
    );
    headers = signed.headers;
  }
  const { host: _host, ...sendable } = headers;
  const res = await fetch(`${endpoint}/`, {
    method: "POST",
    headers: sendable,
    body: options.tamper ? options.tamper(text) : text,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}
