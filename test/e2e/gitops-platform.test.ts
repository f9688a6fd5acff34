import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import {
  GetAccountSettingsCommand,
  GetComponentCommand,
  GetEnvironmentCommand,
  GetTemplateSyncConfigCommand,
  ListRepositoriesCommand,
  ProtonClient,
  UpdateEnvironmentTemplateVersionCommand,
} from "@aws-sdk/client-proton";
import { ProtonLocalControl, startProtonLocal, type ProtonLocal } from "../../emulator";
import { cliEnv, ok } from "./cli";
import {
  assertBuilt,
  deploymentOf,
  inventory,
  protonResources,
  pulumiRoot,
  REPO_ROOT,
  TEST_CREDENTIALS,
} from "./harness";
import { emptyInventory } from "./small-stack";

// examples/gitops-platform through the real Pulumi CLI on a project folder, as its README tells a user:
// `up`; a template change pushed to the linked repository (proton-local's Git side) syncs a new minor,
// which the platform team publishes and the program moves the environment to (`preview --diff` shows
// that one change); `refresh` finds nothing changed; `destroy` leaves proton-local empty.

const EXAMPLE = join(REPO_ROOT, "examples", "gitops-platform");
const REPOSITORY = { provider: "GITHUB" as const, name: "acme/proton-platform" };
const VPC_TEMPLATE = "templates/gitops-vpc/v1/infrastructure/cloudformation.yaml";

let local: ProtonLocal;
let control: ProtonLocalControl;
let client: ProtonClient;
let tmp: string;
let project: string;
let env: NodeJS.ProcessEnv;

const pulumi = (...args: string[]) => ok("pulumi", [...args, "--non-interactive"], project, env);
const mutatingSince = async (since: number) =>
  (await control.calls({ since })).calls.filter((c) => c.mutating).map((c) => c.operation);
const lastSeq = async () => (await control.calls()).lastSeq;

/** The example's repository folder as a commit's tree: path -> text. */
function repositoryTree(): Record<string, string> {
  const root = join(EXAMPLE, "repository");
  const files: Record<string, string> = {};
  const walk = (dir: string): void =>
    readdirSync(dir).forEach((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(root, path)] = readFileSync(path, "utf8");
    });
  walk(root);
  return files;
}

beforeAll(async () => {
  assertBuilt();
  const bin = join(pulumiRoot(), "bin");
  tmp = mkdtempSync(join(tmpdir(), "pulumi-proton-gitops-"));
  project = join(tmp, "project");
  mkdirSync(project);
  mkdirSync(join(tmp, "state"));
  writeFileSync(
    join(project, "Pulumi.yaml"),
    `name: gitops-platform\nruntime: nodejs\nmain: ${join(EXAMPLE, "main.js")}\n`,
  );
  local = await startProtonLocal({
    bundleRoot: join(REPO_ROOT, "examples"),
    credentials: [TEST_CREDENTIALS],
    durations: { registrationMs: 50, deploymentMs: 50, deletionMs: 50, cancellationMs: 50 },
  });
  control = new ProtonLocalControl(local.endpoint);
  client = new ProtonClient({ region: "us-east-1", endpoint: local.endpoint, credentials: TEST_CREDENTIALS });
  env = cliEnv(bin, local.endpoint, join(tmp, "state"), join(tmp, "home"));
  await pulumi("stack", "init", "gitops");
}, 600_000);

afterAll(async () => {
  client?.destroy();
  await local?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const DEPLOYED = {
  templates: ["ENVIRONMENT/gitops-vpc", "SERVICE/orders-service"],
  versions: ["gitops-vpc:1.0 PUBLISHED", "orders-service:1.0 PUBLISHED"],
  environments: ["staging SUCCEEDED"],
  services: ["orders ACTIVE pipeline SUCCEEDED"],
  instances: ["orders/orders-staging SUCCEEDED"],
  connections: [],
  components: ["orders/orders-staging/orders-queue SUCCEEDED"],
  repositories: ["GITHUB:acme/proton-platform"],
  templateSyncConfigs: ["ENVIRONMENT/gitops-vpc acme/proton-platform@main"],
  serviceSyncConfigs: ["orders acme/proton-platform@main"],
  accountSettings: ["pipelineServiceRoleArn arn:aws:iam::000000000000:role/ProtonPipelineServiceRole"],
};

test("up deploys the platform: repository link, sync configurations, account settings, environment, service, component", async () => {
  await pulumi("up", "--yes", "--skip-preview");
  expect(await inventory(control)).toEqual(DEPLOYED);
  const outputs = JSON.parse(await pulumi("stack", "output", "--json")) as Record<string, string>;
  expect(outputs).toMatchObject({
    vpcTemplateSync: "gitops-vpc follows acme/proton-platform@main",
    staging: "staging on gitops-vpc 1.0",
    serviceSync: "orders follows acme/proton-platform@main",
    pipelineRole: "arn:aws:iam::000000000000:role/ProtonPipelineServiceRole",
  });
  // The component's outputs are its rendered template's: the queue and the environment's VPC.
  expect(outputs.queueUrl).toMatch(/orders-orders-staging-orders$/);
  const { component } = await client.send(new GetComponentCommand({ name: "orders-queue" }));
  expect(component).toMatchObject({ serviceName: "orders", serviceInstanceName: "orders-staging" });
}, 600_000);

test("a pushed template change syncs a new minor; published, the environment moves to it with one diff", async () => {
  const tree = repositoryTree();
  // The platform team adds a flow log to the VPC template and pushes to main.
  tree[VPC_TEMPLATE] =
    `${tree[VPC_TEMPLATE].trimEnd()}\n  FlowLogGroup:\n    Value: "{{ environment.name }}-flow-logs"\n`;
  const pushed = await control.gitPush({
    repository: REPOSITORY,
    branch: "main",
    commitId: "a1b2c3d",
    files: tree,
  });
  expect(pushed.templateSyncs).toEqual([
    {
      templateName: "gitops-vpc",
      templateType: "ENVIRONMENT",
      majorVersion: "1",
      outcome: "VERSION_CREATED",
      version: "1.1",
    },
  ]);
  // The service's spec in the repository is the one the program deployed: service sync leaves it alone.
  expect(pushed.serviceSyncs).toEqual([
    { serviceName: "orders", serviceInstanceName: "orders-staging", outcome: "UNCHANGED" },
  ]);
  await waitFor(async () => (await inventory(control)).versions.includes("gitops-vpc:1.1 DRAFT"));

  // Synced versions are drafts: nothing in the stack changes until one is published and chosen.
  let since = await lastSeq();
  await pulumi("preview", "--expect-no-changes");
  expect(await mutatingSince(since)).toEqual([]);

  // The platform team publishes the draft (`aws proton update-environment-template-version ...`) and
  // points the program at it.
  await client.send(
    new UpdateEnvironmentTemplateVersionCommand({
      templateName: "gitops-vpc",
      majorVersion: "1",
      minorVersion: "1",
      status: "PUBLISHED",
    }),
  );
  await pulumi("config", "set", "gitops:vpcMinorVersion", "1");
  since = await lastSeq();
  const diff = await pulumi("preview", "--diff", "--color", "never");
  expect(await mutatingSince(since)).toEqual([]);
  // One resource changes, by one input, and the stack output that shows its version follows.
  const changed = diff.split("\n").filter((line) => /^\s*[~+-]/.test(line));
  expect(changed).toEqual([
    expect.stringMatching(/^\s*~ pulumi-nodejs:dynamic\/proton:Environment: \(update\)$/),
    expect.stringMatching(/^\s*\+ templateMinorVersion: "1"$/),
    expect.stringMatching(/^\s*--outputs:--$/),
    expect.stringMatching(/^\s*~ staging\s*: "staging on gitops-vpc 1.0" => "staging on gitops-vpc 1.1"$/),
    expect.stringMatching(/^\s*~ 1 to update$/),
  ]);
  expect(diff).toMatch(
    /\[urn=urn:pulumi:gitops::gitops-platform::pulumi-nodejs:dynamic\/proton:Environment::staging\]/,
  );

  await pulumi("up", "--yes", "--skip-preview");
  const { environment } = await client.send(new GetEnvironmentCommand({ name: "staging" }));
  expect(environment).toMatchObject({ templateMajorVersion: "1", templateMinorVersion: "1" });
  const rendered = await control.rendered({ environment: "staging" });
  expect(JSON.stringify(rendered)).toContain("staging-flow-logs");
  expect(JSON.parse(await pulumi("stack", "output", "staging", "--json"))).toBe("staging on gitops-vpc 1.1");
}, 600_000);

test("refresh finds nothing changed and the next preview is quiet", async () => {
  const since = await lastSeq();
  await pulumi("refresh", "--yes", "--skip-preview", "--expect-no-changes");
  await pulumi("preview", "--expect-no-changes");
  expect(await mutatingSince(since)).toEqual([]);
}, 600_000);

test("destroy leaves proton-local empty: no template, version, resource, repository link, sync configuration or account setting", async () => {
  await pulumi("destroy", "--yes", "--skip-preview");
  expect(await inventory(control)).toEqual(emptyInventory);
  expect((await client.send(new ListRepositoriesCommand({}))).repositories).toEqual([]);
  await expect(
    client.send(
      new GetTemplateSyncConfigCommand({ templateName: "gitops-vpc", templateType: "ENVIRONMENT" }),
    ),
  ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  // The account had no settings before the stack: it has none again.
  expect((await client.send(new GetAccountSettingsCommand({}))).accountSettings).toEqual({});
  expect(protonResources(deploymentOf(await pulumi("stack", "export")).resources)).toEqual([]);
}, 600_000);

async function waitFor(done: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}
