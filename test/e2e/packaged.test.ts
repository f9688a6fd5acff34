import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProtonLocalControl, startProtonLocal, type ProtonLocal } from "../../emulator";
import { cliEnv, ok } from "./cli";
import {
  assertBuilt,
  deploymentOf,
  protonResources,
  pulumiRoot,
  NO_RESOURCES,
  REPO_ROOT,
  stateCounts,
} from "./harness";

// As a user would: `npm pack` this package, install the tarball into a copy of the TypeScript project in
// examples/packaged-project, and run the real `pulumi` CLI there (up, preview --diff, export, destroy)
// against proton-local. This is the only test that sees the package the way npm publishes it.

const PROJECT_SRC = join(REPO_ROOT, "examples", "packaged-project");
const BUNDLES = join(REPO_ROOT, "examples", "bundles");

let local: ProtonLocal;
let control: ProtonLocalControl;
let tmp: string;
let project: string;
let env: NodeJS.ProcessEnv;
const pulumi = (...args: string[]) => ok("pulumi", [...args, "--non-interactive"], project, env);

beforeAll(async () => {
  assertBuilt();
  const bin = join(pulumiRoot(), "bin");
  tmp = mkdtempSync(join(tmpdir(), "pulumi-proton-packaged-"));
  project = join(tmp, "project");
  cpSync(PROJECT_SRC, project, {
    recursive: true,
    filter: (src) => !/node_modules|package-lock\.json|[/\\]bin$/.test(src),
  });
  local = await startProtonLocal({
    bundleRoot: BUNDLES,
    durations: { registrationMs: 50, deploymentMs: 50, deletionMs: 50, cancellationMs: 50 },
  });
  control = new ProtonLocalControl(local.endpoint);
  env = cliEnv(bin, local.endpoint, join(tmp, "state"), join(tmp, "home"));

  const npmEnv = { ...process.env, npm_config_update_notifier: "false" };
  await ok("npm", ["pack", "--pack-destination", tmp, "--silent"], REPO_ROOT, npmEnv);
  const tarball = readdirSync(tmp).find((f) => /^pulumi-proton-.*\.tgz$/.test(f));
  if (!tarball) throw new Error(`npm pack wrote no pulumi-proton-*.tgz into ${tmp}`);
  await ok(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", join(tmp, tarball)],
    project,
    npmEnv,
  );
  mkdirSync(join(tmp, "state"));
  await pulumi("stack", "init", "dev");
  await pulumi("config", "set", "bundles", join(BUNDLES, "proton-bundles"));
}, 600_000);

afterAll(async () => {
  await local?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test("the installed tarball holds the compiled provider and nothing of the repo's tests", () => {
  const installed = join(project, "node_modules", "pulumi-proton");
  const top = readdirSync(installed).sort();
  expect(top).toEqual(expect.arrayContaining(["README.md", "bin", "dist", "package.json"]));
  expect(top).not.toContain("test");
  expect(readdirSync(join(installed, "dist")).sort()).toEqual(["common", "emulator", "provider"]);
});

test("pulumi up deploys the project, and proton-local holds exactly what it declares", async () => {
  await pulumi("up", "--yes", "--skip-preview");
  expect(await stateCounts(control)).toEqual({
    ...NO_RESOURCES,
    templates: 2,
    versions: 2,
    environments: 1,
    services: 1,
    instances: 1,
    connections: 1,
  });
  const outputs: unknown = JSON.parse(await pulumi("stack", "output", "--json"));
  expect(outputs).toEqual({
    environment: "qa",
    service: "packaged-api",
    instances: ["api-qa@qa"],
  });
}, 300_000);

test("the serialized __provider in the exported state is small and differs between types only by the type name", async () => {
  const state = deploymentOf<{ type: string; outputs: { __provider: string } }>(
    await pulumi("stack", "export", "--show-secrets"),
  );
  const dynamic = protonResources(state.resources);
  expect(dynamic).toHaveLength(7);
  const sizes = dynamic.map((r) => r.outputs.__provider.length);
  expect(Math.max(...sizes)).toBeLessThan(2048);
  const shapes = new Set(
    dynamic.map((r) => r.outputs.__provider.replace(`"${r.type.split(":").pop()}"`, '"<type>"')),
  );
  expect(shapes.size).toBe(1);
  const [provider] = [...shapes];
  expect(provider).toContain('require("pulumi-proton/runtime")');
  // Nothing of the environment the program ran in is captured: no credentials, no endpoint.
  expect(provider).not.toContain(local.endpoint);
  expect(provider).not.toMatch(/AWS_SECRET|secretAccessKey/);
  console.log(`__provider sizes in the exported state: ${Math.min(...sizes)}..${Math.max(...sizes)} bytes`);
}, 120_000);

test("pulumi preview --diff shows a changed spec value as an update of the service, and no other change", async () => {
  await pulumi("config", "set", "port", "9090");
  const before = (await control.calls()).lastSeq;
  const out = await pulumi("preview", "--diff");
  expect(out).toMatch(/~ pulumi-nodejs:dynamic\/proton:Service: \(update\)/);
  expect(out).toContain("[urn=urn:pulumi:dev::proton-packaged::pulumi-nodejs:dynamic/proton:Service::api]");
  // The engine renders the YAML spec as a structure and shows only the value that changed.
  expect(out).toMatch(/~ spec\s+: \(yaml\)/);
  expect(out).toMatch(/~ port: 8080 => 9090/);
  expect(out).toMatch(/~ 1 to update\s+7 unchanged/);
  const calls = (await control.calls({ since: before })).calls;
  expect(calls.filter((c) => c.mutating)).toEqual([]);
}, 120_000);

test("pulumi destroy removes everything, leaving proton-local empty", async () => {
  await pulumi("destroy", "--yes", "--skip-preview");
  expect(await stateCounts(control)).toEqual(NO_RESOURCES);
  expect(deploymentOf(await pulumi("stack", "export")).resources ?? []).toEqual([]);
}, 300_000);
