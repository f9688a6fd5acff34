import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { ProtonClient } from "@aws-sdk/client-proton";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { ProtonLocalControl, startProtonLocal } from "../../emulator";
import { assertBuilt, BUNDLE_ROOT, PROJECT, pulumiRoot, REPO_ROOT, type E2E } from "./harness";

const run = promisify(execFile);

// Like the harness's startE2E, but proton-local accepts only the given key pair and the CLI's provider
// process signs with it (or with other keys, to see how the provider fails on bad credentials).

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface CredentialedE2E extends E2E {
  /** The workspace folder (Pulumi.yaml, Pulumi.<stack>.yaml). */
  workDir: string;
  /** Keys the provider process uses from the next CLI run on; "none" leaves it no source of credentials. */
  useCredentials(credentials: Credentials | "none"): void;
  /** `pulumi stack export`, with or without --show-secrets, parsed. */
  exportState(showSecrets: boolean): Promise<StateExport>;
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

/** Nothing for the default credential chain to find: no keys, no shared files, no instance metadata. */
const NO_CREDENTIALS: Record<string, string> = {
  AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
  AWS_CONFIG_FILE: "/nonexistent/config",
  AWS_EC2_METADATA_DISABLED: "true",
};

export async function startCredentialedE2E(
  stackName: string,
  program: PulumiFn,
  accepted: Credentials,
  durationMs = 50,
): Promise<CredentialedE2E> {
  assertBuilt();
  const root = pulumiRoot();
  const local = await startProtonLocal({
    bundleRoot: BUNDLE_ROOT,
    credentials: [accepted],
    durations: {
      registrationMs: durationMs,
      deploymentMs: durationMs,
      deletionMs: durationMs,
      cancellationMs: durationMs,
    },
  });
  const tmp = mkdtempSync(join(tmpdir(), "pulumi-proton-creds-"));
  const stateDir = join(tmp, "state");
  const workDir = join(tmp, "work");
  const pulumiHome = join(tmp, "home");
  for (const d of [stateDir, workDir, pulumiHome]) mkdirSync(d);
  const backend = `file://${stateDir}`;
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, projectName: PROJECT, program },
    {
      workDir,
      pulumiHome,
      pulumiCommand: await PulumiCommand.get({ root }),
      envVars: {
        PULUMI_BACKEND_URL: backend,
        PULUMI_CONFIG_PASSPHRASE: "test",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "1",
        AWS_ACCESS_KEY_ID: accepted.accessKeyId,
        AWS_SECRET_ACCESS_KEY: accepted.secretAccessKey,
        AWS_REGION: "us-east-1",
        AWS_ENDPOINT_URL_PROTON: local.endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        PULUMI_PROTON_POLL_MIN_SECONDS: "0.02",
        PULUMI_PROTON_POLL_MAX_SECONDS: "0.1",
      },
      secretsProvider: "passphrase",
      projectSettings: { name: PROJECT, runtime: "nodejs", main: REPO_ROOT, backend: { url: backend } },
    },
  );
  await stack.setConfig("aws:region", { value: "us-east-1" });
  const workspace = stack.workspace as LocalWorkspace;
  const control = new ProtonLocalControl(local.endpoint);
  const client = new ProtonClient({ region: "us-east-1", endpoint: local.endpoint, credentials: accepted });
  let since = 0;
  return {
    local,
    control,
    client,
    stack,
    stateDir,
    workDir,
    useCredentials(credentials) {
      const env = workspace.envVars;
      for (const key of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", ...Object.keys(NO_CREDENTIALS)])
        delete env[key];
      if (credentials === "none") Object.assign(env, NO_CREDENTIALS);
      else
        Object.assign(env, {
          AWS_ACCESS_KEY_ID: credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        });
    },
    async exportState(showSecrets) {
      const args = ["stack", "export", "--stack", stackName, ...(showSecrets ? ["--show-secrets"] : [])];
      const { stdout } = await run(join(root, "bin", "pulumi"), args, {
        cwd: workDir,
        env: { ...process.env, PULUMI_HOME: pulumiHome, ...workspace.envVars },
        maxBuffer: 64 * 1024 * 1024,
      });
      return JSON.parse(stdout) as StateExport;
    },
    async callsSinceMark() {
      return (await control.calls({ since })).calls;
    },
    async mark() {
      since = (await control.calls()).lastSeq;
    },
    async close() {
      client.destroy();
      await local.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Every file under `dir` (the file backend: stacks, backups, history) with its text, gzip undone. */
export function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      const raw = readFileSync(path);
      return { path, text: (path.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8") };
    });
}
