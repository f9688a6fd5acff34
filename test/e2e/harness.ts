import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { ProtonClient } from "@aws-sdk/client-proton";
import * as pulumi from "@pulumi/pulumi";
import type {
  DiagnosticEvent,
  EngineEvent,
  PulumiFn,
  Stack,
  StepEventMetadata,
} from "@pulumi/pulumi/automation";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { ProtonLocalControl, startProtonLocal, type CallRecord, type ProtonLocal } from "../../emulator";
import * as proton from "../../provider";
import { BUCKET, BUNDLE_ROOT, ENV_BUNDLE_DIR, ROLE_ARN, WEB_BUNDLE_DIR } from "../provider/harness";
import { isolateEngineConnections } from "./grpc-isolation";

// End-to-end harness: the real Pulumi CLI (scripts/ensure-pulumi) drives inline Automation API programs
// against an in-process proton-local, with a local file backend and passphrase secrets. The provider
// process the CLI starts loads the compiled provider (`pulumi-proton/runtime` -> dist/) from the repo root.

const execFileAsync = promisify(execFile);

export const REPO_ROOT = resolve(__dirname, "..", "..");
export { BUCKET, BUNDLE_ROOT, ENV_BUNDLE_DIR, ROLE_ARN, WEB_BUNDLE_DIR };
export const PROJECT = "proton-e2e";
/** Every pulumi-proton resource's type token starts with this. */
export const TYPE_PREFIX = "pulumi-nodejs:dynamic/proton:";

/** Fails with a clear message when the compiled provider (what the CLI's provider process loads) is missing or stale. */
export function assertBuilt(): void {
  const runtime = join(REPO_ROOT, "dist", "provider", "runtime.js");
  if (!existsSync(runtime))
    throw new Error(
      `${runtime} is missing: run \`npm run build\` before the e2e tests (the Pulumi CLI runs the compiled provider).`,
    );
  const built = statSync(runtime).mtimeMs;
  const newest = (dir: string): { file: string; mtime: number } =>
    readdirSync(dir, { withFileTypes: true }).reduce(
      (best, entry) => {
        const path = join(dir, entry.name);
        const candidate = entry.isDirectory()
          ? newest(path)
          : entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")
            ? { file: path, mtime: statSync(path).mtimeMs }
            : best;
        return candidate.mtime > best.mtime ? candidate : best;
      },
      { file: "", mtime: 0 },
    );
  for (const source of ["provider", "common"].map((d) => newest(join(REPO_ROOT, d))))
    if (source.mtime > built + 1000)
      throw new Error(`dist/ is older than ${source.file}: run \`npm run build\` before the e2e tests.`);
}

let installRoot: string | undefined;

/**
 * The Pulumi CLI install root (the folder holding bin/pulumi and the plugin launchers), found once per test
 * file, which then prints the CLI, language host and Node.js its runs use.
 */
export function pulumiRoot(): string {
  if (installRoot === undefined) {
    const out = execFileSync(join(REPO_ROOT, "scripts", "ensure-pulumi"), {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    const binDir = out.trim().split("\n").pop() ?? "";
    if (!existsSync(join(binDir, "pulumi")))
      throw new Error(`scripts/ensure-pulumi printed '${binDir}', which holds no pulumi`);
    process.stderr.write(`${toolchain(binDir)}\n`);
    installRoot = dirname(binDir);
  }
  return installRoot;
}

/**
 * What the CLI in `binDir` runs programs with. Runs put `binDir` first on PATH, and the CLI takes the first
 * `pulumi-language-nodejs` on PATH (an installed upstream host when `binDir` is an installed CLI's).
 */
export function toolchain(binDir: string): string {
  const version = (file: string, ...args: string[]) =>
    execFileSync(file, args, { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } })
      .trim()
      .split("\n")[0];
  // Hosts older than the -version flag exit with their usage instead.
  const hostVersion = (file: string) => {
    try {
      return version(file, "-version");
    } catch {
      return "(version not reported)";
    }
  };
  const host = [binDir, ...(process.env.PATH ?? "").split(delimiter)]
    .map((dir) => join(dir, "pulumi-language-nodejs"))
    .find((file) => existsSync(file));
  const hostText =
    host === undefined
      ? "none found (project-directory runs fail)"
      : existsSync(join(dirname(host), "pulumi-language-nodejs-host.js"))
        ? `the substitute from tools/language-host (${host})`
        : `pulumi-language-nodejs ${hostVersion(host)} (${host})`;
  return [
    `e2e: Pulumi CLI ${version(join(binDir, "pulumi"), "version")} (${join(binDir, "pulumi")})`,
    `language host: ${hostText}`,
    `Node.js ${process.version} (${process.execPath})`,
  ].join("; ");
}

/** Everything one run (up, preview, refresh, destroy) reported. */
export interface Run {
  events: EngineEvent[];
  stdout: string;
}

export function recorder() {
  const run: Run = { events: [], stdout: "" };
  return {
    run,
    onEvent: (e: EngineEvent) => run.events.push(e),
    onOutput: (s: string) => (run.stdout += s),
  };
}

/** The Automation API takes a program that returns a promise; a throw in it becomes a rejection. */
const asPulumiFn =
  (program: StackProgram): PulumiFn =>
  () =>
    Promise.resolve().then(program);

/** The parts of a `pulumi stack export` deployment the tests read. */
export interface ExportedDeployment<R extends { type: string } = { urn: string; type: string }> {
  manifest?: Record<string, unknown>;
  resources?: R[];
  pending_operations?: { type: string }[];
}

/** The deployment in the text `pulumi stack export` printed. */
export const deploymentOf = <R extends { type: string } = { urn: string; type: string }>(exported: string) =>
  (JSON.parse(exported) as { deployment: ExportedDeployment<R> }).deployment;

/** The pulumi-proton resources among a state's resources. */
export const protonResources = <T extends { type: string }>(resources: T[] = []): T[] =>
  resources.filter((r) => r.type.startsWith(TYPE_PREFIX));

/** The logical name at the end of a URN. */
export const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

/** Step metadata of the pulumi-proton resources, in event order. */
export function steps(run: Run, kind: "pre" | "outputs" = "pre"): StepEventMetadata[] {
  return run.events
    .map((e) => (kind === "pre" ? e.resourcePreEvent : e.resOutputsEvent)?.metadata)
    .filter((m): m is StepEventMetadata => !!m && m.type.startsWith(TYPE_PREFIX));
}

/**
 * The top-level properties that differ between two property bags (`__provider` aside). The dynamic-provider
 * host never forwards `diffs`/`detailedDiff` to the engine (it sends only changes, replaces and
 * deleteBeforeReplace), so the step events carry none; their old and new inputs/outputs say what changed.
 */
export function changedKeys(
  olds: Record<string, unknown> = {},
  news: Record<string, unknown> = {},
): string[] {
  return [...new Set([...Object.keys(olds), ...Object.keys(news)])]
    .filter((k) => k !== "__provider" && JSON.stringify(olds[k]) !== JSON.stringify(news[k]))
    .sort();
}

/** Logical name -> ops of its steps (a replacement has several), from the resource pre-events. */
export function opsByName(run: Run): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of steps(run)) (out[nameOf(m.urn)] ??= []).push(m.op);
  return out;
}

/** Every resource of `names` had exactly the ops in `changed`, the rest "same". */
export function expectOps(run: Run, names: readonly string[], changed: Record<string, string[]>): void {
  const same = Object.fromEntries(names.map((n) => [n, ["same"]]));
  expect(opsByName(run)).toEqual({ ...same, ...changed });
}

/** The text of the diagnostics of a run that `keep` selects. */
export const diagnosticText = (run: Run, keep: (d: DiagnosticEvent) => boolean) =>
  run.events
    .map((e) => e.diagnosticEvent)
    .filter((d): d is DiagnosticEvent => !!d && keep(d))
    .map((d) => d.message)
    .join("");

/** Diagnostics (provider progress lines, errors) as text, all or of one severity. */
export const diagnostics = (run: Run, severity?: string) =>
  diagnosticText(run, (d) => !severity || d.severity === severity);

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The keys proton-local accepts unless a test gives others. */
export const TEST_CREDENTIALS: Credentials = { accessKeyId: "test", secretAccessKey: "test" };

/** Nothing for the default credential chain to find: no keys, no shared files, no instance metadata. */
const NO_CREDENTIALS: Record<string, string> = {
  AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
  AWS_CONFIG_FILE: "/nonexistent/config",
  AWS_EC2_METADATA_DISABLED: "true",
};

/**
 * What a CLI run needs to reach proton-local at `endpoint` with a file backend in `stateDir`: passphrase
 * secrets, no update checks, the given keys, and fast polling (proton-local's durations are short).
 */
export function engineEnv(endpoint: string, stateDir: string, credentials = TEST_CREDENTIALS) {
  return {
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: "test",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "1",
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_PROTON: endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    PULUMI_PROTON_POLL_MIN_SECONDS: "0.02",
    PULUMI_PROTON_POLL_MAX_SECONDS: "0.1",
  };
}

export interface StateResource {
  urn: string;
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  initErrors?: string[];
}

export interface StateExport {
  version: number;
  deployment: { resources?: StateResource[]; secrets_providers?: unknown };
}

export interface E2E {
  local: ProtonLocal;
  control: ProtonLocalControl;
  client: ProtonClient;
  stack: Stack;
  stateDir: string;
  /** The workspace folder (Pulumi.yaml, Pulumi.<stack>.yaml). */
  workDir: string;
  /** Calls proton-local answered since the last mark(). */
  callsSinceMark(): Promise<CallRecord[]>;
  mark(): Promise<void>;
  /** Keys the provider process uses from the next CLI run on; "none" leaves it no source of credentials. */
  useCredentials(credentials: Credentials | "none"): void;
  /** `pulumi stack export`, with or without --show-secrets, parsed. */
  exportState(showSecrets: boolean): Promise<StateExport>;
  close(): Promise<void>;
}

export interface E2EOptions {
  /** proton-local's registration, deployment, deletion and cancellation time (default 50 ms). */
  durationMs?: number;
  /** The only keys proton-local accepts; the provider process signs with them (default test/test). */
  credentials?: Credentials;
  /** proton-local's --bundle-root (default the fixture bundles). */
  bundleRoot?: string;
}

// The in-process SDK clients (tests, proton-local's own) should not warn about the Node version either.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

let cliRoot: string | undefined;

/** What every startE2E of a test file needs, done once: a fresh build, isolated engine connections, the CLI. */
function prepareOnce(): string {
  if (cliRoot === undefined) {
    assertBuilt();
    // Many CLI runs in one process: each must reach its own engine (see grpc-isolation.ts).
    isolateEngineConnections();
    cliRoot = pulumiRoot();
  }
  return cliRoot;
}

/** Starts proton-local and creates a stack (file backend in a temp dir) that runs `program`. */
/** A test's Pulumi program: declares resources and returns the stack outputs, if any. */
export type StackProgram = () => Record<string, unknown> | void;

export async function startE2E(
  stackName: string,
  program: StackProgram,
  options: E2EOptions = {},
): Promise<E2E> {
  const root = prepareOnce();
  const durationMs = options.durationMs ?? 50;
  const credentials = options.credentials ?? TEST_CREDENTIALS;
  const local = await startProtonLocal({
    bundleRoot: options.bundleRoot ?? BUNDLE_ROOT,
    credentials: [credentials],
    durations: {
      registrationMs: durationMs,
      deploymentMs: durationMs,
      deletionMs: durationMs,
      cancellationMs: durationMs,
    },
  });
  const tmp = mkdtempSync(join(tmpdir(), "pulumi-proton-e2e-"));
  const stateDir = join(tmp, "state");
  const workDir = join(tmp, "work");
  const pulumiHome = join(tmp, "home");
  for (const d of [stateDir, workDir, pulumiHome]) mkdirSync(d);
  const backend = `file://${stateDir}`;
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, projectName: PROJECT, program: asPulumiFn(program) },
    {
      workDir,
      pulumiHome,
      pulumiCommand: await PulumiCommand.get({ root }),
      envVars: engineEnv(local.endpoint, stateDir, credentials),
      secretsProvider: "passphrase",
      // The provider process runs in `main`: the repo root, whose node_modules resolve @pulumi/pulumi
      // and pulumi-proton (a symlink to this repo, so `pulumi-proton/runtime` is dist/provider/runtime.js).
      projectSettings: { name: PROJECT, runtime: "nodejs", main: REPO_ROOT, backend: { url: backend } },
    },
  );
  await stack.setConfig("aws:region", { value: "us-east-1" });
  const workspace = stack.workspace as LocalWorkspace;
  const control = new ProtonLocalControl(local.endpoint);
  const client = new ProtonClient({ region: "us-east-1", endpoint: local.endpoint, credentials });
  let since = 0;
  return {
    local,
    control,
    client,
    stack,
    stateDir,
    workDir,
    async callsSinceMark() {
      return (await control.calls({ since })).calls;
    },
    async mark() {
      since = (await control.calls()).lastSeq;
    },
    useCredentials(next) {
      const env = workspace.envVars;
      for (const key of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", ...Object.keys(NO_CREDENTIALS)])
        delete env[key];
      if (next === "none") Object.assign(env, NO_CREDENTIALS);
      else
        Object.assign(env, {
          AWS_ACCESS_KEY_ID: next.accessKeyId,
          AWS_SECRET_ACCESS_KEY: next.secretAccessKey,
        });
    },
    async exportState(showSecrets) {
      const args = ["stack", "export", "--stack", stackName, ...(showSecrets ? ["--show-secrets"] : [])];
      const { stdout } = await execFileAsync(join(root, "bin", "pulumi"), args, {
        cwd: workDir,
        env: { ...process.env, PULUMI_HOME: pulumiHome, ...workspace.envVars },
        maxBuffer: 64 * 1024 * 1024,
      });
      return JSON.parse(stdout) as StateExport;
    },
    async close() {
      client.destroy();
      await local.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** stateCounts of an empty proton-local. */
export const NO_RESOURCES = {
  templates: 0,
  versions: 0,
  environments: 0,
  services: 0,
  instances: 0,
  connections: 0,
  components: 0,
  repositories: 0,
  templateSyncConfigs: 0,
  serviceSyncConfigs: 0,
  accountSettings: 0,
};

/** Number of records per proton-local state collection (the resources, not bookkeeping). */
export const stateCounts = async (control: ProtonLocalControl) => countsOf(await inventory(control));

/** The number of records in each collection of an inventory. */
export const countsOf = (held: Awaited<ReturnType<typeof inventory>>) => ({
  templates: held.templates.length,
  versions: held.versions.length,
  environments: held.environments.length,
  services: held.services.length,
  instances: held.instances.length,
  connections: held.connections.length,
  components: held.components.length,
  repositories: held.repositories.length,
  templateSyncConfigs: held.templateSyncConfigs.length,
  serviceSyncConfigs: held.serviceSyncConfigs.length,
  accountSettings: held.accountSettings.length,
});

/**
 * What proton-local holds, as sorted names per collection with the statuses that matter: equal
 * inventories mean the same resources, none twice, none left over.
 */
export async function inventory(control: ProtonLocalControl) {
  const { state } = await control.state();
  const sorted = <T>(items: Record<string, T>, show: (item: T) => string) =>
    Object.values(items).map(show).sort();
  return {
    templates: Object.keys(state.templates).sort(),
    versions: sorted(state.versions, (v) => `${v.templateName}:${v.major}.${v.minor} ${v.status}`),
    environments: sorted(state.environments, (env) => `${env.name} ${env.deploymentStatus}`),
    services: sorted(
      state.services,
      (s) => `${s.name} ${s.status} pipeline ${s.pipeline?.deploymentStatus ?? "none"}`,
    ),
    instances: sorted(state.instances, (i) => `${i.serviceName}/${i.name} ${i.deploymentStatus}`),
    connections: sorted(state.connections, (c) => `${c.environmentName} ${c.status}`),
    components: sorted(
      state.components,
      (c) =>
        `${c.serviceName ? `${c.serviceName}/${c.serviceInstanceName}` : c.environmentName}/${c.name} ${c.deploymentStatus}`,
    ),
    repositories: sorted(state.repositories, (r) => `${r.provider}:${r.name}`),
    templateSyncConfigs: sorted(
      state.templateSyncConfigs,
      (c) => `${c.templateType}/${c.templateName} ${c.repositoryName}@${c.branch}`,
    ),
    serviceSyncConfigs: sorted(
      state.serviceSyncConfigs,
      (c) => `${c.serviceName} ${c.repositoryName}@${c.branch}`,
    ),
    // The settings that are set, one entry each (a repository as provider:name@branch).
    accountSettings: Object.entries(state.accountSettings)
      .map(([key, value]) =>
        typeof value === "string"
          ? `${key} ${value}`
          : `${key} ${value.provider}:${value.name}@${value.branch}`,
      )
      .sort(),
  };
}

export const envSpec = (cidr: string, flowLogs = true) =>
  `proton: EnvironmentSpec\nspec:\n  cidr: ${cidr}\n  flow_logs: ${flowLogs}\n`;

export const serviceSpec = (devEnv: string, prodEnv: string) =>
  [
    "proton: ServiceSpec",
    "pipeline:",
    "  build_cmd: make image",
    "instances:",
    "  - name: web-dev",
    `    environment: ${devEnv}`,
    "    spec:",
    "      port: 8080",
    "  - name: web-prod",
    `    environment: ${prodEnv}`,
    "    spec:",
    "      port: 8080",
    "      size: large",
    "",
  ].join("\n");

/** What the tests vary in the reference stack; the program reads it on every run. */
export interface PlatformModel {
  devSpec: string;
  prodSpec: string;
  serviceName: string;
}

export const MANAGEMENT_ACCOUNT = "111122223333";

/**
 * The reference stack: all seven resource types wired by outputs. Versions depend on their templates, the
 * environments on the published environment version (major version and schema), the service on both
 * environments (its spec names them) and the service version, and `prod` is provisioned through an
 * accepted environment account connection instead of a service role.
 */
export function platformProgram(model: PlatformModel): StackProgram {
  return () => {
    const envTemplate = new proton.EnvironmentTemplate("env-template", {
      name: "vpc",
      displayName: "Shared VPC",
    });
    const envVersion = new proton.EnvironmentTemplateVersion("env-template-v1", {
      templateName: envTemplate.name,
      source: { s3: { bucket: BUCKET, key: "env-vpc/v1" } },
      bundleDir: ENV_BUNDLE_DIR,
      description: "VPC v1",
    });
    const svcTemplate = new proton.ServiceTemplate("svc-template", {
      name: "web",
      displayName: "Web service",
    });
    const svcVersion = new proton.ServiceTemplateVersion("svc-template-v1", {
      templateName: svcTemplate.name,
      source: { s3: { bucket: BUCKET, key: "svc-web/v1" } },
      bundleDir: WEB_BUNDLE_DIR,
      compatibleEnvironmentTemplates: [
        { templateName: envTemplate.name, majorVersion: envVersion.majorVersion },
      ],
    });
    const connection = new proton.EnvironmentAccountConnection("prod-connection", {
      managementAccountId: MANAGEMENT_ACCOUNT,
      environmentName: "prod",
      roleArn: ROLE_ARN,
      accept: true,
    });
    const dev = new proton.Environment("dev", {
      name: "dev",
      templateName: envTemplate.name,
      templateMajorVersion: envVersion.majorVersion,
      templateSchema: envVersion.schema,
      spec: model.devSpec,
      protonServiceRoleArn: ROLE_ARN,
    });
    const prod = new proton.Environment("prod", {
      name: connection.environmentName,
      templateName: envTemplate.name,
      templateMajorVersion: envVersion.majorVersion,
      templateSchema: envVersion.schema,
      spec: model.prodSpec,
      environmentAccountConnectionId: connection.connectionId,
    });
    const service = new proton.Service("web", {
      name: model.serviceName,
      templateName: svcTemplate.name,
      templateMajorVersion: svcVersion.majorVersion,
      templateSchema: svcVersion.schema,
      spec: pulumi.all([dev.name, prod.name]).apply(([d, p]) => serviceSpec(d, p)),
    });
    return { service: service.name, instances: service.instances, prodAccount: prod.environmentAccountId };
  };
}
